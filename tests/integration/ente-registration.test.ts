import { eq } from 'drizzle-orm';
import { adhesionEvents, adhesions, auditLog, enti, users } from '@/db/schema';
import { decideEnteAccess } from '@/lib/auth/access';
import { findActiveEnteBySlug } from '@/lib/enti/queries';
import { enteRegistrationSchema, registerEnte } from '@/lib/enti/registration';
import { withTestDatabase } from '../support/test-db';

const database = withTestDatabase({ seed: true });
const dbNow = () => ({ db: database.db() });

const valid = {
  name: 'Comune di Prova',
  kind: 'comune',
  fiscalCode: '00841230170',
  ipaCode: 'c_prova',
  slug: 'Prova',
  admin: { fiscalCode: 'rssmra80a01h501u', fullName: 'Mario Rossi' },
};

describe('registering an Ente', () => {
  it('refuses reserved or malformed subdomains, invalid codes and odd input', () => {
    for (const slug of ['www', 'cit', 'admin', 'api', 'xn--comune', '-comune', 'comune_x', 'a'.repeat(64), 'comune\u0000x']) {
      expect(enteRegistrationSchema.safeParse({ ...valid, slug }).success).toBe(false);
    }
    expect(enteRegistrationSchema.safeParse({ ...valid, fiscalCode: '00841230171' }).success).toBe(false);
    expect(enteRegistrationSchema.safeParse({ ...valid, admin: { ...valid.admin, fiscalCode: 'RSSMRA80A01H501X' } }).success).toBe(false);
    expect(enteRegistrationSchema.safeParse({ ...valid, kind: 'provincia' }).success).toBe(false);
    expect(enteRegistrationSchema.safeParse({ ...valid, name: ['Comune'] }).success).toBe(false);
  });

  it('creates the Ente (not public until activated) with its referente as admin, audited; duplicates are refused', async () => {
    const { db } = dbNow();
    const outcome = await registerEnte(db, enteRegistrationSchema.parse(valid), null);
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.ente).toMatchObject({ slug: 'prova', adhesionStatus: 'richiesta' });
    expect(outcome.ente.spidServiceIndex).toBeGreaterThan(0);
    expect(await findActiveEnteBySlug(db, 'prova')).toBeUndefined();
    const [admin] = await db.select().from(users).where(eq(users.fiscalCode, 'RSSMRA80A01H501U'));
    expect(await decideEnteAccess(db, admin!.id, outcome.ente.id, ['ente_admin'])).toMatchObject({ kind: 'ok' });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'ente_registrato'))).toHaveLength(1);
    // Its adhesion file is opened with the first event, and the referente recorded as appointed.
    const [file] = await db.select().from(adhesions).where(eq(adhesions.enteId, outcome.ente.id));
    expect(file).toMatchObject({ referenteFiscalCode: 'RSSMRA80A01H501U', referenteUserId: admin!.id });
    expect(file!.referenteAppointedAt).toBeInstanceOf(Date);
    expect(await db.select().from(adhesionEvents).where(eq(adhesionEvents.enteId, outcome.ente.id))).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'richiesta' }),
    ]);

    for (const clash of [
      { slug: 'prova-2' },
      { fiscalCode: '00754120178', ipaCode: 'c_altro', slug: 'prova-3' },
      { slug: 'comune-demo', fiscalCode: '00861230175', ipaCode: 'c_x' },
    ]) {
      const again = await registerEnte(db, enteRegistrationSchema.parse({ ...valid, ...clash }), null);
      expect(again).toMatchObject({ ok: false, reason: expect.stringContaining('esiste già') });
    }
  });

  it('attaches a Comune to an Unione, never to another Comune, and each Ente gets its own SPID service index', async () => {
    const { db } = dbNow();
    const member = await registerEnte(
      db,
      enteRegistrationSchema.parse({
        ...valid,
        fiscalCode: '00871230173',
        ipaCode: 'c_membro',
        slug: 'membro',
        parentSlug: 'unione-terre-basse',
        activate: true,
      }),
      null,
    );
    if (!member.ok) throw new Error(member.reason);
    expect(member.ente.parentId).not.toBeNull();
    // Activated by the CLI but with no partner yet: its back office works, its portal does not serve citizens.
    expect(member.ente.adhesionStatus).toBe('attivo');
    expect(await findActiveEnteBySlug(db, 'membro')).toBeUndefined();
    await db.update(enti).set({ partner: 'sandbox' }).where(eq(enti.id, member.ente.id));
    expect(await findActiveEnteBySlug(db, 'membro')).toBeDefined();
    const wrongParent = await registerEnte(
      db,
      enteRegistrationSchema.parse({ ...valid, fiscalCode: '00881230171', ipaCode: 'c_altro2', slug: 'altro', parentSlug: 'comune-demo' }),
      null,
    );
    expect(wrongParent).toMatchObject({ ok: false });
    const [demo] = await db.select({ index: enti.spidServiceIndex }).from(enti).where(eq(enti.slug, 'comune-demo'));
    expect(member.ente.spidServiceIndex).not.toBe(demo!.index);
  });
});
