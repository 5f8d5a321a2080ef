import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database } from '@/db';
import { loginTickets, type TicketIdentity } from '@/db/schema';
import { LOGIN_HOST, RETURN_PATH } from './return-target';

/** Long enough for the redirect hop from the base domain to the Ente's host, short enough to be useless if leaked. */
export const TICKET_TTL_SECONDS = 60;

const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export interface NewTicket {
  identity: TicketIdentity;
  /** The host the login started from: only there can the ticket be redeemed. */
  host: string;
  returnPath: string;
  /** The hash of the browser key of the browser that started the login (lib/payments/browser-key.ts). */
  browserBindingHash: string;
  now: Date;
}

/** Stores a ticket for a proved identity and returns it (only its hash is kept). */
export async function issueTicket(db: Database, ticket: NewTicket): Promise<string> {
  if (!LOGIN_HOST.test(ticket.host)) throw new Error(`host non valido: ${ticket.host}`);
  if (!RETURN_PATH.test(ticket.returnPath)) throw new Error('percorso di ritorno non valido');
  if (!/^[0-9a-f]{64}$/.test(ticket.browserBindingHash)) throw new Error('legame con il browser non valido');
  const value = randomBytes(32).toString('base64url');
  await db.insert(loginTickets).values({
    idHash: sha256(value),
    host: ticket.host,
    returnPath: ticket.returnPath,
    browserBindingHash: ticket.browserBindingHash,
    identity: ticket.identity,
    expiresAt: new Date(ticket.now.getTime() + TICKET_TTL_SECONDS * 1000),
  });
  return value;
}

export type RedeemResult =
  | { ok: true; identity: TicketIdentity; returnPath: string }
  | { ok: false; reason: 'malformed' | 'unknown_or_used' | 'wrong_host' | 'wrong_browser' };

/**
 * Uses a ticket once. The UPDATE that marks it consumed is the only read, so two concurrent redemptions
 * cannot both succeed; a ticket presented on the wrong host or by another browser is burnt as well, so
 * an attacker who injects their own ticket into a victim's browser (login CSRF) gets nothing.
 */
export async function redeemTicket(
  db: Database,
  args: { ticket: string; host: string; browserBindingHash: string | undefined; now: Date },
): Promise<RedeemResult> {
  if (!TICKET_FORMAT.test(args.ticket)) return { ok: false, reason: 'malformed' };
  const [row] = await db
    .update(loginTickets)
    .set({ consumedAt: args.now })
    .where(and(eq(loginTickets.idHash, sha256(args.ticket)), isNull(loginTickets.consumedAt), gt(loginTickets.expiresAt, args.now)))
    .returning();
  if (!row) return { ok: false, reason: 'unknown_or_used' };
  if (row.host !== args.host) return { ok: false, reason: 'wrong_host' };
  const presented = Buffer.from(args.browserBindingHash ?? '', 'hex');
  const expected = Buffer.from(row.browserBindingHash, 'hex');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { ok: false, reason: 'wrong_browser' };
  return { ok: true, identity: row.identity, returnPath: row.returnPath };
}

/** Deletes tickets that expired before `before` (a periodic job). */
export async function pruneTickets(db: Database, before: Date): Promise<number> {
  const deleted = await db.delete(loginTickets).where(lt(loginTickets.expiresAt, before)).returning({ idHash: loginTickets.idHash });
  return deleted.length;
}

/**
 * The return path of an unused ticket, read without consuming it. `/accedi/completa` reads it before handing
 * the ticket to Auth.js, which redeems it (the one redemption, with the host and browser checks) but cannot
 * pass the path back through `signIn`; the path is followed only when that redemption succeeded.
 */
export async function ticketReturnPath(db: Database, ticket: string, now: Date): Promise<string | undefined> {
  if (!TICKET_FORMAT.test(ticket)) return undefined;
  const [row] = await db
    .select({ returnPath: loginTickets.returnPath })
    .from(loginTickets)
    .where(and(eq(loginTickets.idHash, sha256(ticket)), isNull(loginTickets.consumedAt), gt(loginTickets.expiresAt, now)));
  return row?.returnPath;
}
