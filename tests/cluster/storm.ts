import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { receipts } from '@/db/schema';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';
import { callbackBody, enteBySlug, newPosition, receiptFor, sandboxSecret } from '../support/payments';
import { type HostResponse } from '../e2e/harness';
import { deliverLikePartner, type CallbackSender, type DeliveryHooks } from '../support/partner-delivery';
import { runPool } from '../support/pool';
import type { Cluster } from './cluster';

/** One signed sandbox callback that pays one new position. */
export interface Delivery {
  receiptId: string;
  noticeNumber: string;
  body: string;
  secret: string;
}

/**
 * `count` new positions, each with the callback that pays it: four in five for comune-demo (one Ente's
 * chain under load), the others spread over `otherEnti` (their chains interleaved with it).
 */
export async function prepareDeliveries(db: Database, count: number, otherEnti = ['valmora', 'castel-oglio']): Promise<Delivery[]> {
  const enti = await Promise.all(['comune-demo', ...otherEnti].map((slug) => enteBySlug(db, slug)));
  const secrets = await Promise.all(enti.map((ente) => sandboxSecret(db, ente.id)));
  const deliveries: Delivery[] = new Array<Delivery>(count);
  // A few at a time: the positions of one Ente still take their notice numbers one after the other.
  const indices = Array.from({ length: count }, (_, i) => i);
  await runPool(indices, 4, async (i) => {
    const which = i % 5 === 4 ? 1 + (Math.floor(i / 5) % otherEnti.length) : 0;
    const ente = enti[which]!;
    const position = await newPosition(db, ente, 1000 + i);
    const receiptId = randomUUID().replace(/-/g, '');
    const body = callbackBody(ente, receiptFor(ente, position, receiptId));
    deliveries[i] = { receiptId, noticeNumber: position.noticeNumber, body, secret: secrets[which]! };
  });
  return deliveries;
}

/** What a client puts in X-Forwarded-For to pass for someone else: the app must see nginx's entry instead. */
export const FORGED_FORWARDED_FOR = '203.0.113.9';

/** The partner's way in: the sandbox callback endpoint on the base domain, through nginx. */
export function senderThrough(cluster: Pick<Cluster, 'request'>): CallbackSender<HostResponse> {
  return (body, signature) => {
    const headers = { 'content-type': 'application/json', 'x-signature': signature, 'x-forwarded-for': FORGED_FORWARDED_FOR };
    return cluster.request('/api/partners/sandbox/callbacks', { method: 'POST', headers, body });
  };
}

export interface StormOptions {
  inFlight: number;
  deadlineMs: number;
  /** After this many acknowledgements `onKill` runs, while the storm goes on. */
  killAfter?: number;
  onKill?: () => Promise<void>;
  /** Every n-th callback is delivered a second time later on, as partners do. */
  resendEvery?: number;
}

export interface StormResult {
  /** Receipt ids of the callbacks answered 2xx. */
  acknowledged: Set<string>;
  deliveries: number;
  answers: Map<number, number>;
  connectionErrors: number;
  /** Callbacks refused for good (4xx) or still unanswered at the deadline: each one is a failure. */
  refused: string[];
  elapsedMs: number;
  /** From the kill to the last failed attempt the sender saw (0: none after the kill). */
  recoveryMs: number | null;
  killError?: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A partner's storm: every callback is delivered as a partner does (tests/support/partner-delivery.ts),
 * connection errors retried too, until it gets a 2xx (acknowledged) or a 4xx (refused).
 */
export async function runStorm(send: CallbackSender<HostResponse>, deliveries: Delivery[], options: StormOptions): Promise<StormResult> {
  const queue = [...deliveries];
  if (options.resendEvery) {
    deliveries.forEach((delivery, i) => {
      if (i % options.resendEvery! === 0) queue.splice(Math.min(queue.length, i + Math.ceil(deliveries.length / 3)), 0, delivery);
    });
  }
  const result: StormResult = {
    acknowledged: new Set(),
    deliveries: queue.length,
    answers: new Map(),
    connectionErrors: 0,
    refused: [],
    elapsedMs: 0,
    recoveryMs: null,
  };
  const started = performance.now();
  const deadline = Date.now() + options.deadlineMs;
  let acks = 0;
  let killedAt: number | undefined;
  let lastFailureAt = 0;
  let killing: Promise<void> | undefined;
  const hooks: DeliveryHooks = {
    onAnswer: (status) => result.answers.set(status, (result.answers.get(status) ?? 0) + 1),
    onSendError: () => result.connectionErrors++,
    onRetry: () => (lastFailureAt = performance.now()),
  };

  const deliver = async (delivery: Delivery) => {
    const outcome = await deliverLikePartner(send, delivery, deadline, hooks);
    if (outcome.kind === 'deadline') result.refused.push(`${delivery.receiptId}: nessuna risposta 2xx entro il tempo massimo`);
    else if (outcome.kind === 'refused') result.refused.push(`${delivery.receiptId}: HTTP ${outcome.answer.status}`);
    else {
      result.acknowledged.add(delivery.receiptId);
      if (++acks === options.killAfter && options.onKill) {
        killedAt = performance.now();
        killing = options.onKill().catch((error: unknown) => {
          result.killError = error;
        });
      }
    }
  };

  await runPool(queue, options.inFlight, deliver);
  await killing;
  result.elapsedMs = performance.now() - started;
  if (killedAt !== undefined) result.recoveryMs = Math.max(0, lastFailureAt - killedAt);
  return result;
}

export interface StormAudit {
  acknowledged: number;
  /** Acknowledged callbacks that became a receipt. */
  receipts: number;
  lost: number;
  /** Receipt rows beyond the first for one receipt id of an Ente, or for one notice. */
  duplicated: number;
  chainProblems: string[];
  /** How long the receipts took to appear after the storm ended (the sequencer may append after the ack). */
  waitedMs: number;
}

/**
 * Waits (at most `timeoutMs`) until every acknowledged callback is a receipt, then counts what was lost or
 * duplicated among the storm's notices and verifies every Ente's hash chain.
 */
export async function auditStorm(db: Database, deliveries: Delivery[], acknowledged: Set<string>, timeoutMs: number): Promise<StormAudit> {
  const ids = [...acknowledged];
  const notices = deliveries.map((d) => d.noticeNumber);
  const started = performance.now();
  const present = async () => {
    const [row] = await db
      .select({ n: sql<number>`count(distinct ${receipts.receiptId})::int` })
      .from(receipts)
      .where(inArray(receipts.receiptId, ids));
    return row!.n;
  };
  let found = ids.length === 0 ? 0 : await present();
  while (found < ids.length && performance.now() - started < timeoutMs) {
    await sleep(250);
    found = await present();
  }
  const waitedMs = performance.now() - started;
  const [byReceipt] = await db
    .select({ extra: sql<number>`(count(*) - count(distinct (${receipts.enteId}, ${receipts.receiptId})))::int` })
    .from(receipts)
    .where(inArray(receipts.noticeNumber, notices));
  const [byNotice] = await db
    .select({ extra: sql<number>`(count(*) - count(distinct ${receipts.noticeNumber}))::int` })
    .from(receipts)
    .where(inArray(receipts.noticeNumber, notices));
  const chain = await verifyReceiptChains(db);
  return {
    acknowledged: ids.length,
    receipts: found,
    lost: ids.length - found,
    duplicated: Math.max(byReceipt!.extra, byNotice!.extra),
    chainProblems: chain.problems.map((p) => `${p.enteSlug} n. ${p.seq}: ${p.problem}`),
    waitedMs,
  };
}

/** The lines both the test and the benchmark print. */
export function stormReport(storm: StormResult, audit: StormAudit, retriedByNginx: number): [string, string | number][] {
  const failed = [...storm.answers].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
  return [
    ['callbacks sent (resends included)', storm.deliveries],
    ['acknowledged (distinct receipt ids)', audit.acknowledged],
    ['receipts', audit.receipts],
    ['lost', audit.lost],
    ['duplicated', audit.duplicated],
    ['chain ok', audit.chainProblems.length === 0 ? 'yes' : `NO (${audit.chainProblems.length} problems)`],
    ['5xx seen by the sender (502 among them)', `${failed} (${storm.answers.get(502) ?? 0})`],
    ['connection errors seen by the sender', storm.connectionErrors],
    ['requests nginx moved to another instance', retriedByNginx],
    ['refused for good (4xx, deadline)', storm.refused.length],
    ['time to recover (kill → last failed attempt)', storm.recoveryMs === null ? 'no kill' : `${(storm.recoveryMs / 1000).toFixed(2)} s`],
    [
      'storm took',
      `${(storm.elapsedMs / 1000).toFixed(2)} s (${((audit.acknowledged * 1000) / storm.elapsedMs).toFixed(1)} acknowledged/s)`,
    ],
    ['ack → last receipt wait after the storm', `${(audit.waitedMs / 1000).toFixed(2)} s`],
  ];
}
