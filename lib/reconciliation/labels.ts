import type { ReportedOutcome } from './schemas';

/** FdR payStatus in Italian, for the back office and the export. */
export const OUTCOME_LABELS: Record<ReportedOutcome, string> = {
  EXECUTED: 'Eseguito',
  REVOKED: 'Revocato',
  STAND_IN: 'Eseguito in stand-in',
  STAND_IN_NO_RPT: 'Eseguito in stand-in senza RPT',
  NO_RPT: 'Eseguito senza RPT',
};

export function outcomeLabel(outcome: string): string {
  return OUTCOME_LABELS[outcome as ReportedOutcome] ?? outcome;
}

/** What a flow payment matched, in words. */
export function matchLabel(line: { positionId: string | null; matched: boolean }): string {
  if (line.matched) return 'Abbinato';
  return line.positionId ? 'Importo diverso dalla ricevuta' : 'Nessuna ricevuta';
}
