import { randomBytes } from 'node:crypto';

/*
 * multipart/form-data written by hand, because SacER reads the parts strictly in order (RequestPrsr.java:
 * VERSIONE, LOGINNAME, PASSWORD, XMLSIP, then the files) and we want that order on the wire, not a library's.
 */

export interface FormField {
  kind: 'field';
  name: string;
  value: string;
}

export interface FormFile {
  kind: 'file';
  /** SacER matches this to a `<Componente><ID>`. */
  name: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export type FormPart = FormField | FormFile;

// Our names are constants and generated file names; a quote or a line break would break the header.
const HEADER_SAFE = /^[^"\r\n\\]+$/;

function checked(value: string): string {
  if (!HEADER_SAFE.test(value)) throw new Error(`nome non ammesso in una parte multipart: ${JSON.stringify(value)}`);
  return value;
}

function partHeader(part: FormPart): string {
  if (part.kind === 'field') {
    // commons-fileupload decodes a field with the part's charset, ISO-8859-1 when none is given: say UTF-8.
    return `Content-Disposition: form-data; name="${checked(part.name)}"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n`;
  }
  return (
    `Content-Disposition: form-data; name="${checked(part.name)}"; filename="${checked(part.fileName)}"\r\n` +
    `Content-Type: ${checked(part.contentType)}\r\n\r\n`
  );
}

/** The body and its content type; the boundary is random, and checked to occur in no part. */
export function multipartBody(parts: readonly FormPart[]): { body: Buffer; contentType: string } {
  const contents = parts.map((p) => (p.kind === 'field' ? Buffer.from(p.value, 'utf8') : p.bytes));
  let boundary: string;
  do {
    boundary = `----portale-${randomBytes(16).toString('hex')}`;
  } while (contents.some((c) => c.includes(boundary)));
  const chunks: Buffer[] = [];
  parts.forEach((part, i) => {
    chunks.push(Buffer.from(`--${boundary}\r\n${partHeader(part)}`, 'utf8'), contents[i]!, Buffer.from('\r\n'));
  });
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
