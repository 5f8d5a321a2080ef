import { simpleParser, type ParsedMail } from 'mailparser';
import { startMailbox, type RunningMailbox } from '@/lib/dev/mailbox';

/** The tests' SMTP relay: a real server in process, keeping what arrives parsed; `failNext` refuses the next messages. */
export interface TestRelay {
  messages: ParsedMail[];
  failNext(count: number): void;
  env(): Record<string, string>;
  close(): Promise<void>;
}

export async function startTestRelay(): Promise<TestRelay> {
  const messages: ParsedMail[] = [];
  let refusals = 0;
  const server: RunningMailbox = await startMailbox({
    port: 0,
    onMessage: async (raw) => void messages.push(await simpleParser(raw)),
    refuse: () => (refusals > 0 ? (refusals--, 'servizio momentaneamente non disponibile') : null),
  });
  return {
    messages,
    failNext: (count) => void (refusals = count),
    env: () => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(server.port), SMTP_FROM: 'noreply@pagamenti.test.it' }),
    close: () => server.close(),
  };
}
