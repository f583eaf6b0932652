/**
 * CDA narrative block elements and their XHTML equivalents (HL7 CDA R2 §4.3.5, "Section
 * Narrative Block": list/item, paragraph, content, caption and linkHtml mirror ul|ol/li, p, span,
 * caption and a; tables are already XHTML). Anything else CDA allows there (footnote,
 * renderMultiMedia) becomes a span so its text survives.
 */
const CDA_TO_XHTML: Record<string, string> = {
  list: 'ul',
  item: 'li',
  paragraph: 'p',
  content: 'span',
  caption: 'caption',
  linkHtml: 'a',
  footnote: 'span',
  footnoteRef: 'span',
  renderMultiMedia: 'span',
  table: 'table',
  thead: 'thead',
  tbody: 'tbody',
  tfoot: 'tfoot',
  tr: 'tr',
  th: 'th',
  td: 'td',
  col: 'col',
  colgroup: 'colgroup',
  br: 'br',
  sub: 'sub',
  sup: 'sup',
  div: 'div',
};

/** The attributes kept: `ID` becomes `id`; `href` only on links and never a script URL. */
function attributesOf(cdaName: string, raw: string): string {
  const kept: string[] = [];
  for (const m of raw.matchAll(/([A-Za-z:]+)\s*=\s*"([^"]*)"/g)) {
    const [, name = '', value = ''] = m;
    if (name === 'ID') kept.push(`id="${value}"`);
    else if (name === 'xmlns' && cdaName === 'div') kept.push(`xmlns="${value}"`);
    else if (name === 'href' && cdaName === 'linkHtml' && /^(https?:|#)/i.test(value)) {
      kept.push(`href="${value}"`);
    }
  }
  return kept.length > 0 ? ` ${kept.join(' ')}` : '';
}

/**
 * A section's narrative as `@medplum/ccda` serialises it (CDA narrative elements inside an XHTML
 * div) turned into the XHTML a FHIR narrative allows, so the Composition passes validation.
 */
export function cdaNarrativeToXhtml(div: string): string {
  const ordered: boolean[] = [];
  return div.replace(
    /<(\/?)([A-Za-z][\w:-]*)([^>]*?)(\/?)>/g,
    (_all, close: string, name: string, attrs: string, selfClose: string) => {
      let html = CDA_TO_XHTML[name] ?? 'span';
      if (name === 'list') {
        if (close) html = ordered.pop() ? 'ol' : 'ul';
        else {
          const isOrdered = /listType\s*=\s*"ordered"/.test(attrs);
          if (!selfClose) ordered.push(isOrdered);
          html = isOrdered ? 'ol' : 'ul';
        }
      }
      return close ? `</${html}>` : `<${html}${attributesOf(name, attrs)}${selfClose}>`;
    },
  );
}
