import { randomBytes } from 'node:crypto';
import { and, count, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client';
import { enti, membershipServices, memberships, partnerCredentials, providerProfile, services, users, type NewService } from '../schema';
import { hashPassword } from '@/lib/auth/password';
import {
  dirittiSegreteria,
  fullComuneCatalogue,
  memberComuneCatalogue,
  sanzioniAmministrative,
  sanzioniCds,
  trasporto,
  type CataloguePrices,
} from './catalogue';
import { seedAdhesionHistory } from './adhesion-history';
import { seedAdhesions } from './adhesions';
import { seedRefundedDoublePayment } from './anomalies';
import { deliverSeededCallbacks, seedCitizenPositions } from './citizens';
import { seedReportingFlows } from './reporting';
import { DEMO_CIT_STAFF, DEMO_ENTE_STAFF, DEMO_ENTI, type EnteSeed } from './enti';
import { seedHelpdesk } from './helpdesk';
import { DEMO_PROVIDER } from './provider';
import { seedTraining } from './training';

/** Local-demo only: seeding is off in production (SEED_DEMO_DATA=false). */
export const DEFAULT_DEMO_PASSWORD = 'demo-pagamenti';

function catalogueFor(seed: EnteSeed): Omit<NewService, 'enteId'>[] {
  const prices: CataloguePrices = seed.prices ?? { mealCents: 0, schoolBusQuarterCents: 0, schools: [] };
  switch (seed.catalogue) {
    case 'full':
      return fullComuneCatalogue(prices);
    case 'member':
      return memberComuneCatalogue(prices);
    case 'unione':
      return [trasporto(10, prices), sanzioniCds(20), sanzioniAmministrative(30)];
    case 'comunita_montana':
      return [
        {
          ...dirittiSegreteria(10),
          code: 'vincolo-idrogeologico',
          title: 'Vincolo idrogeologico e taglio boschi',
          summary: 'Diritti di istruttoria per autorizzazioni forestali e al vincolo idrogeologico.',
          description:
            'La Comunità Montana istruisce le domande di trasformazione del bosco, di taglio e di svincolo idrogeologico per i Comuni del suo territorio. Paga i diritti di istruttoria prima di presentare la domanda e allega la ricevuta.',
          category: 'Ambiente e territorio',
          formDefinition: [
            {
              name: 'pratica',
              label: 'Tipo di domanda',
              kind: 'select',
              required: true,
              options: [
                { value: 'taglio', label: 'Taglio colturale' },
                { value: 'trasformazione', label: 'Trasformazione del bosco' },
                { value: 'svincolo', label: 'Svincolo idrogeologico' },
              ],
            },
            { name: 'comune', label: 'Comune dove si trova il terreno', kind: 'text', required: true, max: 60 },
          ],
          causaleTemplate: 'Diritti istruttoria forestale - {pratica} - {comune}',
        },
        { ...sanzioniAmministrative(20), summary: 'Sanzioni forestali e ambientali accertate dalla vigilanza ecologica.' },
      ];
    case 'none':
      return [];
  }
}

/** Fills an empty database with the demo province. Returns false when there was already data, or a real provider. */
export async function seedDemoData(db: Database, options: { staffPassword?: string } = {}): Promise<boolean> {
  const passwordHash = await hashPassword(options.staffPassword ?? DEFAULT_DEMO_PASSWORD);
  const seeded = await db.transaction(async (tx) => {
    // An installation prepared by `npm run setup` never gets demo data, whatever SEED_DEMO_DATA says.
    const [profile] = await tx.select({ isDemo: providerProfile.isDemo }).from(providerProfile);
    if (profile && !profile.isDemo) return false;
    const [existing] = await tx.select({ n: count() }).from(enti);
    // A demo database from before the provider's identity was configuration gets the demo's one.
    await tx
      .insert(providerProfile)
      .values({ ...DEMO_PROVIDER, isDemo: true })
      .onConflictDoNothing();
    if ((existing?.n ?? 0) > 0) return false;

    const idsBySlug = new Map<string, string>();
    // Parents first, so that members can point at them.
    const ordered = [...DEMO_ENTI].sort((a, b) => Number(Boolean(a.parentSlug)) - Number(Boolean(b.parentSlug)));
    for (const seed of ordered) {
      const { parentSlug, catalogue: _catalogue, prices: _prices, ...row } = seed;
      const parentId = parentSlug ? idsBySlug.get(parentSlug) : undefined;
      if (parentSlug && !parentId) throw new Error(`Seed: ente padre ${parentSlug} mancante`);
      const [inserted] = await tx
        .insert(enti)
        .values({ ...row, parentId })
        .returning({ id: enti.id });
      idsBySlug.set(seed.slug, inserted!.id);
      if (seed.partner === 'sandbox') {
        await tx
          .insert(partnerCredentials)
          .values({ enteId: inserted!.id, partner: 'sandbox', callbackSecret: randomBytes(32).toString('hex') });
      }
      const catalogue = catalogueFor(seed);
      if (catalogue.length > 0) {
        await tx.insert(services).values(catalogue.map((s) => ({ ...s, enteId: inserted!.id })));
      }
    }

    await seedAdhesionHistory(tx, idsBySlug);
    await tx.insert(users).values(DEMO_CIT_STAFF.map((u) => ({ ...u, passwordHash })));
    for (const [index, seed] of DEMO_ENTI.entries()) {
      const named = DEMO_ENTE_STAFF.find((s) => s.slug === seed.slug && s.role === 'ente_admin');
      const referente = {
        email: `admin@${seed.slug}.example.it`,
        fullName: named?.fullName ?? `Amministratore ${seed.name}`,
        fiscalCode: named?.fiscalCode ?? null,
      };
      const [admin] = await tx
        .insert(users)
        .values({ ...referente, passwordHash })
        .returning({ id: users.id });
      const enteId = idsBySlug.get(seed.slug)!;
      await tx.insert(memberships).values({ userId: admin!.id, enteId, role: 'ente_admin' });
      await seedAdhesions(tx, { id: enteId, seed }, { ...referente, userId: admin!.id }, index);
    }
    for (const person of DEMO_ENTE_STAFF.filter((s) => s.role === 'ente_operator')) {
      const enteId = idsBySlug.get(person.slug)!;
      const [operator] = await tx
        .insert(users)
        .values({ email: person.email, fullName: person.fullName, fiscalCode: person.fiscalCode, passwordHash })
        .returning({ id: users.id });
      await tx.insert(memberships).values({ userId: operator!.id, enteId, role: 'ente_operator' });
      if (person.services.length > 0) {
        const scoped = await tx
          .select({ id: services.id })
          .from(services)
          .where(and(eq(services.enteId, enteId), inArray(services.code, person.services)));
        await tx.insert(membershipServices).values(scoped.map((s) => ({ userId: operator!.id, enteId, serviceId: s.id })));
      }
    }
    await seedTraining(tx, idsBySlug);
    await seedCitizenPositions(tx);
    await seedHelpdesk(tx);
    return true;
  });
  if (seeded) {
    await deliverSeededCallbacks(db);
    await seedReportingFlows(db);
    await seedRefundedDoublePayment(db);
  }
  return seeded;
}

export async function enteIdBySlug(db: Database, slug: string): Promise<string | undefined> {
  const [row] = await db.select({ id: enti.id }).from(enti).where(eq(enti.slug, slug));
  return row?.id;
}
