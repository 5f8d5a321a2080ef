import { eq } from 'drizzle-orm';
import { auditLog, partners } from '@/db/schema';
import { DEMO_CIT_STAFF } from '@/db/seed/enti';
import { compatiblePartners, isAssignablePartner, listPartners } from '@/lib/partners/directory';
import { savePartnerContacts, savePartnerStatus } from '@/lib/partners/directory-actions';
import { actAsOnProvincia, shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);

const { db, testDb } = withTestDatabase();
shareDatabaseWithActions(() => testDb().handle);

const admin = () => staffSession(db(), DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_admin')!.fiscalCode);
const operator = () => staffSession(db(), DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_operator')!.fiscalCode);

describe('the partner registry', () => {
  it("lists the service page's four partners and the sandbox, with the Enti using each", async () => {
    const registry = await listPartners(db());
    expect(registry.map((p) => p.code).sort()).toEqual(['dedagroup', 'maggioli', 'nordcom_tim', 'sandbox', 'unimatica']);
    const sandbox = registry.find((p) => p.code === 'sandbox')!;
    expect(sandbox).toMatchObject({ protocol: 'sandbox', compatible: true });
    expect(sandbox.enti.map((e) => e.slug)).toContain('pratolungo');
    expect(sandbox.enti).toHaveLength(7);
    expect(registry.find((p) => p.code === 'maggioli')!.enti).toEqual([]);
  });

  it('lets an operator keep contacts current, audited, and refuses him the compatibility', async () => {
    const contacts = {
      code: 'maggioli' as const,
      website: 'https://www.maggioli.it',
      contactName: 'Ufficio commerciale PA',
      contactEmail: 'PA@Maggioli.example.it',
      contactPhone: '0541 628111',
      technicalName: 'Referente tecnico pagoPA',
      technicalEmail: 'pagopa@maggioli.example.it',
      technicalPhone: '',
      notes: '',
    };
    expect(await actAsOnProvincia(await operator(), () => savePartnerContacts(contacts))).toEqual({ ok: true, data: { saved: true } });
    const [saved] = await db().select().from(partners).where(eq(partners.code, 'maggioli'));
    expect(saved).toMatchObject({ contactEmail: 'pa@maggioli.example.it', technicalPhone: null, notes: null, compatible: true });
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, 'partner_contatti_modificati'));
    expect(audit).toMatchObject({ targetId: 'maggioli', details: { contactName: { before: null, after: 'Ufficio commerciale PA' } } });

    const refused = await actAsOnProvincia(await operator(), () =>
      savePartnerStatus({ code: 'maggioli', compatible: false, protocol: null }),
    );
    expect(refused).toEqual({ ok: false, error: 'Non hai i permessi per questa operazione.' });

    const invalid = await actAsOnProvincia(await operator(), () => savePartnerContacts({ ...contacts, contactEmail: 'non-una-mail' }));
    expect(invalid).toMatchObject({ ok: false, fieldErrors: { contactEmail: 'Indirizzo e-mail non valido' } });
  });

  it('takes a partner marked not compatible by an admin out of the assignable ones', async () => {
    expect(await isAssignablePartner(db(), 'dedagroup')).toBe(true);
    const done = await actAsOnProvincia(await admin(), () =>
      savePartnerStatus({ code: 'dedagroup', compatible: false, protocol: 'govpay' }),
    );
    expect(done).toEqual({ ok: true, data: { saved: true } });
    expect((await compatiblePartners(db())).map((p) => p.code)).not.toContain('dedagroup');
    expect(await isAssignablePartner(db(), 'dedagroup')).toBe(false);
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, 'partner_stato_modificato'));
    expect(audit).toMatchObject({ details: { compatible: { before: true, after: false }, protocol: { before: null, after: 'govpay' } } });
    // Listed last: the registry puts the compatible partners first.
    expect((await listPartners(db())).at(-1)!.code).toBe('dedagroup');
  });

  it('refuses an unknown partner code', async () => {
    const result = await actAsOnProvincia(await admin(), () =>
      savePartnerStatus({ code: 'acme' as never, compatible: true, protocol: null }),
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { code: 'Partner sconosciuto' } });
  });
});
