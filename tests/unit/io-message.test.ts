import type { MessageFacts } from '@/lib/notifications/facts';
import { ioNewMessage } from '@/lib/notifications/io/client';
import { IO_EMAIL_PREVIEW, ioDueDate, renderIoMessage } from '@/lib/notifications/io/message';
import { retryAfterMs } from '@/lib/partners/http';

/* The App IO message as reference notifications.md §1–2 describes it, and the wait a 429 asks for. */

const ENTE: MessageFacts['ente'] = {
  name: 'Comune di Demo',
  email: 'tributi@comune-demo.example.it',
  pec: null,
  phone: '030 1234567',
  address: 'Piazza Municipio 1, Demo',
  website: null,
  officeHours: null,
};

const facts = (overrides: Partial<MessageFacts> = {}): MessageFacts => ({
  kind: 'new_notice',
  locale: 'it',
  ente: ENTE,
  logoUrl: null,
  amountCents: 12_350,
  // A causale may name people: it must stay out of the subject and of what IO copies into its e-mail.
  service: 'TARI 2026 rata 1 - Emanuele Rocca, via Roma 3',
  date: '2026-05-31',
  link: 'https://comune-demo.pagamenti.example.it/avvisi/302000000000012345?t=abc',
  noticeNumber: '302000000000012345',
  ...overrides,
});

const PERSONAL = /Rocca|Emanuele|via Roma|RCCMNL|123,50|3020/i;

describe('the App IO message', () => {
  it('carries a notice with its pay button and binding due date, at the end of the day in Rome, in UTC', () => {
    const message = renderIoMessage('rccmnl83s18d969h', facts());
    expect(ioNewMessage.safeParse(message).success).toBe(true);
    expect(message.fiscal_code).toBe('RCCMNL83S18D969H');
    expect(message.feature_level_type).toBe('STANDARD');
    expect(message.content.subject).toBe('Nuovo avviso di pagamento - Comune di Demo');
    expect(message.content.payment_data).toEqual({ amount: 12_350, notice_number: '302000000000012345', invalid_after_due_date: true });
    // Summer time: 23:59:59 in Rome is 21:59:59 UTC (the reference's own example).
    expect(message.content.due_date).toBe('2026-05-31T21:59:59.000Z');
    expect(message.content.markdown).toContain('123,50');
    expect(message.content.markdown).toContain('3020 0000 0000 0123 45');
  });

  it('keeps personal data out of the subject and of the opening IO copies into its e-mail', () => {
    for (const kind of ['receipt', 'new_notice', 'reminder'] as const) {
      const { content } = renderIoMessage('RCCMNL83S18D969H', facts({ kind, date: kind === 'receipt' ? new Date() : '2026-05-31' }));
      expect(content.subject).not.toMatch(PERSONAL);
      expect(content.markdown.slice(0, IO_EMAIL_PREVIEW)).not.toMatch(PERSONAL);
      // IO's copy starts after the last `---`: there is none, so it is the opening.
      expect(content.markdown).not.toContain('---');
      expect(content.markdown).toContain('Emanuele Rocca');
    }
  });

  it('sends a receipt without payment data or due date', () => {
    const { content } = renderIoMessage('RCCMNL83S18D969H', facts({ kind: 'receipt', date: new Date('2026-03-02T10:15:00Z') }));
    expect(content.subject).toBe('Ricevuta di pagamento - Comune di Demo');
    expect(content.payment_data).toBeUndefined();
    expect(content.due_date).toBeUndefined();
    expect(content.markdown).toContain('Scarica la ricevuta');
  });

  it('gives a notice without its own due date the pay button, no due date, and does not expire it', () => {
    const { content } = renderIoMessage('RCCMNL83S18D969H', facts({ kind: 'reminder', date: null }));
    expect(content.due_date).toBeUndefined();
    expect(content.payment_data).toMatchObject({ invalid_after_due_date: false });
  });

  it('ends the day in winter time at 22:59:59 UTC', () => {
    expect(ioDueDate('2027-01-31')).toBe('2027-01-31T22:59:59.000Z');
    expect(ioDueDate('2026-10-25')).toBe('2026-10-25T22:59:59.000Z');
    expect(ioDueDate('2026-03-29')).toBe('2026-03-29T21:59:59.000Z');
  });

  it('stays within IO’s limits with a long name, and shows the Ente’s text as text', () => {
    const name = `Unione dei Comuni ${'della Valle '.repeat(20)}`.trim();
    const message = renderIoMessage(
      'RCCMNL83S18D969H',
      facts({ ente: { ...ENTE, name }, service: 'Mensa [clicca qui](https://phishing.example) ![x](https://t.example/p.png) **urgente**' }),
    );
    expect(ioNewMessage.safeParse(message).success).toBe(true);
    expect(message.content.subject).toHaveLength(120);
    expect(message.content.subject.endsWith('…')).toBe(true);
    expect(message.content.markdown).toContain('\\[clicca qui\\](https://phishing.example) !\\[x\\]');
    expect(message.content.markdown).not.toContain('**urgente**');
  });
});

describe('the wait a 429 or 5xx asks for', () => {
  const now = Date.parse('2026-05-01T10:00:00Z');
  it('reads Retry-After in seconds or as a date, and APIM’s x-rate-limit-retry-after', () => {
    expect(retryAfterMs({ 'retry-after': '7' }, now)).toBe(7000);
    expect(retryAfterMs({ 'retry-after': 'Fri, 01 May 2026 10:00:30 GMT' }, now)).toBe(30_000);
    expect(retryAfterMs({ 'x-rate-limit-retry-after': '5' }, now)).toBe(5000);
    expect(retryAfterMs({ 'retry-after': '2', 'x-rate-limit-retry-after': '5' }, now)).toBe(2000);
  });

  it('ignores what it cannot read and caps what is too long', () => {
    expect(retryAfterMs({}, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'presto' }, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': '-3' }, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': '999999999' }, now)).toBe(3_600_000);
    expect(retryAfterMs({ 'retry-after': 'Fri, 01 May 2026 09:00:00 GMT' }, now)).toBe(0);
  });
});
