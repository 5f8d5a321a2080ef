import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { authSecret, readConfig } from '@/lib/config';
import { clientAddress } from '@/lib/http/client-address';
import { logger } from '@/lib/logger';
import { attemptLogin, type LoginOutcome } from './login-guard';
import { loginSchema } from './schemas';

/** A refused login; `code` (invalid, locked, busy) lets the login action say why in Italian. */
export class LoginRefused extends CredentialsSignin {
  constructor(readonly reason: Exclude<LoginOutcome['kind'], 'ok'>) {
    super();
    this.code = reason;
  }
}

/**
 * Staff sessions. The cookie is a signed JWT holding only the user id, scoped to the host that set it:
 * a login on one Ente's subdomain is not a login on another's. Roles are never read from the token,
 * they are looked up per request (lib/auth/guards.ts).
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
  // A wrong password is an expected event, already logged without a stack; everything else goes to pino.
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
      credentials: { email: {}, password: {} },
      // Also reachable directly at /api/auth/callback/credentials, so the lockout lives here, not in the action.
      async authorize(raw, request) {
        const parsed = loginSchema.safeParse(raw);
        if (!parsed.success) throw new LoginRefused('invalid');
        const address = clientAddress(request.headers, readConfig().TRUSTED_PROXY_HOPS);
        const outcome = await attemptLogin(await getDb(), parsed.data.email, parsed.data.password, address);
        if (outcome.kind !== 'ok') {
          logger.info({ event: 'login_failed', reason: outcome.kind }, 'accesso staff rifiutato');
          throw new LoginRefused(outcome.kind);
        }
        return { id: outcome.user.id, email: outcome.user.email, name: outcome.user.fullName };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));

/** The logged-in user's id, or undefined. */
export async function currentUserId(): Promise<string | undefined> {
  const session = await auth();
  return session?.user?.id ?? undefined;
}
