import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { bootstrapDatabase } from '@/db';
import { openDatabase } from '@/db/client';
import type { Ente } from '@/db/schema';
import { IMPORT_COLUMNS } from '@/lib/imports/csv-format';
import { createImport, runImport } from '@/lib/imports/run-import';
import { buildNoticeNumber, iuvFromNoticeNumber } from '@/lib/pagopa/notice';
import { enteBySlug } from '../tests/support/payments';

/**
 * The bulk import against PostgreSQL's own COPY of the same file into a plain table and of the same rows
 * into `positions` (the floor), in the same run on the same server. `npm run bench:import` alone, or part of
 * `npm run bench`. Size: BENCH_IMPORT_ROWS (50,000). The avvisi ZIP of an import is bench/avvisi.ts.
 */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);
// Valid codici fiscali (check character included) of the demo data: a person and a company.
const DEBTORS = [
  ['F', 'RSSMRA80A01B157X', 'Mario Rossi'],
  ['F', 'FRRPLA70H21B157M', 'Paolo Ferri'],
  ['G', '00812300176', 'Esempio S.r.l.'],
] as const;

/** A clerk's CSV of `rows` TARI positions (the demo Comune's service), ids prefixed with `prefix`. */
export function importCsv(rows: number, prefix: string): Buffer {
  const lines = [IMPORT_COLUMNS.join(';')];
  for (let i = 0; i < rows; i++) {
    const [type, code, name] = DEBTORS[i % DEBTORS.length]!;
    const euros = 10 + (i % 4000);
    lines.push(
      `${prefix}-${i};${type};${code};${name};;tari;TARI 2027 utenza ${i};${euros},${String(i % 100).padStart(2, '0')};30/06/2027`,
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** The import's columns of `positions`, as COPY text: what the import of the same file writes, row by row. */
const POSITION_COLUMNS = [
  'ente_id',
  'creditor_fiscal_code',
  'service_id',
  'notice_number',
  'iuv',
  'debtor_type',
  'debtor_fiscal_code',
  'debtor_name',
  'causale',
  'amount_cents',
  'due_date',
  'taxonomy_code',
  'iban',
  'external_id',
];

function positionsText(rows: number, ente: Ente, service: { id: string; taxonomyCode: string }): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const [type, code, name] = DEBTORS[i % DEBTORS.length]!;
    // Counters far above the import's, in a transaction that is rolled back anyway.
    const noticeNumber = buildNoticeNumber(ente.segregationCode!, `2099${String(900_000_000 + i).padStart(9, '0')}`);
    const cents = (10 + (i % 4000)) * 100 + (i % 100);
    lines.push(
      [ente.id, ente.fiscalCode, service.id, noticeNumber, iuvFromNoticeNumber(noticeNumber), type, code, name]
        .concat([`TARI 2027 utenza ${i}`, String(cents), '2027-06-30', service.taxonomyCode, ente.iban!, `floor-${i}`])
        .join('\t'),
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/**
 * The floor of any import: COPY of the same rows straight into `positions`, with its indexes, checks and
 * foreign keys, in a transaction rolled back (then vacuumed) so that the import meets the same table.
 */
async function copyIntoPositions(raw: postgres.Sql, file: Buffer): Promise<number> {
  const start = performance.now();
  let ms = 0;
  await raw
    .begin(async (tx) => {
      const copy = await tx.unsafe(`copy positions (${POSITION_COLUMNS.join(', ')}) from stdin`).writable();
      await pipeline(Readable.from([file]), copy);
      ms = performance.now() - start;
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  await raw.unsafe('vacuum positions');
  return ms;
}

class RolledBack extends Error {}

export async function benchImport(serverUrl: string): Promise<void> {
  const name = `portale_bench_import_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await bootstrapDatabase(handle, { seed: true });
    const ente = await enteBySlug(handle.db, 'comune-demo');
    const file = importCsv(ROWS, randomUUID().slice(0, 8));

    await raw.unsafe(`create table bench_copy (${IMPORT_COLUMNS.map((c) => `${c} text`).join(', ')})`);
    const copyStart = performance.now();
    const copy = await raw.unsafe(`copy bench_copy from stdin with (format csv, delimiter ';', header true)`).writable();
    await pipeline(Readable.from([file]), copy);
    const copyMs = performance.now() - copyStart;
    const copyRate = (ROWS * 1000) / copyMs;
    console.log(`COPY into a plain table: ${ROWS} rows in ${seconds(copyMs)} s = ${copyRate.toFixed(0)} rows/s`);

    const [service] = await raw<{ id: string; taxonomyCode: string }[]>`
      select id, taxonomy_code as "taxonomyCode" from services where ente_id = ${ente.id} and code = 'tari'`;
    const floorMs = await copyIntoPositions(raw, positionsText(ROWS, ente, service!));
    const floorRate = (ROWS * 1000) / floorMs;
    console.log(`COPY into positions with its indexes: ${ROWS} rows in ${seconds(floorMs)} s = ${floorRate.toFixed(0)} rows/s`);

    const importId = await createImport(handle.db, { enteId: ente.id, createdBy: null, filename: 'bench.csv', file });
    const importStart = performance.now();
    const counts = await runImport(handle.db, importId);
    const importMs = performance.now() - importStart;
    if (counts.loaded !== ROWS) throw new Error(`importazione incompleta: ${JSON.stringify(counts)}`);
    const importRate = (ROWS * 1000) / importMs;
    console.log(`positions:import: ${ROWS} rows in ${seconds(importMs)} s = ${importRate.toFixed(0)} rows/s`);
    console.log(`ratio import / COPY: ${(importRate / copyRate).toFixed(3)} (target ≥ 0.30, under 60 s)`);
    console.log(`ratio COPY into positions / COPY (the best any import can do): ${(floorRate / copyRate).toFixed(3)}`);
    console.log(`ratio import / COPY into positions: ${(importRate / floorRate).toFixed(2)}`);
  } finally {
    await raw.end();
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (process.argv[1]?.endsWith('import.ts')) {
  process.env.LOG_LEVEL ??= 'silent';
  benchImport(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres').catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
