import { checkDocument } from '@/lib/onboarding/documents';
import { checkTransition, missingFor, nextStatuses, servesCitizens, type AdhesionFacts } from '@/lib/onboarding/state';
import { cadesP7m, makeSigner, padesPdf, plainPdf } from '../support/signed-documents';

const NOTHING: AdhesionFacts = {
  conventionRecorded: false,
  moduloValid: false,
  referenteAppointed: false,
  partnerAssigned: false,
  letteraAdesione: false,
  pianoAttivazione: false,
};
const EVERYTHING: AdhesionFacts = Object.fromEntries(Object.keys(NOTHING).map((k) => [k, true])) as unknown as AdhesionFacts;

describe('the adhesion state machine', () => {
  it('follows richiesta → in_attivazione → attivo → sospeso / cessato, sospeso → attivo, and nothing leaves cessato', () => {
    expect(nextStatuses('richiesta')).toEqual(['in_attivazione', 'cessato']);
    expect(nextStatuses('in_attivazione')).toEqual(['attivo', 'cessato']);
    expect(nextStatuses('attivo')).toEqual(['sospeso', 'cessato']);
    expect(nextStatuses('sospeso')).toEqual(['attivo', 'cessato']);
    expect(nextStatuses('cessato')).toEqual([]);
  });

  it('refuses invalid transitions with a clear Italian message', () => {
    expect(checkTransition('richiesta', 'attivo', EVERYTHING, 'cit_admin', undefined)).toEqual({
      ok: false,
      reason: 'Un Ente nello stato «Richiesta» non può passare allo stato «Attivo».',
    });
    expect(checkTransition('cessato', 'attivo', EVERYTHING, 'cit_admin', 'x')).toMatchObject({ ok: false });
    expect(checkTransition('attivo', 'in_attivazione', EVERYTHING, 'cit_admin', undefined)).toMatchObject({ ok: false });
  });

  it('says what is missing, step by step', () => {
    expect(missingFor('richiesta', 'in_attivazione', NOTHING)).toHaveLength(2);
    expect(checkTransition('in_attivazione', 'attivo', { ...EVERYTHING, partnerAssigned: false }, 'cit_operator', undefined)).toEqual({
      ok: false,
      reason: 'Manca ancora un partner tecnologico compatibile.',
      missing: ['un partner tecnologico compatibile'],
    });
    expect(checkTransition('in_attivazione', 'attivo', EVERYTHING, 'cit_operator', undefined)).toEqual({ ok: true, reasonRequired: false });
  });

  it('keeps suspension, reactivation and cessation for CIT admins, with a reason to suspend and cease', () => {
    for (const [from, to] of [
      ['attivo', 'sospeso'],
      ['sospeso', 'attivo'],
      ['attivo', 'cessato'],
      ['richiesta', 'cessato'],
    ] as const) {
      expect(checkTransition(from, to, EVERYTHING, 'cit_operator', 'motivo')).toMatchObject({
        ok: false,
        reason: expect.stringContaining('amministratore'),
      });
    }
    expect(checkTransition('attivo', 'sospeso', EVERYTHING, 'cit_admin', '  ')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('motivo'),
    });
    expect(checkTransition('attivo', 'cessato', EVERYTHING, 'cit_admin', 'Disdetta')).toEqual({ ok: true, reasonRequired: true });
    expect(checkTransition('sospeso', 'attivo', { ...EVERYTHING, partnerAssigned: false }, 'cit_admin', undefined)).toMatchObject({
      ok: false,
    });
  });

  it('serves citizens only while active and with a partner', () => {
    expect(servesCitizens({ adhesionStatus: 'attivo', partner: 'sandbox' })).toBe(true);
    expect(servesCitizens({ adhesionStatus: 'attivo', partner: null })).toBe(false);
    expect(servesCitizens({ adhesionStatus: 'sospeso', partner: 'sandbox' })).toBe(false);
    expect(servesCitizens({ adhesionStatus: 'in_attivazione', partner: 'sandbox' })).toBe(false);
  });
});

describe('checking an adhesion document', () => {
  const signer = makeSigner({ CN: 'Paola Verdi' });

  it('reads the signature of CAdES and PAdES files and records hand-signed PDFs as such', () => {
    expect(checkDocument('modulo_adesione', cadesP7m(signer), false)).toMatchObject({
      ok: true,
      document: { signature: 'cades', mime: 'application/pkcs7-mime' },
    });
    expect(checkDocument('modulo_adesione', padesPdf(signer), false)).toMatchObject({
      ok: true,
      document: { signature: 'pades', signer: { name: 'Paola Verdi' } },
    });
    expect(checkDocument('modulo_adesione', plainPdf(), true)).toMatchObject({ ok: true, document: { signature: 'autografa' } });
    expect(checkDocument('piano_servizi', plainPdf(), false)).toMatchObject({
      ok: true,
      document: { signature: 'nessuna', mime: 'application/pdf' },
    });
  });

  it('refuses unsigned requests, wrong types, empty and oversized files by their content', () => {
    expect(checkDocument('modulo_adesione', plainPdf(), false)).toMatchObject({ ok: false });
    expect(checkDocument('disdetta', plainPdf(), false)).toMatchObject({ ok: false });
    expect(checkDocument('lettera_adesione', Buffer.from('GIF89a...'), false)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('PDF'),
    });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);
    expect(checkDocument('lettera_adesione', png, false)).toMatchObject({ ok: false });
    expect(checkDocument('documento_identita', png, false)).toMatchObject({ ok: true, document: { mime: 'image/png' } });
    expect(checkDocument('piano_servizi', Buffer.alloc(0), false)).toMatchObject({ ok: false, reason: 'Il file è vuoto.' });
    expect(checkDocument('piano_servizi', Buffer.concat([plainPdf(), Buffer.alloc(10 * 1024 * 1024)]), false)).toMatchObject({ ok: false });
  });
});
