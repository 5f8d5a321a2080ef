/*
 * What a support request may carry: a few small files of the kinds a clerk attaches to explain a problem
 * (a PDF, a screenshot, a CSV or a text log). The type is read from the bytes, never from the name or the
 * browser's word, so a renamed executable is refused whatever it is called.
 */
export const MAX_ATTACHMENTS = 3;
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
/** The most a message's multipart body may weigh: every file at its limit, the text and the framing. */
export const MAX_MESSAGE_BODY_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 64 * 1024;

/** The form field the files travel in, and what the form says about them. */
export const ATTACHMENTS_FIELD = 'allegati';
export const ATTACHMENTS_HELP = `Fino a ${MAX_ATTACHMENTS} file di ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB al massimo: PDF, PNG, JPEG, TXT o CSV.`;

export type AttachmentType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'text/plain' | 'text/csv';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** Valid UTF-8 without control characters other than tab, line feed, carriage return and form feed. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/**
 * The file's type by its first bytes: PDF (`%PDF-`), PNG, JPEG (FF D8 FF); text files have no signature,
 * so a plain UTF-8 text is TXT or CSV by its extension. Anything else: undefined (refused).
 */
export function sniffAttachmentType(bytes: Uint8Array, filename: string): AttachmentType | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if ((extension === 'txt' || extension === 'csv') && isPlainText(bytes)) return extension === 'csv' ? 'text/csv' : 'text/plain';
  return undefined;
}

/** A filename safe to store and to send back in Content-Disposition: no path, no control characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (cleaned || 'allegato').slice(-200);
}

export interface IncomingFile {
  name: string;
  bytes: Uint8Array;
}

export interface CheckedAttachment {
  filename: string;
  mime: AttachmentType;
  bytes: Uint8Array;
}

/** The attachments of one message, checked; the error is the Italian sentence the person reads. */
export function checkAttachments(files: readonly IncomingFile[]): { ok: true; files: CheckedAttachment[] } | { ok: false; error: string } {
  const chosen = files.filter((f) => f.name !== '' || f.bytes.length > 0);
  if (chosen.length > MAX_ATTACHMENTS) return { ok: false, error: `Puoi allegare al massimo ${MAX_ATTACHMENTS} file per messaggio.` };
  const checked: CheckedAttachment[] = [];
  for (const file of chosen) {
    const filename = cleanFilename(file.name);
    if (file.bytes.length === 0) return { ok: false, error: `Il file «${filename}» è vuoto.` };
    if (file.bytes.length > MAX_ATTACHMENT_BYTES)
      return { ok: false, error: `Il file «${filename}» supera i ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.` };
    const mime = sniffAttachmentType(file.bytes, filename);
    if (!mime) return { ok: false, error: `Il file «${filename}» non è un PDF, un’immagine PNG o JPEG, un testo o un CSV.` };
    checked.push({ filename, mime, bytes: file.bytes });
  }
  return { ok: true, files: checked };
}
