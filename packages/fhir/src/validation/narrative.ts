import { SaxesParser } from 'saxes';

const XHTML = 'http://www.w3.org/1999/xhtml';

/**
 * The elements a narrative may use: R4's txt-1 ("only the basic html formatting elements … of the
 * HTML 4.0 standard, <a> elements, images"; https://hl7.org/fhir/R4/narrative.html#xhtml), as the
 * reference validator lists them (org.hl7.fhir.validation InstanceValidator).
 */
const ALLOWED_ELEMENTS = new Set([
  'p', 'br', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'span', 'b', 'em', 'i', 'strong',
  'small', 'big', 'tt', 'dfn', 'q', 'var', 'abbr', 'acronym', 'cite', 'blockquote', 'hr',
  'address', 'bdo', 'kbd', 'sub', 'sup', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'pre', 'table',
  'caption', 'colgroup', 'col', 'thead', 'tr', 'tfoot', 'tbody', 'th', 'td', 'code', 'samp', 'img',
  'map', 'area',
]); // prettier-ignore

/** URL schemes that run code or smuggle a document when a browser follows them. */
const SCRIPT_URL = /^\s*(javascript|vbscript|data)\s*:/i;
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite', 'longdesc', 'usemap']);

/**
 * Why `div` is not a narrative FHIR allows, or undefined when it is. R4 narrative rules
 * (https://hl7.org/fhir/R4/narrative.html#xhtml): well-formed XHTML whose root is a `div` in the
 * XHTML namespace (txt-3 of the R4 XML schema), only the basic formatting elements (txt-1), no
 * scripts, forms, frames, objects or event attributes, and some non-whitespace content or an
 * image (txt-2).
 */
export function narrativeProblem(div: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true, position: false });
  let depth = 0;
  let rootSeen = false;
  let content = false;
  let problem: string | undefined;
  const fail = (why: string): void => {
    problem ??= why;
  };
  parser.on('opentag', (tag) => {
    if (depth === 0) {
      if (rootSeen) fail('a narrative has a single root div');
      rootSeen = true;
      if (tag.local !== 'div' || tag.uri !== XHTML)
        fail('the narrative root must be a div in the XHTML namespace');
    }
    depth++;
    // Inner elements are judged by name only: published eCQM Libraries carry `<table xmlns="null">`
    // inside their XHTML narrative, and browsers render by name.
    if (!ALLOWED_ELEMENTS.has(tag.local))
      fail(`element <${tag.local}> is not allowed in a narrative`);
    if (tag.local === 'img') content = true;
    for (const attribute of Object.values(tag.attributes)) {
      const name = attribute.local.toLowerCase();
      if (attribute.prefix === 'xmlns' || attribute.name === 'xmlns') continue;
      if (name.startsWith('on')) fail(`event attribute ${attribute.name} is not allowed`);
      if (URL_ATTRIBUTES.has(name) && SCRIPT_URL.test(attribute.value))
        fail(`attribute ${attribute.name} holds a script or data URL`);
    }
  });
  parser.on('closetag', () => {
    depth--;
  });
  parser.on('text', (text) => {
    if (depth === 0 && text.trim() !== '') fail('text outside the root div');
    if (text.trim() !== '') content = true;
  });
  parser.on('cdata', () => {
    content = true;
  });
  try {
    parser.write(div).close();
  } catch (err) {
    return `not well-formed XHTML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
  if (!rootSeen) return 'the narrative root must be a div in the XHTML namespace';
  return problem ?? (content ? undefined : 'the narrative has no content (txt-2)');
}
