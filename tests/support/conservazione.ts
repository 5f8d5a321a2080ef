import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MetadataEnte, MetadataReceipt } from '@/lib/conservazione/metadata';
import type { PackageInput } from '@/lib/conservazione/package';
import { parerSettingsSchema, type ParerSettings } from '@/lib/conservazione/parer/settings';
import { conservazioneSettingsSchema, type ConservazioneSettingsInput } from '@/lib/conservazione/settings';

/** Receipts, Enti and settings for the conservazione tests, written without a database (unit tests). */

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
export const sha256Base64 = (data: string | Buffer) => createHash('sha256').update(data).digest('base64');

export const SAMPLE_RT = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><ctReceiptV2><receiptId>c3f1</receiptId></ctReceiptV2>',
  'utf8',
);
export const SAMPLE_PDF = Buffer.from('%PDF-1.7\n% ricevuta di prova\n%%EOF\n', 'latin1');

export const mario = { type: 'F' as const, fiscalCode: 'RSSMRA80A01H501U', fullName: 'Mario Rossi' };

export type SampleReceipt = MetadataReceipt & PackageInput['receipt'];

export function sampleReceipt(overrides: Partial<SampleReceipt> = {}): SampleReceipt {
  return {
    id: '0b7c5e0e-3f7a-4c1e-9d6b-2a1f0c9e8d7a',
    enteId: '5d0c7f7e-0c55-4d8a-9d0e-0a1b2c3d4e5f',
    receiptId: 'c3f1e2d4a5b6978812345678abcdef01',
    seq: 42,
    noticeNumber: '301000000000000144',
    creditorReferenceId: '01000000000000144',
    description: 'TARI 2026 - rata unica',
    debtor: mario,
    payer: mario,
    transfers: [
      {
        idTransfer: 1,
        amountCents: 10_000,
        fiscalCodePA: '00123450987',
        iban: 'IT60X0542811101000000123456',
        remittanceInformation: 'TARI',
        transferCategory: '9/0101101IM/',
      },
    ],
    // 10:30:05 in Rome (summer time); recorded two seconds later.
    paymentDateTime: new Date('2026-07-14T08:30:05Z'),
    createdAt: new Date('2026-07-14T08:30:07Z'),
    originalDocument: SAMPLE_RT,
    originalFormat: 'xml',
    originalSha256: sha256Hex(SAMPLE_RT),
    standIn: null,
    ...overrides,
  };
}

export const sampleEnte: MetadataEnte = {
  name: 'Comune di Valmora',
  ipaCode: 'c_v001',
  pec: 'protocollo@pec.comune.valmora.it',
  email: 'info@comune.valmora.it',
};

export const sampleSettingsInput: ConservazioneSettingsInput = {
  retentionYears: 10,
  registro: 'RT_PAGOPA',
  aoo: { codiceIpa: 'A1B2C3', denominazione: 'Comune di Valmora - AOO unica' },
};

export const sampleSettings = (overrides: Partial<ConservazioneSettingsInput> = {}) =>
  conservazioneSettingsSchema.parse({ ...sampleSettingsInput, ...overrides });

/** SacER settings matching tests/mocks/sacer.ts's defaults. */
export function parerSettings(url: string, overrides: Partial<ParerSettings> = {}): ParerSettings {
  return parerSettingsSchema.parse({
    url,
    ambiente: 'PARER_TEST',
    ente: 'Comune di Valmora',
    struttura: 'RICEVUTE_PAGOPA',
    userId: 'ws_portale',
    tipologiaUnitaDocumentaria: 'RICEVUTA PAGOPA',
    tipoDocumentoPrincipale: 'RICEVUTA TELEMATICA',
    tipoDocumentoAllegato: 'RICEVUTA PDF',
    profiloNormativoVersione: '1.0',
    ...overrides,
  });
}

export const SACER_PASSWORD = 'segreto-di-prova';

export const SIP_XSD = path.join(process.cwd(), 'lib/conservazione/parer/sip.xsd');

/**
 * Validates an XML document against an XSD with xmllint (Debian libxml2-utils): the exit status and what
 * it printed. A missing xmllint fails the test with a message saying what to install.
 */
export function xmllintValidate(xml: string, xsd: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'conservazione-xsd-'));
  try {
    const file = path.join(dir, 'document.xml');
    writeFileSync(file, xml, 'utf8');
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, file], { encoding: 'utf8' });
    if (run.error) throw new Error(`xmllint non disponibile (installa libxml2-utils): ${run.error.message}`);
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
