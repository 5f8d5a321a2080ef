import pino from 'pino';
import { logger } from '@/lib/logger';

export type LogLine = Record<string, unknown>;

/**
 * Collects what the application logs (at info and above) instead of writing it out, until `restore`. The
 * request loggers are children of `logger` and write through its stream, so they are collected too.
 */
export function captureLogs(): { lines: LogLine[]; restore(): void } {
  const lines: LogLine[] = [];
  const target = logger as unknown as Record<symbol, unknown>;
  const stream = target[pino.symbols.streamSym];
  const level = logger.level;
  target[pino.symbols.streamSym] = { write: (text: string) => void lines.push(JSON.parse(text) as LogLine) };
  logger.level = 'info';
  return {
    lines,
    restore() {
      target[pino.symbols.streamSym] = stream;
      logger.level = level;
    },
  };
}
