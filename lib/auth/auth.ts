import NextAuth, { CredentialsSignin, type User } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { authSecret, readConfig } from '@/lib/config';
import { clientAddress } from '@/lib/http/client-address';
import { logger } from '@/lib/logger';
import { hashBrowserKey, browserKeyFromCookieHeader } from '@/lib/payments/browser-key';
import { attemptLogin, type LoginOutcome } from './login-guard';
import { loginSchema } from './schemas';
import { sessionFromClaims, type PortalSession } from './session';
import { redeemTicket } from './tickets';
import { recordStaffLogin, findStaffByFiscalCode } from './users';

/** A refused login; `code` (invalid, locked, busy) lets the login action say why in Italian. */
export class LoginRefused extends CredentialsSignin {
  constructor(readonly reason: Exclude<LoginOutcome['kind'], 'ok'>) {
    super();
    this.code = reason;
  }
}

/** A login ticket that cannot be used (expired, used, another host or browser). */
export class TicketRefused extends CredentialsSignin {
  override code = 'ticket';
}

/** Auth.js hands `authorize`'s result to the jwt callback as a User; ours carries the whole session. */
type SessionUser = User & { portal: PortalSession };

/**
 * Sessions for citizens and staff. The cookie is a signed JWT scoped to the host that set it: a login on
 * one Ente's subdomain is not a login on another's. Two ways in: a one-time ticket from SPID/CIE or the
 * regional OIDC provider (lib/auth/tickets.ts), and, where STAFF_PASSWORD_LOGIN allows, the demo staff
 * accounts' passwords. Roles are never read from the token (lib/auth/guards.ts).
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
  // A refused login is an expected event, already logged without a stack; everything else goes to pino.
  logger: {
    error(error) {
      if (!(error instanceof CredentialsSignin)) logger.error({ err: error.message, type: error.name }, 'errore di autenticazione');
    },
    warn(code) {
      logger.warn({ code }, 'avviso di autenticazione');
    },
    debug() {},
  },
  providers: [
    Credentials({
      id: 'ticket',
      credentials: { ticket: {} },
      // The host and the browser key come from the request itself, never from the form.
      async authorize(raw, request): Promise<SessionUser> {
        const ticket = typeof raw?.ticket === 'string' ? raw.ticket : '';
        const host = new URL(request.url).host;
        const key = browserKeyFromCookieHeader(request.headers.get('cookie'), readConfig().PORTAL_SCHEME);
        const db = await getDb();
        const result = await redeemTicket(db, { ticket, host, browserBindingHash: key ? hashBrowserKey(key) : undefined, now: new Date() });
        if (!result.ok) {
          logger.warn({ event: 'ticket_refused', reason: result.reason }, 'ticket di accesso rifiutato');
          throw new TicketRefused();
        }
        const { identity } = result;
        const staff = await findStaffByFiscalCode(db, identity.fiscalCode);
        if (staff) await recordStaffLogin(db, staff.id);
        const portal: PortalSession = {
          userId: staff?.id,
          fiscalCode: identity.fiscalCode,
          name: `${identity.givenName} ${identity.familyName}`.trim() || identity.fiscalCode,
          method: identity.method,
          level: identity.level,
          provider: identity.provider,
          saml: identity.saml,
        };
        return { id: staff?.id ?? identity.fiscalCode, name: portal.name, portal };
      },
    }),
    Credentials({
      id: 'credentials',
      credentials: { email: {}, password: {} },
      // Also reachable directly at /api/auth/callback/credentials, so the switch and the lockout live here.
      async authorize(raw, request): Promise<SessionUser> {
        if (!readConfig().STAFF_PASSWORD_LOGIN) throw new LoginRefused('invalid');
        const parsed = loginSchema.safeParse(raw);
        if (!parsed.success) throw new LoginRefused('invalid');
        const address = clientAddress(request.headers, readConfig().TRUSTED_PROXY_HOPS);
        const outcome = await attemptLogin(await getDb(), parsed.data.email, parsed.data.password, address);
        if (outcome.kind !== 'ok') {
          logger.info({ event: 'login_failed', reason: outcome.kind }, 'accesso staff rifiutato');
          throw new LoginRefused(outcome.kind);
        }
        const portal: PortalSession = { userId: outcome.user.id, name: outcome.user.fullName, method: 'password' };
        return { id: outcome.user.id, name: portal.name, portal };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user && 'portal' in user) {
        const { portal } = user as SessionUser;
        return { sub: portal.userId ?? portal.fiscalCode, ...portal };
      }
      return token;
    },
    session({ session, token }) {
      const portal = sessionFromClaims(token);
      return { ...session, portal };
    },
  },
}));

/** The signed-in person (citizen or staff) on this host, or undefined. */
export async function currentSession(): Promise<PortalSession | undefined> {
  const session = (await auth()) as { portal?: PortalSession } | null;
  return session?.portal;
}

/** The signed-in staff user's id, or undefined (citizens have none). */
export async function currentUserId(): Promise<string | undefined> {
  return (await currentSession())?.userId;
}
