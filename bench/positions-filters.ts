import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { bootstrapDatabase } from '@/db';
import { openDatabase, type Database } from '@/db/client';
import { positions, services } from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import { positionFiltersSchema } from '@/lib/positions/staff-filters';
import { filterConditions, listPositions, totalPositions } from '@/lib/positions/staff-list';
import { enteBySlug } from '../tests/support/payments';

/**
 * The back office's positions filters at scale: BENCH_POSITIONS (1,000,000) positions of one Ente, loaded
 * with generate_series into a throw-away database of the PostgreSQL server, then each filter's first page,
 * its second page (keyset) and its totals run RUNS times; p50/p95 are printed with the ratio to a plain
 * primary-key lookup measured in the same run, and the index the planner chose for each list query.
 */
const COUNT = Number(process.env.BENCH_POSITIONS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_FILTER_RUNS ?? 50);
const BATCH = 100_000;

async function load(db: Database, enteId: string, fiscalCode: string, catalogue: { id: string; title: string }[]) {
  for (let from = 1; from <= COUNT; from += BATCH) {
    const to = Math.min(COUNT, from + BATCH - 1);
    // Spread like a real Ente's data: five kinds of causale, 100,000 debtors, two years of due dates, a
    // position every 30 seconds, 5% paid, 5% cancelled, 10% expired.
    await db.execute(sql`
      insert into positions (ente_id, service_id, service_title, creditor_fiscal_code, notice_number, iuv, debtor_type, debtor_fiscal_code,
        debtor_name, causale, amount_cents, due_date, status, external_id, registration_status, created_at, updated_at)
      select ${enteId}::uuid, (array[${sql.join(
        catalogue.map((s) => sql`${s.id}::uuid`),
        sql`, `,
      )}])[1 + i % ${catalogue.length}], (array[${sql.join(
        catalogue.map((s) => sql`${s.title}::text`),
        sql`, `,
      )}])[1 + i % ${catalogue.length}], ${fiscalCode},
        '399' || lpad(i::text, 15, '0'), '99' || lpad(i::text, 15, '0'), 'F',
        'RSSMRA' || lpad((i % 100000)::text, 10, '0'), 'Debitore ' || (i % 100000),
        (array['TARI rata', 'Mensa scolastica', 'Trasporto scolastico', 'Sanzione codice strada', 'Lampade votive'])[1 + i % 5]
          || ' pratica P' || i,
        100 + i % 50000, date '2026-01-01' + (i % 730),
        (case when i % 20 = 0 then 'paid' when i % 20 = 1 then 'cancelled' when i % 10 = 2 then 'expired' else 'valid' end)::position_status,
        'EXT-' || i, 'registered', now() - make_interval(secs => (${COUNT} - i) * 30), now()
      from generate_series(${from}::int, ${to}::int) as i`);
    process.stderr.write(`\r  caricate ${to.toLocaleString('it-IT')} posizioni`);
  }
  process.stderr.write('\n');
  await db.execute(sql`analyze positions`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(work: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await work(0);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

export async function benchPositionFilters(serverUrl: string): Promise<void> {
  const name = `portale_bench_positions_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  try {
    await bootstrapDatabase(handle, { seed: true });
    const db = handle.db;
    const ente = await enteBySlug(db, 'comune-demo');
    const catalogue = await db.select({ id: services.id, title: services.title }).from(services).where(eq(services.enteId, ente.id));
    const serviceIds = catalogue.map((s) => s.id);
    const loadStart = performance.now();
    await load(db, ente.id, ente.fiscalCode, catalogue);
    console.log(
      `positions filters: ${COUNT.toLocaleString('it-IT')} posizioni caricate in ${((performance.now() - loadStart) / 1000).toFixed(0)} s`,
    );

    const ids = rowsOf<{ id: string }>(
      await db.execute(sql`select id from positions where ente_id = ${ente.id} order by random() limit ${RUNS + 1}`),
    );
    const pk = await measure((i) => db.select().from(positions).where(eq(positions.id, ids[i]!.id)));
    console.log(`primary-key lookup: p50 ${pk.p50.toFixed(2)} ms, p95 ${pk.p95.toFixed(2)} ms`);

    const all = { serviceIds: null };
    const cases: [string, Record<string, string>][] = [
      ['nessun filtro', {}],
      ['stato = pagata (5%)', { stato: 'paid' }],
      ['stato = da pagare (80%)', { stato: 'valid' }],
      ['servizio', { servizio: serviceIds[0]! }],
      ['scadenza in un mese', { scadenzaDal: '2026-03-01', scadenzaAl: '2026-03-31' }],
      ['codice fiscale del debitore', { cf: 'RSSMRA0000012345' }],
      ['codice avviso', { avviso: `399${String(Math.floor(COUNT / 2)).padStart(15, '0')}` }],
      ['identificativo esterno', { idEsterno: `EXT-${Math.floor(COUNT / 3)}` }],
      ['testo raro nella causale', { testo: `P${Math.floor(COUNT / 4)}` }],
      ['testo comune nella causale (20%)', { testo: 'lampade votive' }],
      ['servizio + stato + scadenza', { servizio: serviceIds[1]!, stato: 'valid', scadenzaDal: '2026-06-01', scadenzaAl: '2026-06-30' }],
    ];
    console.log(
      '| filtro | indice scelto (prima pagina) | prima pagina p50 / p95 | seconda pagina p95 | totali p50 / p95 | p95 / chiave primaria |',
    );
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const [label, query] of cases) {
      const filters = positionFiltersSchema.parse(query);
      const first = await listPositions(db, ente.id, all, filters);
      const plan = rowsOf<{ 'QUERY PLAN': string }>(
        await db.execute(
          sql`explain select * from ${positions} where ${filterConditions(ente.id, all, filters)} order by created_at desc, id desc limit 51`,
        ),
      )
        .map((r) => /(?:Index Only|Index|Bitmap Index) Scan(?: Backward)? (?:using|on) (\w+)/.exec(r['QUERY PLAN'])?.[1])
        .filter(Boolean);
      const page = await measure(() => listPositions(db, ente.id, all, filters));
      const next = first.next ? await measure(() => listPositions(db, ente.id, all, { ...filters, dopo: first.next })) : undefined;
      const totals = await measure(() => totalPositions(db, ente.id, all, filters));
      console.log(
        `| ${label} | ${query.testo ? 'in due passi (vedi staff-list.ts)' : [...new Set(plan)].join(', ') || 'seq scan'} | ${page.p50.toFixed(1)} / ${page.p95.toFixed(1)} ms | ${next ? `${next.p95.toFixed(1)} ms` : '—'} | ${totals.p50.toFixed(1)} / ${totals.p95.toFixed(1)} ms | ${(page.p95 / pk.p95).toFixed(1)}× |`,
      );
    }
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (process.argv[1]?.endsWith('positions-filters.ts')) {
  process.env.LOG_LEVEL ??= 'silent';
  benchPositionFilters(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres').catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
