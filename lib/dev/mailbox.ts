import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface MailboxOptions {
  /** 0 picks a free port. */
  port: number;
  /** Every message accepted, raw (RFC 5322 bytes). */
  onMessage(raw: Buffer): Promise<void> | void;
  /** A temporary refusal (451) for this message instead, when it returns a reason: a relay that is down. */
  refuse?(): string | null;
}

export interface RunningMailbox {
  port: number;
  close(): Promise<void>;
  /** Lets the process end while it still listens (a test run's relay, never closed). */
  unref(): void;
}

/** Larger than any receipt with its PDF: anything bigger is not ours. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * An SMTP server on the loopback interface that accepts any sender and recipient without TLS or login: the
 * development mailbox of `npm run dev` and the relay of the tests. Never a real relay: it delivers nothing.
 */
export function startMailbox(options: MailboxOptions): Promise<RunningMailbox> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const reason = options.refuse?.();
        if (reason) return callback(Object.assign(new Error(reason), { responseCode: 451 }));
        if (stream.sizeExceeded) return callback(Object.assign(new Error('messaggio troppo grande'), { responseCode: 552 }));
        Promise.resolve(options.onMessage(Buffer.concat(chunks))).then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const { port } = server.server.address() as AddressInfo;
      resolve({ port, close: () => new Promise((done) => server.close(() => done())), unref: () => server.server.unref() });
    });
  });
}
