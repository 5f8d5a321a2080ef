import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db';
import { memberships, users, type User } from '@/db/schema';
import { verifyPassword } from './password';

export type EnteRole = (typeof memberships.$inferSelect)['role'];
export type PlatformRole = NonNullable<User['platformRole']>;

// Compared against when the e-mail is unknown, so that a miss costs as much time as a wrong password.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** The enabled user with these credentials, or undefined. */
export async function verifyCredentials(
  db: Database,
  email: string,
  password: string,
): Promise<{ id: string; email: string; fullName: string } | undefined> {
  const [user] = await db
    .select({ id: users.id, email: users.email, fullName: users.fullName, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.email, email.toLowerCase()), isNull(users.disabledAt)))
    .limit(1);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !user.email || !user.passwordHash || !ok) return undefined;
  await recordStaffLogin(db, user.id);
  return { id: user.id, email: user.email, fullName: user.fullName };
}

export interface StaffIdentity {
  userId: string;
  fullName: string;
  email: string | null;
}

/** The enabled staff account of this codice fiscale (SPID/CIE/OIDC login), if any. */
export async function findStaffByFiscalCode(db: Database, fiscalCode: string): Promise<Pick<User, 'id' | 'fullName'> | undefined> {
  const code = fiscalCode.toUpperCase();
  // The shape users_fiscal_code_format allows: anything else (a NUL byte would fail the query) is nobody.
  if (!/^[A-Z0-9]{16}$/.test(code)) return undefined;
  const [user] = await db
    .select({ id: users.id, fullName: users.fullName })
    .from(users)
    .where(and(eq(users.fiscalCode, code), isNull(users.disabledAt)))
    .limit(1);
  return user;
}

export async function recordStaffLogin(db: Database, userId: string): Promise<void> {
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, userId));
}

/** The user's role in this Ente, read fresh on every request so that a revoked role takes effect at once. */
export async function findEnteRole(
  db: Database,
  userId: string,
  enteId: string,
): Promise<(StaffIdentity & { role: EnteRole }) | undefined> {
  const [row] = await db
    .select({ userId: users.id, fullName: users.fullName, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, userId), eq(memberships.enteId, enteId), isNull(users.disabledAt)))
    .limit(1);
  return row;
}

export async function findPlatformRole(db: Database, userId: string): Promise<(StaffIdentity & { role: PlatformRole }) | undefined> {
  const [row] = await db
    .select({ userId: users.id, fullName: users.fullName, email: users.email, role: users.platformRole })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)))
    .limit(1);
  return row?.role ? { ...row, role: row.role } : undefined;
}

export const ENTE_ROLE_LABELS: Record<EnteRole, string> = {
  ente_admin: 'Amministratore',
  ente_operator: 'Operatore',
  ente_viewer: 'Consultazione',
};

/** «Amministratore CIT»: the service centre's short name comes from the provider's identity. */
export function platformRoleLabel(role: PlatformRole, centreShortName: string): string {
  return `${role === 'cit_admin' ? 'Amministratore' : 'Operatore'} ${centreShortName}`;
}
