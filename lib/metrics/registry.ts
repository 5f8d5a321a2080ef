import { Counter, Histogram, Registry } from 'prom-client';

/*
 * The instance's Prometheus metrics, one registry per process. Next may load this module more than once
 * (route bundles, instrumentation): the registry lives on globalThis so that every copy counts into the
 * same metrics and a metric is never registered twice. Labels are low-cardinality by construction: routes
 * are patterns, never raw paths; Enti are not labels.
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
}

const holder = globalThis as typeof globalThis & { __portaleMetrics?: Metrics };

function create(): Metrics {
  const registry = new Registry();
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
  };
}

export function metrics(): Metrics {
  return (holder.__portaleMetrics ??= create());
}
