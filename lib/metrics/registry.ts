import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/*
 * The instance's Prometheus metrics, one registry per process. Next may load this module more than once
 * (route bundles, instrumentation): the registry lives on globalThis so that every copy counts into the
 * same metrics and a metric is never registered twice. Labels are low-cardinality by construction: routes
 * are patterns, never raw paths; Enti are not labels. The gauges read from the database are set at scrape
 * time (lib/metrics/database-gauges.ts); Node's process metrics (memory, CPU, event loop) come with them.
 */

interface Metrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method'>;
  /** Partner pushes (callbacks, GovPay, paSendRTV2) by what the answer was. */
  callbackOutcomes: Counter<'partner' | 'outcome'>;
  /** Receipts appended to a chain, by partner. */
  receiptsCreated: Counter<'partner'>;
  /** Time from a push's acknowledgement to its receipt in the chain. */
  ackToReceipt: Histogram;
  partnerCallDuration: Histogram<'partner' | 'operation' | 'result'>;
  /** Page cache look-ups: hit, stale or miss. */
  cacheLookups: Counter<'result'>;
  /** Live jobs due now, per queue: the backlog. */
  jobsDue: Gauge<'queue'>;
  /** How long the oldest due job of a queue has been waiting. */
  jobsLag: Gauge<'queue'>;
  /** Jobs that failed every attempt and wait for staff. */
  jobsDead: Gauge<'queue'>;
  /** Verified partner pushes stored but not processed yet, and the age of the oldest. */
  inboxPending: Gauge;
  inboxOldestPending: Gauge;
  /** 1 when the scrape's database queries answered, 0 when they failed (the gauges above are then absent). */
  databaseUp: Gauge;
}

const holder = globalThis as typeof globalThis & { __portaleMetrics?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    httpRequests: new Counter({
      name: 'portale_http_requests_total',
      help: 'HTTP requests answered, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'portale_http_request_duration_seconds',
      help: 'HTTP request duration, by route pattern and method',
      labelNames: ['route', 'method'],
      buckets: seconds,
      registers: [registry],
    }),
    callbackOutcomes: new Counter({
      name: 'portale_partner_pushes_total',
      help: 'Partner pushes (receipts, reconciliation) by partner and outcome',
      labelNames: ['partner', 'outcome'],
      registers: [registry],
    }),
    receiptsCreated: new Counter({
      name: 'portale_receipts_created_total',
      help: 'Receipts appended to an Ente hash chain',
      labelNames: ['partner'],
      registers: [registry],
    }),
    ackToReceipt: new Histogram({
      name: 'portale_receipt_ack_to_chain_seconds',
      help: 'Time from the acknowledgement of a pushed receipt to its append to the chain',
      buckets: seconds,
      registers: [registry],
    }),
    partnerCallDuration: new Histogram({
      name: 'portale_partner_call_duration_seconds',
      help: 'Calls to payment partners, by partner, operation and result (ok or error)',
      labelNames: ['partner', 'operation', 'result'],
      buckets: seconds,
      registers: [registry],
    }),
    cacheLookups: new Counter({
      name: 'portale_page_cache_lookups_total',
      help: 'Shared page cache look-ups by result (hit, stale, miss)',
      labelNames: ['result'],
      registers: [registry],
    }),
    jobsDue: new Gauge({
      name: 'portale_jobs_due',
      help: 'Live jobs due now, by queue',
      labelNames: ['queue'],
      registers: [registry],
    }),
    jobsLag: new Gauge({
      name: 'portale_jobs_lag_seconds',
      help: 'Age of the oldest due job of a queue since it became due',
      labelNames: ['queue'],
      registers: [registry],
    }),
    jobsDead: new Gauge({
      name: 'portale_jobs_dead',
      help: 'Jobs stopped after their last attempt, by queue',
      labelNames: ['queue'],
      registers: [registry],
    }),
    inboxPending: new Gauge({
      name: 'portale_partner_inbox_pending',
      help: 'Verified partner pushes stored and not processed yet',
      registers: [registry],
    }),
    inboxOldestPending: new Gauge({
      name: 'portale_partner_inbox_oldest_pending_seconds',
      help: 'Age of the oldest verified partner push not processed yet (0 when none)',
      registers: [registry],
    }),
    databaseUp: new Gauge({
      name: 'portale_database_up',
      help: 'Whether the database answered the scrape-time queries',
      registers: [registry],
    }),
  };
}

export function metrics(): Metrics {
  return (holder.__portaleMetrics ??= create());
}
