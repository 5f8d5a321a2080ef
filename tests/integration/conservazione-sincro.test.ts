import { createHash } from 'node:crypto';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { receipts, type Ente, type Receipt } from '@/db/schema';
import { romeDateAndTime } from '@/lib/format/rome-time';
import { buildSincroDayExport, PINDEX_PATH, type DayExport } from '@/lib/conservazione/sincro/day-export';
import { SINCRO_NS, SINCRO_URI } from '@/lib/conservazione/sincro/pindex-builder';
import { sampleSettings, SIP_XSD, xmllintValidate } from '../support/conservazione';
import { enteBySlug } from '../support/payments';
import { paidReceipt } from '../support/receipts';
import { withTestDatabase } from '../support/test-db';

/*
 * The UNI SInCRO export of one Ente's day: unzipped, every file the PIndex lists is there with the SHA-256
 * it states, nothing is there unlisted, the index is well-formed with SInCRO 2.0's namespace and required
 * attributes, and another Ente's receipts of the same day are not in it.
 */

const { db } = withTestDatabase();
let valmora: Ente;
let demo: Ente;
let day: string;
let exported: DayExport;
let files: Record<string, Uint8Array>;
let pindex: Element;
const mine: Receipt[] = [];
let otherEnte: Receipt;
let withoutOriginal: Receipt;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const fakePdf = async (receipt: Receipt) => Buffer.from(`%PDF-1.7\n% ricevuta ${receipt.id}\n%%EOF\n`, 'latin1');

async function stored(
  ente: Ente,
  receiptId: string,
  original?: { format: 'xml' | 'json'; bytes: Buffer },
  payer?: { type: 'G'; fiscalCode: string; fullName: string },
) {
  const { id } = await paidReceipt(db(), ente, { serviceId: null, receiptId, paidAt: new Date().toISOString(), original, payer });
  const [row] = await db().select().from(receipts).where(eq(receipts.id, id));
  return row!;
}

function sincroKids(el: Element | undefined, name: string): Element[] {
  const out: Element[] = [];
  for (let n = el?.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === SINCRO_NS && (n as Element).localName === name) out.push(n as Element);
  }
  return out;
}

const attr = (el: Element | undefined, name: string) => el?.getAttributeNS(SINCRO_NS, name) ?? null;

beforeAll(async () => {
  valmora = await enteBySlug(db(), 'valmora');
  demo = await enteBySlug(db(), 'comune-demo');
  const stamp = Date.now();
  mine.push(
    await stored(valmora, `SINCRO-XML-${stamp}`, {
      format: 'xml',
      bytes: Buffer.from(`<receipt><receiptId>SINCRO-XML-${stamp}</receiptId></receipt>`),
    }),
    await stored(valmora, `SINCRO-JSON-${stamp}`, {
      format: 'json',
      bytes: Buffer.from(JSON.stringify({ receiptId: `SINCRO-JSON-${stamp}` })),
    }),
    await stored(
      valmora,
      `SINCRO-PG-${stamp}`,
      { format: 'xml', bytes: Buffer.from('<receipt>ditta</receipt>') },
      {
        type: 'G',
        fiscalCode: '01234567890',
        fullName: 'Edilizia Valmora S.r.l.',
      },
    ),
  );
  withoutOriginal = await stored(valmora, `SINCRO-NONE-${stamp}`);
  otherEnte = await stored(demo, `SINCRO-DEMO-${stamp}`, { format: 'xml', bytes: Buffer.from('<receipt>demo</receipt>') });
  day = romeDateAndTime(mine[0]!.createdAt).date;
  exported = (await buildSincroDayExport(db(), valmora, day, {
    settings: sampleSettings(),
    renderPdf: fakePdf,
    producer: 'CIT di prova',
  }))!;
  files = unzipSync(new Uint8Array(exported.zip));
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(Buffer.from(files[PINDEX_PATH]!).toString('utf8'), 'text/xml');
  pindex = doc.documentElement!;
});

describe('UNI SInCRO day export', () => {
  it('returns the ZIP with its own SHA-256 and a name that says Ente and day', () => {
    expect(exported.sha256).toBe(sha256(new Uint8Array(exported.zip)));
    expect(exported.fileName).toBe(`conservazione-valmora-${day}.zip`);
  });

  it('lists every file in the ZIP with a matching SHA-256, and nothing in the ZIP is unlisted', () => {
    const listed = sincroKids(pindex, 'FileGroup').flatMap((g) => sincroKids(g, 'File'));
    expect(listed.length).toBe(exported.receipts * 3);
    const paths = listed.map((f) => {
      const path = sincroKids(f, 'Path')[0]!.textContent!;
      const hash = sincroKids(f, 'Hash')[0]!;
      expect(attr(hash, 'hashFunction')).toBe('SHA-256');
      expect(files[path]).toBeDefined();
      expect(hash.textContent).toBe(sha256(files[path]!));
      expect(attr(sincroKids(f, 'ID')[0], 'scheme')).toBe('local');
      expect(attr(f, 'encoding')).toBe('binary');
      expect(attr(f, 'format')).toMatch(/^application\/(xml|json|pdf)$/);
      return path;
    });
    expect(new Set(paths).size).toBe(paths.length);
    expect(Object.keys(files).sort()).toEqual([...paths, PINDEX_PATH].sort());
  });

  it('is a well-formed SInCRO 2.0 index: namespace, qualified required attributes, the four parts in order', () => {
    expect(pindex.localName).toBe('PIndex');
    expect(pindex.namespaceURI).toBe(SINCRO_NS);
    expect(pindex.prefix).toBe('sincro');
    expect(attr(pindex, 'language')).toBe('it');
    expect(attr(pindex, 'sincroVersion')).toBe('2.0');
    expect(attr(pindex, 'uri')).toBe(SINCRO_URI);
    const parts: string[] = [];
    for (let n = pindex.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) parts.push((n as Element).localName!);
    expect(parts[0]).toBe('SelfDescription');
    expect(parts[1]).toBe('PVolume');
    expect(parts.slice(2, -1).every((p) => p === 'FileGroup')).toBe(true);
    expect(parts.at(-1)).toBe('Process');

    const self = sincroKids(pindex, 'SelfDescription')[0];
    expect(attr(sincroKids(self, 'ID')[0], 'scheme')).toBe('local');
    expect(sincroKids(sincroKids(self, 'CreatingApplication')[0], 'Producer')[0]!.textContent).toBe('CIT di prova');
    const process = sincroKids(pindex, 'Process')[0];
    const submitter = sincroKids(process, 'Submitter')[0];
    expect(attr(submitter, 'agentType')).toBe('legal person');
    expect(sincroKids(submitter, 'AgentID')[0]!.textContent).toBe(`TINIT-${valmora.fiscalCode}`);
    expect(attr(sincroKids(process, 'Holder')[0], 'holderRole')).toBe('soggetto produttore');
    expect(sincroKids(process, 'AuthorizedSigner')).toHaveLength(1);
    const time = sincroKids(sincroKids(process, 'TimeReference')[0], 'TimeInfo')[0];
    expect(attr(time, 'attachedTimeStamp')).toBe('false');
    expect(Number.isNaN(Date.parse(time!.textContent!))).toBe(false);
  });

  it('carries each receipt’s original bytes, its PDF and its Allegato 5 metadata (valid against our XSD)', () => {
    for (const receipt of mine) {
      const folder = `RT-${receipt.id}`;
      const ext = receipt.originalFormat === 'json' ? 'json' : 'xml';
      expect(Buffer.from(files[`${folder}/${folder}.${ext}`]!).equals(receipt.originalDocument!)).toBe(true);
      expect(Buffer.from(files[`${folder}/${folder}.pdf`]!).toString('latin1')).toContain(receipt.id);
      const metadata = Buffer.from(files[`${folder}/${folder}.metadati.xml`]!).toString('utf8');
      expect(metadata).toContain(`<Impronta>${Buffer.from(receipt.originalSha256!, 'hex').toString('base64')}</Impronta>`);
      const validation = xmllintValidate(metadata, SIP_XSD);
      expect(validation.output).toContain('validates');
    }
    expect(Buffer.from(files[`RT-${mine[2]!.id}/RT-${mine[2]!.id}.metadati.xml`]!).toString('utf8')).toContain(
      '<PG><DenominazioneOrganizzazione>Edilizia Valmora S.r.l.</DenominazioneOrganizzazione><CodiceFiscale_PartitaIva>01234567890</CodiceFiscale_PartitaIva></PG>',
    );
  });

  it('holds only this Ente’s receipts, and reports the ones without an original document instead of inventing one', () => {
    const groups = sincroKids(pindex, 'FileGroup').map((g) => sincroKids(g, 'ID')[0]!.textContent);
    for (const receipt of mine) expect(groups).toContain(`RT-${receipt.id}`);
    expect(groups).not.toContain(`RT-${otherEnte.id}`);
    expect(Object.keys(files).some((name) => name.includes(otherEnte.id))).toBe(false);
    expect(groups).not.toContain(`RT-${withoutOriginal.id}`);
    expect(exported.skipped).toContainEqual({
      receiptRowId: withoutOriginal.id,
      reason: 'La ricevuta non ha il documento originale: non può essere conservata',
    });
  });

  it('a day without receipts has no export; a malformed day is refused', async () => {
    const options = { settings: sampleSettings(), renderPdf: fakePdf, producer: 'CIT di prova' };
    expect(await buildSincroDayExport(db(), valmora, '2001-01-01', options)).toBeNull();
    for (const bad of ['2026-13-45', '2026-07-14\u0000', '2026-07-14T00:00', ['2026-07-14'], 'x'.repeat(100_000)]) {
      await expect(buildSincroDayExport(db(), valmora, bad as string, options)).rejects.toThrow('Giorno non valido');
    }
  });
});
