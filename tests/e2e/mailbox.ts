import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { startMailbox } from '@/lib/dev/mailbox';

/** The SMTP relay of a browser run: what the portals of this process send, kept in memory for the checks. */
export interface E2EMailbox {
  port: number;
  /** The first message received (now or later) that `match` accepts. */
  waitFor(match: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
}

let started: Promise<E2EMailbox> | undefined;

/**
 * One per process, started by the first portal: without it every portal would retry its e-mail against a relay
 * that is not there (the demo data has citizens with addresses), and the e-mail checks would have nothing to read.
 * It does not keep the process alive.
 */
export async function e2eMailbox(): Promise<E2EMailbox> {
  started ??= (async () => {
    const received: ParsedMail[] = [];
    const waiting = new Set<() => void>();
    const server = await startMailbox({
      port: 0,
      async onMessage(raw) {
        received.push(await simpleParser(raw));
        for (const wake of waiting) wake();
      },
    });
    server.unref();
    return {
      port: server.port,
      waitFor(match, timeoutMs = 30_000) {
        return new Promise((resolve, reject) => {
          const check = () => {
            const found = received.find(match);
            if (!found) return;
            cleanup();
            resolve(found);
          };
          const timer = setTimeout(() => {
            cleanup();
            reject(new Error(`nessuna e-mail attesa entro ${timeoutMs / 1000} s (${received.length} ricevute)`));
          }, timeoutMs);
          const cleanup = () => {
            clearTimeout(timer);
            waiting.delete(check);
          };
          waiting.add(check);
          check();
        });
      },
    };
  })();
  return started;
}

/** The addresses a message was sent to, lower case. */
export function recipientsOf(mail: ParsedMail): string[] {
  const field: AddressObject | AddressObject[] | undefined = mail.to;
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) =>
    a.value.flatMap((v) => (v.address ? [v.address.toLowerCase()] : [])),
  );
}
