import type { PlatformRole } from '@/lib/auth/users';

export type AdhesionStatus = 'richiesta' | 'in_attivazione' | 'attivo' | 'sospeso' | 'cessato';

export const ADHESION_STATUS_LABELS: Record<AdhesionStatus, string> = {
  richiesta: 'Richiesta',
  in_attivazione: 'In attivazione',
  attivo: 'Attivo',
  sospeso: 'Sospeso',
  cessato: 'Cessato',
};

/** What the adhesion file holds, as far as the state machine cares. */
export interface AdhesionFacts {
  conventionRecorded: boolean;
  /** The modulo di adesione is digitally signed, or signed by hand with the signer's identity card attached. */
  moduloValid: boolean;
  referenteAppointed: boolean;
  /** A compatible partner of the registry is assigned to the Ente. */
  partnerAssigned: boolean;
  /** AgID documents uploaded and not rejected. */
  letteraAdesione: boolean;
  pianoAttivazione: boolean;
}

interface Transition {
  to: AdhesionStatus;
  /** Who may make it: suspending, reactivating and ceasing an Ente are the CIT admin's alone. */
  roles: readonly PlatformRole[];
  reasonRequired: boolean;
  requires: readonly (keyof AdhesionFacts)[];
}

const ADMIN_ONLY: readonly PlatformRole[] = ['cit_admin'];
const EVERY: readonly PlatformRole[] = ['cit_admin', 'cit_operator'];
const CEASE: Transition = { to: 'cessato', roles: ADMIN_ONLY, reasonRequired: true, requires: [] };

/*
 * The service page's path: the request (convention + modulo) opens the activation; the portal goes live
 * only once the referente is appointed and a compatible partner named, with the AgID letter and plan sent.
 */
const TRANSITIONS: Record<AdhesionStatus, readonly Transition[]> = {
  richiesta: [{ to: 'in_attivazione', roles: EVERY, reasonRequired: false, requires: ['conventionRecorded', 'moduloValid'] }, CEASE],
  in_attivazione: [
    {
      to: 'attivo',
      roles: EVERY,
      reasonRequired: false,
      requires: ['conventionRecorded', 'moduloValid', 'referenteAppointed', 'partnerAssigned', 'letteraAdesione', 'pianoAttivazione'],
    },
    CEASE,
  ],
  attivo: [{ to: 'sospeso', roles: ADMIN_ONLY, reasonRequired: true, requires: [] }, CEASE],
  sospeso: [{ to: 'attivo', roles: ADMIN_ONLY, reasonRequired: false, requires: ['partnerAssigned'] }, CEASE],
  cessato: [],
};

export const REQUIREMENT_LABELS: Record<keyof AdhesionFacts, string> = {
  conventionRecorded: 'la deliberazione di adesione alla convenzione CIT',
  moduloValid: 'il modulo di adesione firmato (digitalmente, oppure a mano con la carta d’identità del firmatario)',
  referenteAppointed: 'la nomina del referente operativo',
  partnerAssigned: 'un partner tecnologico compatibile',
  letteraAdesione: 'la Lettera di adesione AgID',
  pianoAttivazione: 'il Piano di attivazione AgID',
};

export type TransitionCheck = { ok: true; reasonRequired: boolean } | { ok: false; reason: string; missing?: string[] };

/** The states reachable from `from` (whatever the file holds): the page offers these. */
export function nextStatuses(from: AdhesionStatus): AdhesionStatus[] {
  return TRANSITIONS[from].map((t) => t.to);
}

/** What the file still lacks for the move to `to`, as Italian phrases (empty when nothing is missing). */
export function missingFor(from: AdhesionStatus, to: AdhesionStatus, facts: AdhesionFacts): string[] {
  const transition = TRANSITIONS[from].find((t) => t.to === to);
  return (transition?.requires ?? []).filter((key) => !facts[key]).map((key) => REQUIREMENT_LABELS[key]);
}

/** Whether `role` may move an adhesion from `from` to `to` with these facts and this reason. */
export function checkTransition(
  from: AdhesionStatus,
  to: AdhesionStatus,
  facts: AdhesionFacts,
  role: PlatformRole,
  reason: string | undefined,
): TransitionCheck {
  const transition = TRANSITIONS[from].find((t) => t.to === to);
  if (!transition) {
    return {
      ok: false,
      reason: `Un Ente nello stato «${ADHESION_STATUS_LABELS[from]}» non può passare allo stato «${ADHESION_STATUS_LABELS[to]}».`,
    };
  }
  if (!transition.roles.includes(role)) return { ok: false, reason: 'Solo un amministratore del CIT può fare questo passaggio.' };
  if (transition.reasonRequired && !reason?.trim()) return { ok: false, reason: 'Indica il motivo: è obbligatorio per questo passaggio.' };
  const missing = missingFor(from, to, facts);
  if (missing.length > 0) return { ok: false, reason: `Manca ancora ${missing.join('; ')}.`, missing };
  return { ok: true, reasonRequired: transition.reasonRequired };
}

/** An Ente's portal serves citizens only while active and with a partner (the service page's rule). */
export function servesCitizens(ente: { adhesionStatus: AdhesionStatus; partner: string | null }): boolean {
  return ente.adhesionStatus === 'attivo' && ente.partner !== null;
}
