import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { inArray, isNull, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';

/**
 * `npm run bench:faults`: a storm of N signed sandbox callbacks, 8 in flight, through the callback
 * endpoint's handler (in process, the code the route runs, which kicks the receipt sequencer after each
 * acknowledgement), while PostgreSQL restarts under it. The sender behaves like a partner
 * (tests/support/partner-delivery.ts): it retries every 5xx with backoff until it gets an answer it may keep. Sequencer runs cut by the restart leave
 * their receipts pending: the sweep the worker runs every second appends them, here once after the storm.
 * The database is a private, throw-away cluster (BENCH_PG_BIN, BENCH_FAULT_PORT), never the shared one.
 * Sizes and modes: BENCH_FAULT_CALLBACKS (400), BENCH_FAULT_RESTART_MODE (fast | immediate).
 * Exit status 0 only if every receipt exists exactly once, no anomaly was raised, every inbox entry is
 * settled, some answers were 503 (the restart did hit the storm) and nothing escaped as an uncaught error.
 */
const CALLBACKS = Number(process.env.BENCH_FAULT_CALLBACKS ?? 400);
const IN_FLIGHT = 8;
const PORT = Number(process.env.BENCH_FAULT_PORT ?? 5544);
const PG_BIN = process.env.BENCH_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const DEADLINE_MS = Number(process.env.BENCH_FAULT_DEADLINE_MS ?? 180_000);
const RESTART_MODE = process.env.BENCH_FAULT_RESTART_MODE === 'immediate' ? 'immediate' : 'fast';
const ENDPOINT = 'http://localhost:3000/api/partners/sandbox/callbacks';

const uncaught: string[] = [];
process.on('uncaughtException', (error) => uncaught.push(`uncaughtException: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) =>
  uncaught.push(`unhandledRejection: ${reason instanceof Error ? reason.message : String(reason)}`),
);

interface Tally {
  answers: Map<number, number>;
  outcomes: Map<string, number>;
  rejected: string[];
}

function bump<K>(map: Map<K, number>, key: K) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

async function main() {
  // Before the app modules load: their logger reads the level once. 503s are counted, not logged.
  process.env.LOG_LEVEL ??= 'silent';
  process.env.SANDBOX_ENABLED = 'true';
  const { PrivatePostgres } = await import('./private-postgres');
  const { openDatabase } = await import('@/db/client');
  const { bootstrapDatabase } = await import('@/db');
  const { anomalies, partnerInbox, positions, receipts } = await import('@/db/schema');
  const { handleSandboxCallbackRequest } = await import('@/lib/payments/callbacks');
  const { verifyReceiptChains } = await import('@/lib/payments/verify-chain');
  const { drainPendingReceipts } = await import('@/lib/receipts-pipeline/trigger');
  const { callbackBody, enteBySlug, newPosition, receiptFor, sandboxSecret } = await import('../tests/support/payments');
  const { deliverLikePartner } = await import('../tests/support/partner-delivery');

  const cluster = new PrivatePostgres(PORT, PG_BIN);
  let handle: DatabaseHandle | undefined;
  try {
    await cluster.init();
    await cluster.start();
    handle = await openDatabase({ url: cluster.url });
    const db = handle.db;
    await bootstrapDatabase(handle, { seed: true });
    const ente = await enteBySlug(db, 'comune-demo');
    const secret = await sandboxSecret(db, ente.id);
    const bodies: string[] = [];
    const receiptIds: string[] = [];
    for (let i = 0; i < CALLBACKS; i++) {
      const position = await newPosition(db, ente, 1000 + i);
      const receiptId = randomUUID().replace(/-/g, '');
      receiptIds.push(receiptId);
      bodies.push(callbackBody(ente, receiptFor(ente, position, receiptId)));
    }

    const tally: Tally = { answers: new Map(), outcomes: new Map(), rejected: [] };
    const deadline = Date.now() + DEADLINE_MS;
    let answered = 0;
    let restart: Promise<number> | undefined;
    const restartAt = Math.floor(CALLBACKS / 4);

    // The handler in process, as the route calls it: it answers, it does not throw, so a throw ends the run.
    const send = (body: string, signature: string) =>
      handleSandboxCallbackRequest(
        new Request(ENDPOINT, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.1', 'x-signature': signature },
          body,
        }),
        async () => db,
      );
    const deliver = async (body: string) => {
      const outcome = await deliverLikePartner(send, { body, secret }, deadline, { onAnswer: (status) => bump(tally.answers, status) });
      if (outcome.kind === 'deadline') tally.rejected.push('tempo scaduto');
      else if (outcome.kind === 'refused') tally.rejected.push(`HTTP ${outcome.answer.status}: ${await outcome.answer.text()}`);
      else {
        bump(tally.outcomes, ((await outcome.answer.json()) as { outcome: string }).outcome);
        answered++;
        if (answered >= restartAt && !restart) {
          const started = performance.now();
          restart = cluster.restart(RESTART_MODE).then(() => performance.now() - started);
        }
      }
    };

    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < bodies.length) await deliver(bodies[next++]!);
      }),
    );
    const elapsedMs = performance.now() - started;
    const restartMs = restart ? await restart : NaN;
    const stillPending = await drainPendingReceipts(db);

    const created = await db.select({ receiptId: receipts.receiptId }).from(receipts).where(inArray(receipts.receiptId, receiptIds));
    const duplicateReceipts = created.length - new Set(created.map((r) => r.receiptId)).size;
    const [anomalyCount] = await db.select({ n: sql<number>`count(*)::int` }).from(anomalies);
    const [paid] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(positions)
      .where(sql`${positions.status} = 'paid'`);
    const [unprocessed] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(partnerInbox)
      .where(isNull(partnerInbox.processedAt));
    const chain = await verifyReceiptChains(db);
    const fivexx = [...tally.answers].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);

    const line = (label: string, value: string | number) => console.log(`${label.padEnd(52)} ${value}`);
    console.log(
      `fault run: ${CALLBACKS} signed callbacks, ${IN_FLIGHT} in flight, PostgreSQL restarted (pg_ctl restart -m ${RESTART_MODE}) after ${restartAt} receipts`,
    );
    line('receipts created (distinct receipt ids in the DB)', `${new Set(created.map((r) => r.receiptId)).size} of ${CALLBACKS}`);
    line('duplicate receipts (same receipt id twice)', duplicateReceipts);
    line('anomalies', anomalyCount!.n);
    line('5xx answers (retried by the sender)', fivexx);
    line('uncaught errors', uncaught.length);
    line(
      'answers by status',
      [...tally.answers]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', '),
    );
    line('200 outcomes', [...tally.outcomes].map(([o, n]) => `${o}: ${n}`).join(', '));
    line('callbacks refused for good (4xx, timeout)', tally.rejected.length);
    line('positions paid', paid!.n);
    line('Enti with receipts still pending after the sweep', stillPending);
    line('inbox entries never settled', unprocessed!.n);
    line('receipt chain problems', chain.problems.length);
    line('restart took', `${(restartMs / 1000).toFixed(2)} s`);
    line('storm took', `${(elapsedMs / 1000).toFixed(2)} s`);
    for (const message of [...uncaught, ...tally.rejected].slice(0, 10)) console.log(`  ${message}`);

    const ok =
      created.length === CALLBACKS &&
      duplicateReceipts === 0 &&
      anomalyCount!.n === 0 &&
      stillPending === 0 &&
      unprocessed!.n === 0 &&
      fivexx > 0 &&
      uncaught.length === 0 &&
      tally.rejected.length === 0 &&
      chain.problems.length === 0;
    console.log(ok ? 'OK' : 'FALLITO');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await handle?.close().catch(() => undefined);
    await cluster.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
