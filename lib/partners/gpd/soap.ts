/*
 * The paSendRTV2 answer (paForNode.xsd, reference partners.md §2.2): outcome OK, or KO with a fault whose
 * code is one of pagoPA's EC fault codes.
 */

export const PA_FOR_NODE_NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';

export type PaFaultCode = 'PAA_SINTASSI_XSD' | 'PAA_ID_DOMINIO_ERRATO' | 'PAA_SYSTEM_ERROR';

const FAULT_STRINGS: Record<PaFaultCode, string> = {
  PAA_SINTASSI_XSD: 'Errore di sintassi XSD',
  PAA_ID_DOMINIO_ERRATO: 'Identificativo dominio errato',
  PAA_SYSTEM_ERROR: 'Errore di sistema',
};

const escapeXml = (value: string) =>
  value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

export interface PaFault {
  code: PaFaultCode;
  description: string;
  /** The EC the request named (idPA), when it could be read. */
  id?: string;
}

export function paSendRTV2Response(fault?: PaFault): string {
  const body = fault
    ? `<outcome>KO</outcome><fault><faultCode>${fault.code}</faultCode><faultString>${FAULT_STRINGS[fault.code]}</faultString>` +
      `<id>${escapeXml(fault.id ?? 'sconosciuto')}</id><description>${escapeXml(fault.description.slice(0, 500))}</description></fault>`
    : '<outcome>OK</outcome>';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:paf="${PA_FOR_NODE_NS}">` +
    `<soapenv:Body><paf:paSendRTV2Response>${body}</paf:paSendRTV2Response></soapenv:Body></soapenv:Envelope>`
  );
}
