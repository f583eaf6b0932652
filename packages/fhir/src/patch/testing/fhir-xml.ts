import { tryGetDataType, type InternalSchemaElement } from '@medplum/core';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { loadFhirDefinitions } from '../../definitions.js';

/** A parsed XML element: its name, attributes, children, and the raw markup (for xhtml). */
interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  markup: string;
}

const XHTML = 'http://www.w3.org/1999/xhtml';
const NUMERIC = new Set(['integer', 'positiveInt', 'unsignedInt', 'decimal']);

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Parses XML into a tree; a `div` in the xhtml namespace keeps its markup as a string. */
function parseXml(xml: string): XmlNode[] {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const roots: XmlNode[] = [];
  const stack: XmlNode[] = [];
  let xhtmlDepth = 0; // > 0 inside an xhtml div, whose markup is collected, not parsed
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attrs: Record<string, string> = {};
    for (const [name, a] of Object.entries(tag.attributes)) {
      if (!name.startsWith('xmlns')) attrs[name] = a.value;
    }
    if (xhtmlDepth > 0 || tag.uri === XHTML) {
      const top = stack[stack.length - 1]!;
      const attrText = Object.entries(attrs)
        .map(([k, v]) => ` ${k}="${escapeText(v)}"`)
        .join('');
      if (xhtmlDepth === 0) {
        const node: XmlNode = { name: tag.local, attrs, children: [], markup: '' };
        top.children.push(node);
        stack.push(node);
        node.markup = `<div xmlns="${XHTML}"${attrText}>`;
      } else {
        stack[stack.length - 1]!.markup += `<${tag.local}${attrText}>`;
      }
      xhtmlDepth++;
      return;
    }
    const node: XmlNode = { name: tag.local, attrs, children: [], markup: '' };
    (stack.length > 0 ? stack[stack.length - 1]!.children : roots).push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    if (xhtmlDepth > 0) stack[stack.length - 1]!.markup += escapeText(text);
  });
  parser.on('closetag', (tag) => {
    if (xhtmlDepth > 0) {
      xhtmlDepth--;
      stack[stack.length - 1]!.markup += `</${tag.local}>`;
      if (xhtmlDepth > 0) return;
    }
    stack.pop();
  });
  parser.write(xml).close();
  return roots;
}

function typeName(element: InternalSchemaElement, code: string): string {
  // Backbone elements are indexed under their path's names joined (Patient.contact → PatientContact).
  return code === 'BackboneElement' || code === 'Element'
    ? element.path
        .split('.')
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
        .join('')
    : code;
}

function primitive(value: string, type: string): unknown {
  if (type === 'boolean') return value === 'true';
  if (NUMERIC.has(type)) return Number(value);
  return value;
}

/** The element definition and FHIR type of child `name` of a `parentType` element. */
function lookup(
  parentType: string,
  name: string,
): { element?: InternalSchemaElement; type: string } {
  const elements = tryGetDataType(parentType)?.elements ?? {};
  const direct = elements[name];
  if (direct) return { element: direct, type: typeName(direct, direct.type[0]?.code ?? 'string') };
  for (const [key, element] of Object.entries(elements)) {
    if (!key.endsWith('[x]')) continue;
    const base = key.slice(0, -3);
    if (!name.startsWith(base)) continue;
    const suffix = name.slice(base.length);
    const found = element.type.find((t) => t.code.toLowerCase() === suffix.toLowerCase());
    if (found) return { element, type: found.code };
  }
  return { type: 'string' };
}

function convert(node: XmlNode, type: string): unknown {
  const object: Record<string, unknown> = {};
  if (node.attrs['id'] !== undefined) object['id'] = node.attrs['id'];
  if (node.attrs['url'] !== undefined) object['url'] = node.attrs['url'];
  for (const child of node.children) {
    if (child.markup) {
      object['div'] = child.markup;
      continue;
    }
    const { element, type: childType } = lookup(type, child.name);
    let value: unknown;
    if (childType === 'Resource' || (element && child.name === 'resource')) {
      const inner = child.children[0];
      value = inner ? { resourceType: inner.name, ...(convert(inner, inner.name) as object) } : {};
    } else if (child.attrs['value'] !== undefined && child.children.length === 0) {
      value = primitive(child.attrs['value'], childType);
    } else {
      value = convert(child, childType);
    }
    if (element?.isArray) {
      const list = (object[child.name] as unknown[] | undefined) ?? [];
      list.push(value);
      object[child.name] = list;
    } else {
      object[child.name] = value;
    }
  }
  return object;
}

/**
 * Reads a FHIR resource in XML (FHIR R4 §2.6) into its JSON form using the loaded
 * StructureDefinitions for cardinality and primitive types. Enough for test fixtures published as
 * XML (no primitive extensions); not a general XML format implementation.
 */
export function resourceFromXml(node: { xml: string } | XmlNode): Record<string, unknown> {
  loadFhirDefinitions();
  const root = 'xml' in node ? parseXml(node.xml)[0] : node;
  if (!root) throw new Error('no root element');
  return { resourceType: root.name, ...(convert(root, root.name) as object) };
}

/** Parses an XML document into elements, for fixtures that wrap resources in their own elements. */
export function readXmlTree(xml: string): XmlNode[] {
  return parseXml(xml);
}

export type { XmlNode };
