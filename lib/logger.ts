import pino from 'pino';

const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');

/** Structured JSON logs. Never log secrets, passwords or full personal data. */
export const logger = pino({
  level,
  base: { service: 'portale-pagamenti' },
  redact: { paths: ['*.password', '*.passwordHash', '*.secret', '*.authorization', '*.cookie'], censor: '[omesso]' },
});
