import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

/** A PDF value as qpdf's JSON (version 2) writes it: names "/Name", strings "u:text" or "b:hex", references "3 0 R". */
export type PdfValue = string | number | boolean | null | PdfValue[] | PdfDict;
export interface PdfDict {
  [key: string]: PdfValue;
}

interface JsonObject {
  value?: PdfValue;
  stream?: { dict: PdfDict; data?: string };
}

const REFERENCE = /^\d+ \d+ R$/;

/** Runs qpdf on `pdf` (it reads only files: it must seek) with `args` before the file name and `after` it. */
export function qpdf(pdf: Buffer, args: string[], after: string[] = []): { status: number; stdout: string; stderr: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    try {
      const stdout = execFileSync('qpdf', [...args, file, ...after], { maxBuffer: 256 * 1024 * 1024, stdio: 'pipe' });
      return { status: 0, stdout: stdout.toString('utf8'), stderr: '' };
    } catch (error) {
      const failed = error as { status?: number | null; stdout?: Buffer; stderr?: Buffer };
      if (typeof failed.status !== 'number')
        throw new Error('qpdf non è installato (pacchetto Debian qpdf, come in .ci/run)', { cause: error });
      return { status: failed.status, stdout: failed.stdout?.toString('utf8') ?? '', stderr: failed.stderr?.toString('utf8') ?? '' };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every object of a PDF, as qpdf reads it (object streams, xref streams and all), and the way from one to another: what
 * the tests' PDF/A check and text extraction walk, instead of parsing PDF syntax by hand.
 */
export class PdfObjects {
  private constructor(private readonly objects: Record<string, JsonObject>) {}

  static read(pdf: Buffer): PdfObjects {
    const run = qpdf(pdf, ['--json-output=2', '--json-stream-data=inline', '--decode-level=generalized'], ['-']);
    if (run.status !== 0 && run.status !== 3) throw new Error(`qpdf non legge il PDF: ${run.stderr}`);
    // qpdf 11 (Debian 12) writes {"qpdf": [header, objects]}; later versions {"qpdf-v2": {objects}}.
    type Objects = Record<string, JsonObject>;
    const json = JSON.parse(run.stdout) as { qpdf?: [unknown, Objects]; 'qpdf-v2'?: { objects: Objects } };
    const objects = json['qpdf-v2']?.objects ?? json.qpdf?.[1];
    if (!objects) throw new Error('qpdf: JSON senza oggetti');
    return new PdfObjects(objects);
  }

  get trailer(): PdfDict {
    return this.objects.trailer!.value as PdfDict;
  }

  /** Every dictionary of the file: the objects' and the streams'. */
  *dictionaries(): Generator<PdfDict> {
    for (const [key, object] of Object.entries(this.objects)) {
      if (key === 'trailer') continue;
      if (object.stream) yield object.stream.dict;
      else if (isDict(object.value)) yield object.value;
    }
  }

  /** `value` with a reference followed (a stream gives its dictionary). */
  resolve(value: PdfValue | undefined): PdfValue | undefined {
    if (typeof value !== 'string' || !REFERENCE.test(value)) return value;
    const object = this.objects[`obj:${value}`];
    return object?.stream ? object.stream.dict : object?.value;
  }

  dict(value: PdfValue | undefined): PdfDict | undefined {
    const resolved = this.resolve(value);
    return isDict(resolved) ? resolved : undefined;
  }

  array(value: PdfValue | undefined): PdfValue[] {
    const resolved = this.resolve(value);
    return Array.isArray(resolved) ? resolved : [];
  }

  /** The decoded data of the stream `reference` points to, or undefined when it is not a stream. */
  streamData(reference: PdfValue | undefined): Buffer | undefined {
    if (typeof reference !== 'string') return undefined;
    const stream = this.objects[`obj:${reference}`]?.stream;
    if (!stream?.data) return undefined;
    const data = Buffer.from(stream.data, 'base64');
    const filter = stream.dict['/Filter'];
    if (filter === undefined) return data;
    if (filter === '/FlateDecode') return inflateSync(data);
    throw new Error(`filtro non decodificato: ${JSON.stringify(filter)}`);
  }

  /** The pages in order, walking the page tree from the catalog. */
  pages(): PdfDict[] {
    const walk = (node: PdfDict | undefined): PdfDict[] =>
      node?.['/Type'] === '/Page' ? [node] : this.array(node?.['/Kids']).flatMap((kid) => walk(this.dict(kid)));
    return walk(this.dict(this.dict(this.trailer['/Root'])?.['/Pages']));
  }
}

export function isDict(value: PdfValue | undefined): value is PdfDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A PDF string's text ("u:…"), or its bytes as Latin-1 ("b:…"). */
export function pdfString(value: PdfValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith('u:')) return value.slice(2);
  if (value.startsWith('b:')) return Buffer.from(value.slice(2), 'hex').toString('latin1');
  return undefined;
}
