import { describe, expect, it } from 'vitest';
import { cdaNarrativeToXhtml } from './narrative.js';

describe('CDA narrative blocks become FHIR XHTML', () => {
  it('maps lists, paragraphs and content, keeping IDs as ids', () => {
    expect(
      cdaNarrativeToXhtml(
        '<div xmlns="http://www.w3.org/1999/xhtml"><list listType="ordered"><item ID="a">One <content styleCode="Bold">x</content></item></list><paragraph>P</paragraph></div>',
      ),
    ).toBe(
      '<div xmlns="http://www.w3.org/1999/xhtml"><ol><li id="a">One <span>x</span></li></ol><p>P</p></div>',
    );
  });

  it('keeps tables, and a link only with a web or fragment URL', () => {
    expect(
      cdaNarrativeToXhtml(
        '<div><table><tbody><tr><td><linkHtml href="javascript:alert(1)">x</linkHtml><br/></td></tr></tbody></table></div>',
      ),
    ).toBe('<div><table><tbody><tr><td><a>x</a><br/></td></tr></tbody></table></div>');
  });
});
