import { MAX_ATTACHMENT_BYTES, checkAttachments, cleanFilename, sniffAttachmentType } from '@/lib/support/attachments';
import { checkFormToken, issueFormToken } from '@/lib/security/form-token';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);

describe('sniffAttachmentType', () => {
  it('reads PDF, PNG and JPEG from their first bytes, whatever the name says', () => {
    expect(sniffAttachmentType(text('%PDF-1.4\n'), 'scansione.jpg')).toBe('application/pdf');
    expect(sniffAttachmentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'x')).toBe('image/png');
    expect(sniffAttachmentType(bytes(0xff, 0xd8, 0xff, 0xe1), 'foto')).toBe('image/jpeg');
  });

  it('takes UTF-8 text without control characters as TXT or CSV by the extension only', () => {
    expect(sniffAttachmentType(text('codice;importo\n1;2,50\r\n'), 'dati.CSV')).toBe('text/csv');
    expect(sniffAttachmentType(text('errore alle 10:02 → riprovato\n'), 'log.txt')).toBe('text/plain');
    expect(sniffAttachmentType(text('testo'), 'log.html')).toBeUndefined();
    expect(sniffAttachmentType(bytes(0x61, 0x00, 0x62), 'dati.csv')).toBeUndefined();
    expect(sniffAttachmentType(bytes(0xc3, 0x28), 'dati.txt')).toBeUndefined();
  });

  it('refuses anything else, a renamed executable or a ZIP included', () => {
    expect(sniffAttachmentType(bytes(0x4d, 0x5a, 0x90, 0x00), 'fattura.pdf')).toBeUndefined();
    expect(sniffAttachmentType(bytes(0x50, 0x4b, 0x03, 0x04), 'documento.pdf')).toBeUndefined();
    expect(sniffAttachmentType(bytes(), 'vuoto.txt')).toBe('text/plain');
  });
});

describe('checkAttachments', () => {
  const pdf = { name: 'a.pdf', bytes: text('%PDF-1.7') };

  it('accepts up to 3 files of at most 5 MB, ignoring the empty slot of a form without files', () => {
    expect(checkAttachments([{ name: '', bytes: bytes() }])).toEqual({ ok: true, files: [] });
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES);
    big.set(text('%PDF-'));
    expect(checkAttachments([pdf, pdf, { name: 'grande.pdf', bytes: big }])).toMatchObject({ ok: true, files: { length: 3 } });
  });

  it('refuses a fourth file, an empty file and a file one byte over the limit', () => {
    expect(checkAttachments([pdf, pdf, pdf, pdf])).toEqual({ ok: false, error: 'Puoi allegare al massimo 3 file per messaggio.' });
    expect(checkAttachments([{ name: 'vuoto.pdf', bytes: bytes() }])).toEqual({ ok: false, error: 'Il file «vuoto.pdf» è vuoto.' });
    const over = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    over.set(text('%PDF-'));
    expect(checkAttachments([{ name: 'grande.pdf', bytes: over }])).toEqual({ ok: false, error: 'Il file «grande.pdf» supera i 5 MB.' });
  });

  it('keeps only the base name of the file, without quotes or control characters', () => {
    expect(cleanFilename('C:\\Users\\anna\\"ricevuta"\n.pdf')).toBe('ricevuta.pdf');
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('   ')).toBe('allegato');
  });
});

describe('the signed fill time of a public form', () => {
  const limits = { minSeconds: 3, maxSeconds: 6 * 3600 };
  const now = Date.UTC(2026, 10, 27, 10, 0, 0);

  it('passes between 3 seconds and 6 hours after issue', () => {
    const token = issueFormToken('domande', now);
    expect(checkFormToken('domande', token, limits, now + 2_999)).toBe('too_fast');
    expect(checkFormToken('domande', token, limits, now + 3_000)).toBe('ok');
    expect(checkFormToken('domande', token, limits, now + 6 * 3600_000)).toBe('ok');
    expect(checkFormToken('domande', token, limits, now + 6 * 3600_000 + 1)).toBe('expired');
  });

  it('refuses a token for another form, a changed time and garbage', () => {
    const token = issueFormToken('domande', now);
    expect(checkFormToken('altro', token, limits, now + 10_000)).toBe('invalid');
    const [, mac] = token.split('.');
    expect(checkFormToken('domande', `${(now - 60_000).toString(36)}.${mac}`, limits, now + 10_000)).toBe('invalid');
    expect(checkFormToken('domande', undefined, limits, now)).toBe('invalid');
    expect(checkFormToken('domande', 'x'.repeat(500), limits, now)).toBe('invalid');
  });
});
