import type { VersamentoComponent, VersamentoPackage } from '../conservatore';
import { allegato5Element } from '../metadata';
import { bool, el, serializeXml, type XmlElement } from '../xml-builder';
import type { ParerSettings } from './settings';

/*
 * The SIP (indice di versamento) of one receipt for SacER VersamentoSync: `UnitaDocumentaria` as in the
 * reference's skeleton (conservazione.md §4, from parer-sacer-xml WSRequestVersamento.xsd, no namespace),
 * the RT as DocumentoPrincipale and the PDF as the one Allegato, the Allegato 5 block in ProfiloNormativo.
 * sip.xsd beside this file is our reading of that subset; a test validates every SIP against it.
 */

/** The VersamentoSync version we speak: ProfiloNormativo needs ≥ 1.5 (Costanti.java). */
export const SACER_VERSIONE = '1.5';

function componente(c: VersamentoComponent): XmlElement {
  return el('StrutturaOriginale', [
    el(
      'Componenti',
      el('Componente', [
        el('ID', c.id),
        el('OrdinePresentazione', 1),
        // «Contenuto»: the value the Bologna client uses (reference); SacER's component types are configured by ParER.
        el('TipoComponente', 'Contenuto'),
        el('TipoSupportoComponente', 'FILE'),
        el('NomeComponente', c.fileName),
        // Hex: SacER accepts hex or base64 (HASH-002-001) and recomputes it (HASH-004-001).
        el('HashVersato', c.sha256),
      ]),
    ),
  ]);
}

/** The SIP as XML text. `registro` is the key's TipoRegistro (SacER files every unit under a registro). */
export function buildSip(pkg: VersamentoPackage, settings: ParerSettings, registro: string): string {
  return serializeXml(
    el('UnitaDocumentaria', [
      el('Intestazione', [
        el('Versione', SACER_VERSIONE),
        el('Versatore', [
          el('Ambiente', settings.ambiente),
          el('Ente', settings.ente),
          el('Struttura', settings.struttura),
          el('UserID', settings.userId),
        ]),
        el('Chiave', [el('Numero', pkg.key.numero), el('Anno', pkg.key.anno), el('TipoRegistro', registro)]),
        el('TipologiaUnitaDocumentaria', settings.tipologiaUnitaDocumentaria),
      ]),
      // Never forced: a receipt SacER doubts must come back to us as a rejection, not be accepted anyway.
      el('Configurazione', [el('ForzaAccettazione', bool(false)), el('ForzaConservazione', bool(false))]),
      el('ProfiloUnitaDocumentaria', [el('Oggetto', pkg.oggetto), el('Data', pkg.data)]),
      el('ProfiloNormativo', allegato5Element(pkg.metadata), { versione: settings.profiloNormativoVersione }),
      el('NumeroAllegati', 1),
      el('DocumentoPrincipale', [
        el('IDDocumento', pkg.principale.documentId),
        el('TipoDocumento', settings.tipoDocumentoPrincipale),
        componente(pkg.principale),
      ]),
      el(
        'Allegati',
        el('Allegato', [
          el('IDDocumento', pkg.allegato.documentId),
          el('TipoDocumento', settings.tipoDocumentoAllegato),
          componente(pkg.allegato),
        ]),
      ),
    ]),
  );
}
