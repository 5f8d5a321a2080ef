import { DEMO_CIT_STAFF, DEMO_ENTE_STAFF } from '@/db/seed/enti';
import type { RoutePolicy } from '@/lib/auth/route-policies';
import { DEMO_IDENTITIES } from '@/lib/auth/saml/demo-idp/identities';
import type { EnteRole, PlatformRole } from '@/lib/auth/users';

/*
 * The people of the authorization matrix, from the demo seed: who they are and what roles they hold where.
 * Both the jest matrix of the actions and the e2e matrix of the routes ask every entry point as each of them.
 */

export interface Persona {
  label: string;
  /** Absent: no session at all. */
  fiscalCode?: string;
  /** Seeded staff, found by fiscal code; a citizen has a session with a fiscal code and no account. */
  staff: boolean;
  /** The demo e-mail of seeded staff (the password login). */
  email?: string;
  enteRoles: Readonly<Record<string, EnteRole>>;
  platformRole?: PlatformRole;
}

/** Mario Rossi of the demo IdP: a citizen, with no staff account. */
export const CITIZEN_FISCAL_CODE = DEMO_IDENTITIES.find((i) => i.key === 'mario')!.fiscalNumber;

function enteStaff(fullName: string, label: string): Persona {
  const rows = DEMO_ENTE_STAFF.filter((s) => s.fullName === fullName);
  if (rows.length === 0) throw new Error(`persona non presente nei dati dimostrativi: ${fullName}`);
  return {
    label,
    fiscalCode: rows[0]!.fiscalCode,
    email: rows[0]!.email,
    staff: true,
    enteRoles: Object.fromEntries(rows.map((r) => [r.slug, r.role])),
  };
}

function citStaff(fullName: string, label: string): Persona {
  const row = DEMO_CIT_STAFF.find((s) => s.fullName === fullName);
  if (!row) throw new Error(`persona non presente nei dati dimostrativi: ${fullName}`);
  return { label, fiscalCode: row.fiscalCode, email: row.email, staff: true, enteRoles: {}, platformRole: row.platformRole };
}

export const PERSONAS: readonly Persona[] = [
  { label: 'nessuna sessione', staff: false, enteRoles: {} },
  { label: 'cittadino (SPID, senza account)', fiscalCode: CITIZEN_FISCAL_CODE, staff: false, enteRoles: {} },
  enteStaff('Sara Bonetti', 'Sara Bonetti (admin di Valmora)'),
  enteStaff('Stefano Gatti', 'Stefano Gatti (operatore di Valmora limitato a due servizi)'),
  enteStaff('Paolo Ferri', 'Paolo Ferri (admin di Comune Demo)'),
  enteStaff('Giulia Ferrari', 'Giulia Ferrari (operatrice di Comune Demo)'),
  citStaff('Laura Bertoli', 'Laura Bertoli (admin CIT)'),
  citStaff('Marco Zanardelli', 'Marco Zanardelli (operatore CIT)'),
];

/** The two Enti whose staff the personas are: on each, the other's staff are strangers. */
export const MATRIX_ENTI = ['valmora', 'comune-demo'] as const;

export type Outcome = 'ok' | 'login' | 'forbidden';

/** What must happen when `persona` uses an entry point with `policy` on the site of `slug` (null: provincial). */
export function expectedOutcome(policy: RoutePolicy, persona: Persona, slug: string | null): Outcome {
  if (policy.access === 'public') return 'ok';
  if (!persona.fiscalCode) return 'login';
  if (policy.access === 'ente') {
    const role = slug ? persona.enteRoles[slug] : undefined;
    return role && policy.roles.includes(role) ? 'ok' : 'forbidden';
  }
  return persona.platformRole && policy.roles.includes(persona.platformRole) ? 'ok' : 'forbidden';
}
