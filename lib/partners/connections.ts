import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { enti, partnerConnections } from '@/db/schema';
import {
  connectionSecretsSchema,
  govpaySettingsSchema,
  gpdSettingsSchema,
  type ConnectionConfig,
  type ConnectionSecrets,
  type GovpaySettings,
  type GpdSettings,
} from './connection-settings';
import { decryptSecrets, encryptSecrets, matchesDigest, newInboundSecret, sha256Hex } from './secrets';
import { PartnerUnavailableError } from './types';

/** An Ente's connection, decrypted, for an adapter's call. Throws PartnerUnavailableError when it is missing or broken. */
export async function loadConnection(db: Database, enteId: string): Promise<ConnectionConfig> {
  const [row] = await db.select().from(partnerConnections).where(eq(partnerConnections.enteId, enteId));
  if (!row) throw new PartnerUnavailableError('Collegamento al partner non configurato per questo Ente');
  const secrets = row.secretsCiphertext ? connectionSecretsSchema.parse(decryptSecrets(enteId, row.secretsCiphertext)) : {};
  if (row.protocol === 'govpay') return { protocol: 'govpay', settings: govpaySettingsSchema.parse(row.settings), secrets };
  if (row.protocol === 'gpd_checkout') return { protocol: 'gpd_checkout', settings: gpdSettingsSchema.parse(row.settings), secrets };
  throw new PartnerUnavailableError(`Protocollo ${row.protocol} senza adattatore`);
}

export type ConnectionInput = { protocol: 'govpay'; settings: GovpaySettings } | { protocol: 'gpd_checkout'; settings: GpdSettings };

/**
 * Saves the connection. Secrets are write-only: a key given replaces the stored one, a key absent keeps
 * it, `clearSecrets` removes the named ones. Switching protocol drops every stored secret.
 */
export async function saveConnection(
  db: Database,
  enteId: string,
  input: ConnectionInput,
  options: { secrets?: ConnectionSecrets; clearSecrets?: (keyof ConnectionSecrets)[]; userId?: string | null } = {},
): Promise<void> {
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(partnerConnections).where(eq(partnerConnections.enteId, enteId)).for('update');
    const kept: ConnectionSecrets =
      current?.secretsCiphertext && current.protocol === input.protocol ? decryptSecrets(enteId, current.secretsCiphertext) : {};
    for (const name of options.clearSecrets ?? []) delete kept[name];
    const merged = connectionSecretsSchema.parse({ ...kept, ...options.secrets });
    const entries = Object.entries(merged).filter(([, v]) => v !== undefined) as [string, string][];
    const secretsCiphertext = entries.length ? encryptSecrets(enteId, Object.fromEntries(entries)) : null;
    const values = {
      protocol: input.protocol,
      settings: input.settings as Record<string, unknown>,
      secretsCiphertext,
      updatedAt: new Date(),
      updatedBy: options.userId ?? null,
    };
    await tx
      .insert(partnerConnections)
      .values({ enteId, ...values })
      .onConflictDoUpdate({ target: partnerConnections.enteId, set: values });
  });
}

/** Which secrets are stored (names only, never values): what the settings page may show. */
export async function storedSecretNames(db: Database, enteId: string): Promise<(keyof ConnectionSecrets)[]> {
  const [row] = await db
    .select({ blob: partnerConnections.secretsCiphertext })
    .from(partnerConnections)
    .where(eq(partnerConnections.enteId, enteId));
  if (!row?.blob) return [];
  return Object.keys(decryptSecrets(enteId, row.blob)) as (keyof ConnectionSecrets)[];
}

/**
 * Issues a new inbound credential (what the partner presents when it pushes receipts and flows to us) and
 * returns it once: only its hash is stored. `principal` is the Basic username or the X-APP-ID.
 */
export async function issueInboundCredential(
  db: Database,
  enteId: string,
  auth: 'basic' | 'api_key',
  principal: string,
): Promise<{ principal: string; secret: string }> {
  if (!/^[A-Za-z0-9._-]{3,64}$/.test(principal)) throw new RangeError('Identificativo non valido: da 3 a 64 tra lettere, cifre, . _ -');
  const secret = newInboundSecret();
  const updated = await db
    .update(partnerConnections)
    .set({ inboundAuth: auth, inboundPrincipal: principal, inboundSecretSha256: sha256Hex(secret), updatedAt: new Date() })
    .where(eq(partnerConnections.enteId, enteId))
    .returning({ enteId: partnerConnections.enteId });
  if (updated.length === 0) throw new Error('Configurare prima il collegamento al partner');
  return { principal, secret };
}

/** The credential a request presents, read from its headers as GovPay's connector can send it. */
export function presentedCredential(headers: Headers): { auth: 'basic' | 'api_key'; principal: string; secret: string } | null {
  const authorization = headers.get('authorization');
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return null;
    return { auth: 'basic', principal: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  const appId = headers.get('x-app-id');
  const apiKey = headers.get('x-api-key');
  if (appId && apiKey) return { auth: 'api_key', principal: appId, secret: apiKey };
  return null;
}

export type InboundVerdict =
  | { ok: true; ente: { id: string; fiscalCode: string; partner: NonNullable<(typeof enti.$inferSelect)['partner']> } }
  | { ok: false; status: 401 | 404; reason: string };

/**
 * Checks a push from a partner: the Ente named by its fiscal code must have a connection of this protocol
 * and the request must carry that connection's inbound credential. Unknown Ente and wrong credential give
 * the same answer, so that a prober learns nothing about which Enti exist.
 */
export async function verifyInbound(
  db: Database,
  protocol: 'govpay' | 'gpd_checkout',
  creditorFiscalCode: string,
  headers: Headers,
): Promise<InboundVerdict> {
  const presented = presentedCredential(headers);
  if (!presented) return { ok: false, status: 401, reason: 'Credenziali assenti' };
  if (!/^[0-9]{11}$/.test(creditorFiscalCode)) return { ok: false, status: 401, reason: 'Credenziali non valide' };
  const [row] = await db
    .select({
      id: enti.id,
      fiscalCode: enti.fiscalCode,
      partner: enti.partner,
      protocol: partnerConnections.protocol,
      auth: partnerConnections.inboundAuth,
      principal: partnerConnections.inboundPrincipal,
      digest: partnerConnections.inboundSecretSha256,
    })
    .from(enti)
    .innerJoin(partnerConnections, eq(partnerConnections.enteId, enti.id))
    .where(eq(enti.fiscalCode, creditorFiscalCode));
  const valid =
    row &&
    row.partner &&
    row.partner !== 'sandbox' &&
    row.protocol === protocol &&
    row.auth === presented.auth &&
    row.principal === presented.principal &&
    row.digest !== null &&
    matchesDigest(presented.secret, row.digest);
  if (!valid) return { ok: false, status: 401, reason: 'Credenziali non valide' };
  return { ok: true, ente: { id: row.id, fiscalCode: row.fiscalCode, partner: row.partner! } };
}
