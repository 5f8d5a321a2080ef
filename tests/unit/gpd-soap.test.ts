import { DOMParser } from '@xmldom/xmldom';
import { PA_FOR_NODE_NS, paSendRTV2Response } from '@/lib/partners/gpd/soap';

function parse(xml: string) {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(String(message))) }).parseFromString(
    xml,
    'text/xml',
  );
  expect(errors).toEqual([]);
  return doc;
}

describe('paSendRTV2Response', () => {
  it('answers OK in the paForNode namespace', () => {
    const doc = parse(paSendRTV2Response());
    const response = doc.getElementsByTagNameNS(PA_FOR_NODE_NS, 'paSendRTV2Response')[0]!;
    expect(response.getElementsByTagName('outcome')[0]!.textContent).toBe('OK');
    expect(response.getElementsByTagName('fault')).toHaveLength(0);
  });

  it('answers KO with a fault whose text, whatever the sender put in it, stays well-formed XML', () => {
    const hostile = `</description><script>alert("x")</script>&amp; ' ]]>`;
    const doc = parse(paSendRTV2Response({ code: 'PAA_SINTASSI_XSD', description: hostile, id: '<idPA>' }));
    expect(doc.getElementsByTagName('outcome')[0]!.textContent).toBe('KO');
    expect(doc.getElementsByTagName('faultCode')[0]!.textContent).toBe('PAA_SINTASSI_XSD');
    expect(doc.getElementsByTagName('faultString')[0]!.textContent).toBe('Errore di sintassi XSD');
    expect(doc.getElementsByTagName('description')[0]!.textContent).toBe(hostile);
    expect(doc.getElementsByTagName('id')[0]!.textContent).toBe('<idPA>');
  });

  it('caps the description', () => {
    const doc = parse(paSendRTV2Response({ code: 'PAA_SYSTEM_ERROR', description: 'x'.repeat(5_000) }));
    expect(doc.getElementsByTagName('description')[0]!.textContent).toHaveLength(500);
    expect(doc.getElementsByTagName('id')[0]!.textContent).toBe('sconosciuto');
  });
});
