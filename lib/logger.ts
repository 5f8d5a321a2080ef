import pino from 'pino';
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
