import { and, eq } from 'drizzle-orm';
import { adhesionDocuments, adhesionEvents, adhesions, auditLog, enti, memberships, users } from '@/db/schema';
import { GET as citDownload } from '@/app/provincia/cit/(area)/enti/[id]/documenti/[documentId]/route';
import { GET as enteDownload } from '@/app/ente/[slug]/admin/(area)/impostazioni/adesione/documenti/[documentId]/route';
import { decideEnteAccess } from '@/lib/auth/access';
import { findActiveEnteBySlug, findBackOfficeEnteBySlug } from '@/lib/enti/queries';
import {
  advanceAdhesion,
  appointAdhesionReferente,
  ceaseEnte,
  chooseAdhesionPartner,
  recordConventionAct,
  reactivateEnte,
  registerEnteForCit,
  requestAdhesionTermination,
  setAdhesionDocumentStatus,
  suspendEnte,
  uploadAdhesionDocument,
} from '@/lib/onboarding/actions';
import { findMissingResource } from '@/lib/tenancy/site-existence';
import { actAs, shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { cadesP7m, makeSigner, padesPdf, plainPdf } from '../support/signed-documents';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);

/*
 * The onboarding workflow through the real server actions (wrapper, session, roles) on a real database:
 * an Ente registered by a CIT operator goes through every step to `attivo`, its portal serves citizens
 * only then, a CIT admin suspends, reactivates and, after the Ente's disdetta, ceases it.
 */
const { db, testDb } = withTestDatabase();
shareDatabaseWithActions(() => testDb().handle);

const CIT_ADMIN = 'BRTLRA75C52B157G';
const CIT_OPERATOR = 'ZNRMRC82P05B157W';
const VALMORA_ADMIN = 'BNTSRA79S43B157V';
const REFERENTE = 'RSSMRA80A01H501U';

const asCit = async <T>(fiscalCode: string, work: () => Promise<T>) => actAs('', await staffSession(db(), fiscalCode), work);
const file = (name: string, bytes: Buffer, type = 'application/pdf') => new File([new Uint8Array(bytes)], name, { type });
const mario = makeSigner({ CN: 'Mario Rossi' });
let enteId = '';

const ok = <T>(result: { ok: true; data: T } | { ok: false; error: string }): T => {
  if (!result.ok) throw new Error(result.error);
  return result.data;
};

describe('onboarding an Ente', () => {
  it('registers it as `richiesta` with its adhesion file and first event; reserved or taken subdomains are refused', async () => {
    const registered = await asCit(CIT_OPERATOR, () =>
      registerEnteForCit({
        name: 'Comune di Collenuovo',
        kind: 'comune',
        fiscalCode: '00841230170',
        ipaCode: 'c_collen',
        slug: 'collenuovo',
        population2013: '3200',
      }),
    );
    enteId = ok(registered).id;
    const [ente] = await db().select().from(enti).where(eq(enti.id, enteId));
    expect(ente).toMatchObject({ adhesionStatus: 'richiesta', population2013: 3200, partner: null });
    expect(await db().select().from(adhesions).where(eq(adhesions.enteId, enteId))).toHaveLength(1);
    expect(await db().select().from(adhesionEvents).where(eq(adhesionEvents.enteId, enteId))).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'richiesta' }),
    ]);
    const reserved = await asCit(CIT_OPERATOR, () =>
      registerEnteForCit({ name: 'Comune di Cit', kind: 'comune', fiscalCode: '00754120178', ipaCode: 'c_cit', slug: 'cit' }),
    );
    expect(reserved).toMatchObject({ ok: false, fieldErrors: { slug: 'sottodominio riservato al portale' } });
    const taken = await asCit(CIT_OPERATOR, () =>
      registerEnteForCit({ name: 'Comune di Copia', kind: 'comune', fiscalCode: '00754120178', ipaCode: 'c_copia', slug: 'collenuovo' }),
    );
    expect(taken).toMatchObject({ ok: false, error: expect.stringContaining('esiste già un Ente con questo sottodominio') });
  });

  it('shows the not-active page on its subdomain while its back office already answers', async () => {
    expect(await findMissingResource(db(), 'collenuovo', '/')).toBe('non_attivo');
    expect(await findMissingResource(db(), 'collenuovo', '/admin')).toBeNull();
    expect(await findBackOfficeEnteBySlug(db(), 'collenuovo')).toBeDefined();
  });

  it('refuses to start the activation until the convention and a signed modulo are in the file', async () => {
    const early = await asCit(CIT_OPERATOR, () => advanceAdhesion({ enteId, to: 'in_attivazione' }));
    expect(early).toMatchObject({ ok: false, error: expect.stringContaining('la deliberazione di adesione alla convenzione CIT') });
    const skip = await asCit(CIT_OPERATOR, () => advanceAdhesion({ enteId, to: 'attivo' }));
    expect(skip).toEqual({ ok: false, error: 'Un Ente nello stato «Richiesta» non può passare allo stato «Attivo».' });

    ok(await asCit(CIT_OPERATOR, () => recordConventionAct({ enteId, actNumber: '45/2016', actDate: '2016-06-30' })));
    // An unsigned PDF is refused outright; one signed by hand needs the identity card too.
    const unsigned = await asCit(CIT_OPERATOR, () =>
      uploadAdhesionDocument({ enteId, kind: 'modulo_adesione', file: file('modulo.pdf', plainPdf()) }),
    );
    expect(unsigned).toMatchObject({ ok: false, error: expect.stringContaining('firmato digitalmente') });
    const notAPdf = await asCit(CIT_OPERATOR, () =>
      uploadAdhesionDocument({ enteId, kind: 'modulo_adesione', file: file('modulo.pdf', Buffer.from('<html>ciao</html>')) }),
    );
    expect(notAPdf).toMatchObject({ ok: false, error: expect.stringContaining('PDF') });
    ok(
      await asCit(CIT_OPERATOR, () =>
        uploadAdhesionDocument({ enteId, kind: 'modulo_adesione', handSigned: true, file: file('modulo.pdf', plainPdf()) }),
      ),
    );
    const noId = await asCit(CIT_OPERATOR, () => advanceAdhesion({ enteId, to: 'in_attivazione' }));
    expect(noId).toMatchObject({ ok: false, error: expect.stringContaining('il modulo di adesione firmato') });

    // The digitally signed modulo (CAdES) replaces it: its signer and certificate validity are read from the file.
    const signed = ok(
      await asCit(CIT_OPERATOR, () =>
        uploadAdhesionDocument({
          enteId,
          kind: 'modulo_adesione',
          file: file('modulo.pdf.p7m', cadesP7m(mario), 'application/pkcs7-mime'),
        }),
      ),
    );
    expect(signed).toMatchObject({ signature: 'cades', signer: 'Mario Rossi' });
    const [stored] = await db().select().from(adhesionDocuments).where(eq(adhesionDocuments.id, signed.id));
    expect(stored).toMatchObject({
      mime: 'application/pkcs7-mime',
      signerName: 'Mario Rossi',
      signerValidFrom: new Date('2025-01-01T00:00:00Z'),
    });
    expect(stored!.sha256).toMatch(/^[0-9a-f]{64}$/);

    expect(ok(await asCit(CIT_OPERATOR, () => advanceAdhesion({ enteId, to: 'in_attivazione' })))).toEqual({
      from: 'richiesta',
      to: 'in_attivazione',
    });
  });

  it('appoints the referente as the Ente’s first admin', async () => {
    ok(
      await asCit(CIT_OPERATOR, () =>
        appointAdhesionReferente({
          enteId,
          fullName: 'Mario Rossi',
          fiscalCode: 'rssmra80a01h501u',
          email: 'mario.rossi@example.it',
          phone: '030 1234567',
        }),
      ),
    );
    const [referente] = await db().select().from(users).where(eq(users.fiscalCode, REFERENTE));
    expect(await decideEnteAccess(db(), referente!.id, enteId, ['ente_admin'])).toMatchObject({ kind: 'ok' });
    const [row] = await db().select().from(adhesions).where(eq(adhesions.enteId, enteId));
    expect(row).toMatchObject({ referenteUserId: referente!.id, referenteName: 'Mario Rossi', referentePhone: '030 1234567' });
    // Appointing them again is no error and no second membership.
    ok(await asCit(CIT_OPERATOR, () => appointAdhesionReferente({ enteId, fullName: 'Mario Rossi', fiscalCode: REFERENTE })));
    expect(
      await db()
        .select()
        .from(memberships)
        .where(and(eq(memberships.enteId, enteId), eq(memberships.userId, referente!.id))),
    ).toHaveLength(1);
  });

  it('activates only with a partner and the AgID letter and plan; the portal then serves citizens', async () => {
    const missing = await asCit(CIT_OPERATOR, () => advanceAdhesion({ enteId, to: 'attivo' }));
    expect(missing).toMatchObject({
      ok: false,
      error: expect.stringMatching(/un partner tecnologico compatibile.*Lettera di adesione AgID.*Piano di attivazione/),
    });

    ok(await asCit(CIT_OPERATOR, () => chooseAdhesionPartner({ enteId, partner: 'sandbox' })));
    const lettera = ok(
      await asCit(CIT_OPERATOR, () =>
        uploadAdhesionDocument({ enteId, kind: 'lettera_adesione', file: file('lettera.pdf', padesPdf(mario)) }),
      ),
    );
    expect(lettera).toMatchObject({ signature: 'pades', signer: 'Mario Rossi' });
    const piano = ok(
      await asCit(CIT_OPERATOR, () =>
        uploadAdhesionDocument({ enteId, kind: 'piano_attivazione', file: file('piano.pdf', plainPdf('Piano')) }),
      ),
    );
    // A plan rejected by AgID does not count.
    ok(await asCit(CIT_OPERATOR, () => setAdhesionDocumentStatus({ enteId, documentId: piano.id, status: 'respinto' })));
    expect(await asCit(CIT_OPERATOR, () => advanceAdhesion({ enteId, to: 'attivo' }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('Piano di attivazione'),
    });
    ok(await asCit(CIT_OPERATOR, () => setAdhesionDocumentStatus({ enteId, documentId: piano.id, status: 'accettato' })));

    expect(await findActiveEnteBySlug(db(), 'collenuovo')).toBeUndefined();
    ok(await asCit(CIT_OPERATOR, () => advanceAdhesion({ enteId, to: 'attivo' })));
    const [ente] = await db().select().from(enti).where(eq(enti.id, enteId));
    expect(ente!.activatedAt).toBeInstanceOf(Date);
    expect(await findActiveEnteBySlug(db(), 'collenuovo')).toMatchObject({ id: enteId });
    expect(await findMissingResource(db(), 'collenuovo', '/')).toBeNull();
  });

  it('lets only a CIT admin suspend (with a reason) and reactivate; the first activation date stays', async () => {
    expect(await asCit(CIT_OPERATOR, () => suspendEnte({ enteId, reason: 'Mancato pagamento' }))).toEqual({
      ok: false,
      error: 'Non hai i permessi per questa operazione.',
    });
    // Through the operators' action too: the state machine checks the role again.
    expect(await asCit(CIT_OPERATOR, () => advanceAdhesion({ enteId, to: 'in_attivazione' }))).toMatchObject({ ok: false });
    expect(await asCit(CIT_ADMIN, () => suspendEnte({ enteId, reason: ' ' }))).toMatchObject({
      ok: false,
      fieldErrors: { reason: expect.any(String) },
    });
    const [before] = await db().select({ at: enti.activatedAt }).from(enti).where(eq(enti.id, enteId));

    ok(await asCit(CIT_ADMIN, () => suspendEnte({ enteId, reason: 'Verifica del partner in corso' })));
    expect(await findMissingResource(db(), 'collenuovo', '/')).toBe('sospeso');
    expect(await findActiveEnteBySlug(db(), 'collenuovo')).toBeUndefined();
    expect(await asCit(CIT_ADMIN, () => suspendEnte({ enteId, reason: 'Di nuovo' }))).toMatchObject({
      ok: false,
      error: 'Un Ente nello stato «Sospeso» non può passare allo stato «Sospeso».',
    });
    expect(await asCit(CIT_OPERATOR, () => reactivateEnte({ enteId }))).toMatchObject({
      ok: false,
      error: 'Non hai i permessi per questa operazione.',
    });
    ok(await asCit(CIT_ADMIN, () => reactivateEnte({ enteId })));
    const [after] = await db().select({ at: enti.activatedAt }).from(enti).where(eq(enti.id, enteId));
    expect(after!.at).toEqual(before!.at);
  });

  it('downloads documents only for CIT staff and this Ente’s admins', async () => {
    const [doc] = await db()
      .select({ id: adhesionDocuments.id })
      .from(adhesionDocuments)
      .where(eq(adhesionDocuments.enteId, enteId))
      .limit(1);
    const params = { params: Promise.resolve({ id: enteId, documentId: doc!.id }) };
    const enteParams = (slug: string) => ({ params: Promise.resolve({ slug, documentId: doc!.id }) });
    const request = new Request('http://localhost/');

    const asOperator = await asCit(CIT_OPERATOR, () => citDownload(request, params));
    expect(asOperator.status).toBe(200);
    expect(asOperator.headers.get('content-disposition')).toMatch(/^attachment;/);
    const referente = await staffSession(db(), REFERENTE);
    expect((await actAs('collenuovo', referente, () => enteDownload(request, enteParams('collenuovo')))).status).toBe(200);

    // Another Ente's admin: refused on the provincial site, not found on their own.
    const sara = await staffSession(db(), VALMORA_ADMIN);
    expect((await actAs('', sara, () => citDownload(request, params))).status).toBe(403);
    expect((await actAs('valmora', sara, () => enteDownload(request, enteParams('valmora')))).status).toBe(404);
    expect((await actAs('collenuovo', sara, () => enteDownload(request, enteParams('collenuovo')))).status).toBe(403);
    // CIT staff have no role in the Ente's back office; a CIT download on an Ente host does not exist.
    expect(
      (await actAs('collenuovo', await staffSession(db(), CIT_OPERATOR), () => enteDownload(request, enteParams('collenuovo')))).status,
    ).toBe(403);
    expect((await actAs('collenuovo', await staffSession(db(), CIT_OPERATOR), () => citDownload(request, params))).status).toBe(404);
  });

  it('takes the disdetta from the Ente’s admin and lets a CIT admin cease the Ente', async () => {
    const referente = await staffSession(db(), REFERENTE);
    const unsigned = await actAs('collenuovo', referente, () =>
      requestAdhesionTermination({ reason: 'Passiamo a un altro portale', file: file('disdetta.pdf', plainPdf('Disdetta')) }),
    );
    expect(unsigned).toMatchObject({ ok: false, error: expect.stringContaining('firmato') });
    ok(
      await actAs('collenuovo', referente, () =>
        requestAdhesionTermination({
          reason: 'Passiamo a un altro portale',
          file: file('disdetta.p7m', cadesP7m(mario, plainPdf('Disdetta'))),
        }),
      ),
    );
    const [row] = await db().select().from(adhesions).where(eq(adhesions.enteId, enteId));
    expect(row).toMatchObject({ terminationReason: 'Passiamo a un altro portale', terminationRequestedBy: referente.userId });
    expect(
      await actAs('collenuovo', referente, () => requestAdhesionTermination({ reason: 'Ancora', file: file('d.p7m', cadesP7m(mario)) })),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('già stata inviata'),
    });

    expect(await asCit(CIT_OPERATOR, () => ceaseEnte({ enteId, reason: 'Disdetta dell’Ente' }))).toMatchObject({ ok: false });
    expect(await asCit(CIT_ADMIN, () => ceaseEnte({ enteId, reason: '' }))).toMatchObject({
      ok: false,
      fieldErrors: { reason: expect.any(String) },
    });
    ok(await asCit(CIT_ADMIN, () => ceaseEnte({ enteId, reason: 'Disdetta dell’Ente del 27/11' })));
    expect(await findMissingResource(db(), 'collenuovo', '/')).toBe('cessato');
    expect(await findMissingResource(db(), 'collenuovo', '/admin')).toBe('cessato');
    expect(await findBackOfficeEnteBySlug(db(), 'collenuovo')).toBeUndefined();
    // Nothing leaves the ceased state, and its file is closed.
    expect(await asCit(CIT_ADMIN, () => reactivateEnte({ enteId }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('«Cessato»'),
    });
    expect(await asCit(CIT_OPERATOR, () => chooseAdhesionPartner({ enteId, partner: 'maggioli' }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('cessata'),
    });
  });

  it('has written every transition as an event and every change in the audit log', async () => {
    const events = await db().select().from(adhesionEvents).where(eq(adhesionEvents.enteId, enteId)).orderBy(adhesionEvents.id);
    expect(events.map((e) => `${e.fromStatus ?? '-'}>${e.toStatus}`)).toEqual([
      '->richiesta',
      'richiesta>in_attivazione',
      'in_attivazione>attivo',
      'attivo>sospeso',
      'sospeso>attivo',
      'attivo>cessato',
    ]);
    expect(events.find((e) => e.toStatus === 'sospeso')?.reason).toBe('Verifica del partner in corso');
    const actions = (await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.enteId, enteId))).map((r) => r.action);
    for (const action of [
      'ente_registrato',
      'adesione_convenzione',
      'adesione_documento',
      'adesione_referente',
      'adesione_partner',
      'adesione_documento_stato',
      'adesione_stato',
      'adesione_disdetta',
    ]) {
      expect(actions).toContain(action);
    }
  });
});
