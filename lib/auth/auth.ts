import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { authSecret } from '@/lib/config';
import { logger } from '@/lib/logger';
import { loginSchema } from './schemas';
import { verifyCredentials } from './users';

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
      if (error.name !== 'CredentialsSignin') logger.error({ err: error.message, type: error.name }, 'errore di autenticazione');
    },
    warn(code) {
      logger.warn({ code }, 'avviso di autenticazione');
    },
    debug() {},
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw) {
        const parsed = loginSchema.safeParse(raw);
        if (!parsed.success) throw new CredentialsSignin();
        const user = await verifyCredentials(await getDb(), parsed.data.email, parsed.data.password);
        if (!user) {
          logger.info({ event: 'login_failed' }, 'accesso staff rifiutato');
          throw new CredentialsSignin();
        }
        return { id: user.id, email: user.email, name: user.fullName };
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
