import { eq } from 'drizzle-orm';
import { auditLog, publicQuestions } from '@/db/schema';
import { answerPublicQuestion, archivePublicQuestion, sendQuestion } from '@/lib/questions/actions';
import { CONSENT_VERSION } from '@/lib/questions/consent';
import { listQuestions } from '@/lib/questions/questions';
import { QUESTION_FORM_PURPOSE } from '@/lib/questions/schemas';
import { issueFormToken } from '@/lib/security/form-token';
import { actAs, nextHeaders } from '../support/action-request';
import { staffSession } from '../support/acting-as';
import { withTestDatabase } from '../support/test-db';

/*
 * «Domande?» through the real form action (the FormData a browser posts, with or without JavaScript) and
 * the CIT's actions, on the real database: consent, honeypot, fill time and rate limits.
 */
jest.mock('next/headers', () => jest.requireActual('../support/action-request').nextHeaders as typeof nextHeaders);

const { testDb } = withTestDatabase();
const db = () => testDb().handle.db;
const PROVINCIA = 'localhost:3000';

beforeAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = Promise.resolve(testDb().handle);
});
afterAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = undefined;
});

/** A form filled in by a person who took 10 seconds (or `loadedAgo` ms) since the page was loaded. */
function filled(fields: Record<string, string> = {}, loadedAgo = 10_000): FormData {
  const form = new FormData();
  const values = {
    nome: 'Anna Verdi',
    email: 'anna.verdi@comune.example.it',
    enteScelto: '',
    ente: 'Comune di Borgo Nuovo',
    domanda: 'Quanto costa aderire per un Comune di 3.000 abitanti?',
    consenso: 'si',
    modulo: issueFormToken(QUESTION_FORM_PURPOSE, Date.now() - loadedAgo),
    sito_web: '',
    ...fields,
  };
  for (const [name, value] of Object.entries(values)) if (!(name === 'consenso' && value === '')) form.set(name, value);
  return form;
}

const send = (form: FormData, address = '198.51.100.1', host = PROVINCIA) =>
  actAs(host, undefined, () => sendQuestion(undefined, form), address);

const count = async () => (await db().select({ id: publicQuestions.id }).from(publicQuestions)).length;
let seeded = 0;
beforeAll(async () => {
  seeded = await count();
});

describe('«Domande?»', () => {
  it('is refused without the consent, with the fields as typed for the page to show again', async () => {
    const result = await send(filled({ consenso: '' }));
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { consenso: 'Per inviare la domanda devi acconsentire al trattamento dei dati personali' },
      values: { nome: 'Anna Verdi', domanda: 'Quanto costa aderire per un Comune di 3.000 abitanti?' },
    });
    expect(await count()).toBe(seeded);
  });

  it('answers a forged call with no form (what a script posts) with the missing fields, never a crash', async () => {
    const forged = await actAs(PROVINCIA, undefined, () => (sendQuestion as (...args: unknown[]) => Promise<unknown>)({}, undefined));
    expect(forged).toMatchObject({ ok: false, fieldErrors: expect.objectContaining({ nome: expect.any(String) }) });
    expect(await count()).toBe(seeded);
  });

  it('is refused when the honeypot is filled, the token forged, or the form sent under 3 seconds or hours later', async () => {
    const spam = { ok: false, error: 'Non è stato possibile inviare la domanda. Ricarica la pagina e riprova.' };
    expect(await send(filled({ sito_web: 'https://spam.example' }), '198.51.100.2')).toMatchObject(spam);
    expect(await send(filled({ modulo: 'abc.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), '198.51.100.2')).toMatchObject(spam);
    expect(await send(filled({ modulo: '' }), '198.51.100.2')).toMatchObject(spam);
    expect(await send(filled({}, 1000), '198.51.100.2')).toMatchObject({ ok: false, error: expect.stringMatching(/troppo in fretta/) });
    expect(await send(filled({}, 7 * 3600_000), '198.51.100.2')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/troppo tempo fa/),
    });
    expect(await count()).toBe(seeded);
  });

  it('is stored with the consent time and text version, and the Ente chosen from the list', async () => {
    const before = new Date();
    expect(await send(filled({ enteScelto: 'valmora', ente: '' }), '198.51.100.3')).toEqual({ ok: true, data: { sent: true } });
    const [stored] = await db().select().from(publicQuestions).where(eq(publicQuestions.email, 'anna.verdi@comune.example.it'));
    expect(stored).toMatchObject({
      name: 'Anna Verdi',
      email: 'anna.verdi@comune.example.it',
      enteName: 'Comune di Valmora',
      enteId: expect.any(String),
      consentVersion: CONSENT_VERSION,
      status: 'nuova',
    });
    expect(stored!.consentAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it('exists only on the provincial site', async () => {
    expect(await send(filled(), '198.51.100.4', 'valmora.localhost:3000')).toMatchObject({ ok: false });
    expect(await count()).toBe(seeded + 1);
  });

  it('is rate limited per e-mail and per address, in PostgreSQL', async () => {
    const email = { email: 'molte@example.it' };
    for (const address of ['198.51.100.10', '198.51.100.11', '198.51.100.12'])
      expect(await send(filled(email), address)).toMatchObject({ ok: true });
    expect(await send(filled(email), '198.51.100.13')).toMatchObject({ ok: false, error: expect.stringMatching(/^Troppi tentativi/) });

    for (const n of [1, 2, 3, 4, 5]) expect(await send(filled({ email: `p${n}@example.it` }), '198.51.100.20')).toMatchObject({ ok: true });
    expect(await send(filled({ email: 'p6@example.it' }), '198.51.100.20')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Troppi/),
    });
  });

  it('is read, answered and archived by the CIT, and the changes are audited', async () => {
    const [anna] = await db()
      .select({ id: publicQuestions.id })
      .from(publicQuestions)
      .where(eq(publicQuestions.email, 'anna.verdi@comune.example.it'));
    const id = anna!.id;
    expect((await listQuestions(db(), 'nuove')).lines.map((l) => l.id)).toContain(id);
    const marco = await staffSession(db(), 'ZNRMRC82P05B157W');
    const answered = await actAs(PROVINCIA, marco, () => answerPublicQuestion({ id, risposta: '€ 500 di attivazione e € 900 l’anno.' }));
    expect(answered).toEqual({ ok: true, data: { answered: true } });
    expect(await actAs(PROVINCIA, marco, () => archivePublicQuestion({ id }))).toEqual({ ok: true, data: { archived: true } });
    const [stored] = await db().select().from(publicQuestions).where(eq(publicQuestions.id, id));
    expect(stored).toMatchObject({ status: 'archiviata', answer: '€ 500 di attivazione e € 900 l’anno.', answeredBy: marco.userId });
    const audited = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, id));
    expect(audited.map((a) => a.action).sort()).toEqual(['domanda_archiviata', 'domanda_risposta']);
    expect((await listQuestions(db(), 'archiviate')).lines.map((l) => l.id)).toEqual([id]);
    expect((await listQuestions(db(), 'nuove')).lines.map((l) => l.id)).not.toContain(id);

    const sara = await staffSession(db(), 'BNTSRA79S43B157V');
    expect(await actAs(PROVINCIA, sara, () => answerPublicQuestion({ id, risposta: 'x' }))).toEqual({
      ok: false,
      error: 'Non hai i permessi per questa operazione.',
    });
  });
});
