import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import { readConfig } from './config';

function configuredLevel(): string {
  try {
    return readConfig().LOG_LEVEL;
  } catch {
    // An invalid configuration is reported by the startup check; the logger must still work to say so.
    return 'info';
  }
}

/** Structured JSON logs. Never log secrets, passwords or full personal data. */
export const logger = pino({
  level: configuredLevel(),
  base: { service: 'portale-pagamenti' },
  redact: { paths: ['*.password', '*.passwordHash', '*.secret', '*.authorization', '*.cookie'], censor: '[omesso]' },
});

/** The logger of one request: each line carries its id (lib/http/request-id.ts), so a request's lines can be found together. */
export function requestLogger(requestId: string | null | undefined): Logger {
  return requestId ? logger.child({ requestId }) : logger;
}

// On globalThis: Next may load this module once per bundle, and the request's code must find the same store.
const holder = globalThis as typeof globalThis & { __portaleRequestLogs?: AsyncLocalStorage<Logger> };
const requestLogs = (holder.__portaleRequestLogs ??= new AsyncLocalStorage<Logger>());

/** Runs `work` so that `requestLog()`, anywhere below it, logs with this request's id. */
export function withRequestId<T>(requestId: string | null | undefined, work: () => T): T {
  return requestLogs.run(requestLogger(requestId), work);
}

/** The logger of the request being served, or the plain one outside a request (worker, scripts). */
export function requestLog(): Logger {
  return requestLogs.getStore() ?? logger;
}
