import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, enti, partnerConnections, partners, services, type Ente } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { hitRateLimit } from '@/lib/security/rate-limit';
import { describeCallError, maskPersonalData } from './call-stats';
import type { ConnectionSecrets } from './connection-settings';
import { govpaySettingsSchema, gpdSettingsSchema } from './connection-settings';
import { issueInboundCredential, saveConnection, storedSecretNames, type ConnectionInput } from './connections';
import type { ConnectionFormData, serviceCodesInput } from './connection-form';
import { GOVPAY_SECRETS, GPD_SECRETS } from './connection-form';
import { partnerContext, type PartnerResolver } from './registry';
import { SecretsUnreadableError } from './secrets';
import type { ConnectionCheck } from './types';
import type { z } from 'zod';

/*
 * The Ente's connection to a real partner as its admin (or the CIT's admin, for that Ente) manages it:
 * settings, write-only secrets, the inbound credential, the idTipoPendenza of each service and the
 * "verifica collegamento". Every change is audited with names of secrets, never their values.
 */

type SecretName = keyof ConnectionSecrets;
type ConnectableEnte = Pick<Ente, 'id' | 'partner' | 'fiscalCode' | 'name'>;

export interface ConnectionActor {
  userId: string;
  address: string;
  /** Who acts: the Ente's own admin or the CIT on its behalf (said in the audit). */
  via: 'ente' | 'cit';
}

export const SECRET_LABELS: Record<SecretName, string> = {
  password: 'Password (Basic)',
  clientCertPem: 'Certificato client (PEM)',
  clientKeyPem: 'Chiave privata del certificato (PEM)',
  gpdKey: 'Chiave di sottoscrizione GPD',
  receiptsKey: 'Chiave di sottoscrizione API ricevute',
  fdrKey: 'Chiave di sottoscrizione FdR',
  checkoutKey: 'Chiave di sottoscrizione Checkout',
};

const SAVED = 'collegamento_partner_modificato';

async function audit(
  tx: Pick<Database, 'insert'>,
  actor: ConnectionActor,
  enteId: string,
  action: string,
  details: Record<string, unknown>,
) {
  await tx.insert(auditLog).values({
    enteId,
    actorUserId: actor.userId,
    action,
    targetType: 'collegamento_partner',
    targetId: enteId,
    details: { ...details, tramite: actor.via },
    ip: actor.address.slice(0, 45),
  });
}

/** An Ente the CIT names by id, in any state but ceased (as its back office answers). */
export async function findBackOfficeEnteById(db: Database, enteId: string): Promise<Ente | undefined> {
  const [ente] = await db.select().from(enti).where(eq(enti.id, enteId));
  return ente && ente.adhesionStatus !== 'cessato' ? ente : undefined;
}

/** The Ente a CIT action names by id: unknown or ceased Enti are refused as one. */
export async function findConnectableEnte(db: Database, enteId: string): Promise<Ente> {
  const ente = await findBackOfficeEnteById(db, enteId);
  if (!ente) throw new ActionError('Ente non trovato.');
  return ente;
}

function requireRealPartner(ente: ConnectableEnte): void {
  if (!ente.partner) throw new ActionError('All’Ente non è ancora assegnato un partner tecnologico: lo assegna il centro servizi.');
  if (ente.partner === 'sandbox') throw new ActionError('Il partner di prova (sandbox) non ha bisogno di un collegamento.');
}

function settingsOf(data: ConnectionFormData): ConnectionInput {
  if (data.protocol === 'govpay') {
    return {
      protocol: 'govpay',
      settings: govpaySettingsSchema.parse({
        pendenzeUrl: data.pendenzeUrl,
        ragioneriaUrl: data.ragioneriaUrl,
        idA2A: data.idA2A,
        defaultTipoPendenza: data.defaultTipoPendenza,
        outboundAuth: data.outboundAuth,
        username: data.outboundAuth === 'basic' ? data.username : undefined,
        ownNoticeNumbers: data.ownNoticeNumbers,
        checkoutUrl: data.checkoutUrl,
        checkoutVersion: Number(data.checkoutVersion),
      }),
    };
  }
  return {
    protocol: 'gpd_checkout',
    settings: gpdSettingsSchema.parse({
      gpdUrl: data.gpdUrl,
      receiptsUrl: data.receiptsUrl,
      fdrUrl: data.fdrUrl || undefined,
      checkoutUrl: data.checkoutUrl,
      checkoutVersion: Number(data.checkoutVersion),
    }),
  };
}

/** The secrets typed in the form (non-empty ones) and those ticked for removal, of this protocol only. */
function secretChanges(data: ConnectionFormData): { given: ConnectionSecrets; cleared: SecretName[] } {
  const names: readonly SecretName[] = data.protocol === 'govpay' ? GOVPAY_SECRETS : GPD_SECRETS;
  const values = data as unknown as Record<SecretName, string>;
  const removal = data.remove as Partial<Record<SecretName, boolean>>;
  const given: ConnectionSecrets = {};
  const cleared: SecretName[] = [];
  for (const name of names) {
    if (values[name]) given[name] = values[name];
    else if (removal[name]) cleared.push(name);
  }
  return { given, cleared };
}

/** What a working connection needs besides its settings: refused now rather than at the first payment. */
function missingSecrets(data: ConnectionFormData, stored: Set<SecretName>): SecretName[] {
  const need: SecretName[] = [];
  if (data.protocol === 'govpay') {
    if (data.outboundAuth === 'basic') need.push('password');
    else need.push('clientCertPem', 'clientKeyPem');
  } else need.push('gpdKey');
  return need.filter((n) => !stored.has(n));
}

/**
 * Saves the connection of an Ente with a real partner. A secret left empty keeps the stored one; switching
 * protocol drops every stored secret (saveConnection). Audited with before/after settings and the names of
 * the secrets set or removed.
 */
export async function saveConnectionSettings(db: Database, actor: ConnectionActor, ente: ConnectableEnte, data: ConnectionFormData) {
  requireRealPartner(ente);
  const input = settingsOf(data);
  const { given, cleared } = secretChanges(data);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ protocol: partnerConnections.protocol, settings: partnerConnections.settings })
      .from(partnerConnections)
      .where(eq(partnerConnections.enteId, ente.id))
      .for('update');
    const droppedByProtocol = before && before.protocol !== input.protocol ? await storedSecretNames(tx as Database, ente.id) : [];
    await saveConnection(tx as Database, ente.id, input, { secrets: given, clearSecrets: cleared, userId: actor.userId });
    const stored = new Set(await storedSecretNames(tx as Database, ente.id));
    const missing = missingSecrets(data, stored);
    if (missing.length) {
      throw new ActionError(
        `Per completare il collegamento inserisci: ${missing.map((n) => SECRET_LABELS[n]).join(', ')}.`,
        Object.fromEntries(missing.map((n) => [n, 'Da inserire con questo metodo di autenticazione'])),
      );
    }
    await audit(tx, actor, ente.id, SAVED, {
      before: before ?? null,
      after: { protocol: input.protocol, settings: input.settings },
      secretsSet: Object.keys(given),
      secretsRemoved: [...cleared, ...droppedByProtocol.filter((n) => !(n in given))],
    });
  });
}

export interface InboundCredentialIssued {
  auth: 'basic' | 'api_key';
  principal: string;
  secret: string;
}

/** A new inbound credential, returned once: only its hash stays. The previous one stops working at once. */
export async function issueConnectionCredential(
  db: Database,
  actor: ConnectionActor,
  ente: ConnectableEnte,
  input: { auth: 'basic' | 'api_key'; principal: string },
): Promise<InboundCredentialIssued> {
  requireRealPartner(ente);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ principal: partnerConnections.inboundPrincipal })
      .from(partnerConnections)
      .where(eq(partnerConnections.enteId, ente.id))
      .for('update');
    if (!row) throw new ActionError('Configura e salva prima il collegamento, poi genera la credenziale.');
    const issued = await issueInboundCredential(tx as Database, ente.id, input.auth, input.principal);
    await audit(tx, actor, ente.id, 'credenziale_partner_generata', {
      auth: input.auth,
      principal: input.principal,
      replaced: row.principal !== null,
    });
    return { auth: input.auth, ...issued };
  });
}

/** At most this many tests per Ente a minute: each one calls the partner. */
export const CONNECTION_TEST_LIMIT = { name: 'verifica-collegamento-partner', limit: 5, windowSeconds: 60 };

/**
 * «Verifica collegamento»: the Ente's adapter tries what it safely can, one line per operation. The
 * result, masked of personal data, is stored on the connection and audited.
 */
export async function testPartnerConnection(
  db: Database,
  actor: ConnectionActor,
  ente: ConnectableEnte,
  resolvePartner: PartnerResolver,
  now: () => Date = () => new Date(),
): Promise<ConnectionCheck[]> {
  requireRealPartner(ente);
  const [row] = await db
    .select({ enteId: partnerConnections.enteId })
    .from(partnerConnections)
    .where(eq(partnerConnections.enteId, ente.id));
  if (!row) throw new ActionError('Configura e salva prima il collegamento, poi verificalo.');
  const limited = await hitRateLimit(db, CONNECTION_TEST_LIMIT, ente.id, now());
  if (!limited.ok) throw new ActionError(`Troppe verifiche ravvicinate: riprova tra ${limited.retryAfterSeconds} secondi.`);
  let checks: ConnectionCheck[];
  try {
    const partner = await resolvePartner(ente);
    checks = partner.testConnection
      ? (await partner.testConnection(partnerContext(ente))).map((c) => ({
          operation: maskPersonalData(c.operation).slice(0, 100),
          ok: c.ok,
          detail: maskPersonalData(c.detail).slice(0, 300),
        }))
      : [{ operation: 'verifica', ok: false, detail: 'L’adattatore di questo partner non offre ancora la verifica del collegamento.' }];
  } catch (error) {
    checks = [{ operation: 'collegamento', ok: false, detail: describeCallError(error) }];
  }
  if (checks.length === 0) checks = [{ operation: 'verifica', ok: false, detail: 'L’adattatore non ha provato alcuna operazione.' }];
  await db.transaction(async (tx) => {
    await tx.update(partnerConnections).set({ lastTestAt: now(), lastTestResult: checks }).where(eq(partnerConnections.enteId, ente.id));
    await audit(tx, actor, ente.id, 'collegamento_partner_verificato', { ok: checks.every((c) => c.ok), checks });
  });
  return checks;
}

/** Sets each service's idTipoPendenza (empty: the connection's default). Services of another Ente are refused. */
export async function saveServiceCodes(
  db: Database,
  actor: ConnectionActor,
  ente: Pick<Ente, 'id'>,
  input: z.output<typeof serviceCodesInput>,
): Promise<number> {
  const ids = input.codes.map((c) => c.serviceId);
  if (new Set(ids).size !== ids.length) throw new ActionError('Un servizio compare più volte.');
  if (ids.length === 0) return 0;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: services.id, code: services.code, partnerServiceCode: services.partnerServiceCode })
      .from(services)
      .where(and(eq(services.enteId, ente.id), inArray(services.id, ids)))
      .for('update');
    if (rows.length !== ids.length) throw new ActionError('Servizio non trovato.');
    const changes: { code: string; before: string | null; after: string | null }[] = [];
    for (const { serviceId, code } of input.codes) {
      const row = rows.find((r) => r.id === serviceId)!;
      const after = code || null;
      if (row.partnerServiceCode === after) continue;
      await tx
        .update(services)
        .set({ partnerServiceCode: after, updatedAt: new Date() })
        .where(and(eq(services.id, serviceId), eq(services.enteId, ente.id)));
      changes.push({ code: row.code, before: row.partnerServiceCode, after });
    }
    if (changes.length) await audit(tx, actor, ente.id, 'codici_servizio_partner_modificati', { changes });
    return changes.length;
  });
}

export interface ConnectionView {
  partner: Ente['partner'];
  partnerName: string | null;
  /** The protocol the CIT's partner registry gives the Ente's partner. */
  registryProtocol: 'sandbox' | 'govpay' | 'gpd_checkout' | null;
  connection: {
    protocol: 'govpay' | 'gpd_checkout';
    settings: Record<string, unknown>;
    secrets: { name: SecretName; setAt: Date | null }[];
    secretsUnreadable: boolean;
    inbound: { auth: 'basic' | 'api_key'; principal: string } | null;
    lastTestAt: Date | null;
    lastTestResult: ConnectionCheck[] | null;
    updatedAt: Date;
  } | null;
  services: { id: string; code: string; title: string; partnerServiceCode: string | null; active: boolean }[];
}

/** When each stored secret was last set, from the audit of the connection's changes (newest first). */
async function secretsSetAt(db: Database, enteId: string): Promise<Map<string, Date>> {
  const rows = await db
    .select({ details: auditLog.details, at: auditLog.createdAt })
    .from(auditLog)
    .where(and(eq(auditLog.enteId, enteId), eq(auditLog.action, SAVED)))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(200);
  const setAt = new Map<string, Date>();
  for (const row of rows) {
    const set = (row.details as { secretsSet?: unknown } | null)?.secretsSet;
    if (Array.isArray(set)) for (const name of set) if (typeof name === 'string' && !setAt.has(name)) setAt.set(name, row.at);
  }
  return setAt;
}

/** Everything the settings page shows: settings and names of stored secrets, never their values. */
export async function loadConnectionView(db: Database, enteId: string): Promise<ConnectionView> {
  const [head] = await db
    .select({ partner: enti.partner, partnerName: partners.name, registryProtocol: partners.protocol })
    .from(enti)
    .leftJoin(partners, eq(partners.code, enti.partner))
    .where(eq(enti.id, enteId));
  const [row] = await db.select().from(partnerConnections).where(eq(partnerConnections.enteId, enteId));
  const serviceRows = await db
    .select({
      id: services.id,
      code: services.code,
      title: services.title,
      partnerServiceCode: services.partnerServiceCode,
      active: services.active,
    })
    .from(services)
    .where(eq(services.enteId, enteId))
    .orderBy(asc(services.sortOrder), asc(services.title));
  let connection: ConnectionView['connection'] = null;
  if (row && row.protocol !== 'sandbox') {
    let names: SecretName[] = [];
    let secretsUnreadable = false;
    try {
      names = await storedSecretNames(db, enteId);
    } catch (error) {
      if (!(error instanceof SecretsUnreadableError)) throw error;
      secretsUnreadable = true;
    }
    const setAt = names.length ? await secretsSetAt(db, enteId) : new Map<string, Date>();
    connection = {
      protocol: row.protocol,
      settings: row.settings,
      secrets: names.map((name) => ({ name, setAt: setAt.get(name) ?? null })),
      secretsUnreadable,
      inbound:
        row.inboundAuth && row.inboundPrincipal && row.inboundSecretSha256
          ? { auth: row.inboundAuth as 'basic' | 'api_key', principal: row.inboundPrincipal }
          : null,
      lastTestAt: row.lastTestAt,
      lastTestResult: row.lastTestResult,
      updatedAt: row.updatedAt,
    };
  }
  return {
    partner: head?.partner ?? null,
    partnerName: head?.partnerName ?? null,
    registryProtocol: head?.registryProtocol ?? null,
    connection,
    services: serviceRows,
  };
}

export interface ConnectionSummary {
  /** The protocol of the Ente's partner in the CIT's registry. */
  registryProtocol: 'sandbox' | 'govpay' | 'gpd_checkout' | null;
  connection: {
    protocol: 'govpay' | 'gpd_checkout';
    inboundSet: boolean;
    lastTestAt: Date | null;
    lastTestOk: boolean | null;
  } | null;
}

/** What the CIT's adhesion file shows of the connection (no settings, no secrets). */
export async function loadConnectionSummary(db: Database, enteId: string): Promise<ConnectionSummary> {
  const [row] = await db
    .select({
      registryProtocol: partners.protocol,
      protocol: partnerConnections.protocol,
      digest: partnerConnections.inboundSecretSha256,
      lastTestAt: partnerConnections.lastTestAt,
      lastTestResult: partnerConnections.lastTestResult,
    })
    .from(enti)
    .leftJoin(partners, eq(partners.code, enti.partner))
    .leftJoin(partnerConnections, eq(partnerConnections.enteId, enti.id))
    .where(eq(enti.id, enteId));
  if (!row) return { registryProtocol: null, connection: null };
  return {
    registryProtocol: row.registryProtocol,
    connection:
      row.protocol && row.protocol !== 'sandbox'
        ? {
            protocol: row.protocol,
            inboundSet: row.digest !== null,
            lastTestAt: row.lastTestAt,
            lastTestOk: row.lastTestResult ? row.lastTestResult.every((c) => c.ok) : null,
          }
        : null,
  };
}

/** For the CIT's lists: which Enti with a real-protocol partner still lack a connection. */
export async function connectionStates(db: Database, enteIds: string[]): Promise<Map<string, 'configured' | 'missing'>> {
  const states = new Map<string, 'configured' | 'missing'>();
  if (enteIds.length === 0) return states;
  const rows = await db
    .select({ id: enti.id, protocol: partners.protocol, connected: partnerConnections.enteId })
    .from(enti)
    .innerJoin(partners, eq(partners.code, enti.partner))
    .leftJoin(partnerConnections, eq(partnerConnections.enteId, enti.id))
    .where(inArray(enti.id, enteIds));
  for (const row of rows) {
    if (row.protocol === 'govpay' || row.protocol === 'gpd_checkout') states.set(row.id, row.connected ? 'configured' : 'missing');
  }
  return states;
}
