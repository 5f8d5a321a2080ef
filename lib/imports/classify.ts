import type { Position, Service } from '@/db/schema';
import type { ImportRow, RowProblem } from './row-schema';

/** A valid row of the file and the service it names (already checked: active, in scope, amount within its rule). */
export interface ReadyRow {
  rowNumber: number;
  row: ImportRow;
  service: Pick<Service, 'id' | 'title' | 'taxonomyCode' | 'ibanOverride' | 'transferSplit'>;
}

export type ExistingPosition = Pick<
  Position,
  | 'id'
  | 'externalId'
  | 'serviceId'
  | 'status'
  | 'debtorType'
  | 'debtorFiscalCode'
  | 'debtorName'
  | 'debtorEmail'
  | 'causale'
  | 'amountCents'
  | 'dueDate'
>;

export type Decision =
  | { kind: 'create' }
  | { kind: 'update'; positionId: string }
  | { kind: 'cancel'; positionId: string }
  | { kind: 'unchanged' }
  | { kind: 'reject'; problem: RowProblem };

function sameData(row: ImportRow, position: ExistingPosition): boolean {
  return (
    position.debtorType === row.tipo_debitore &&
    position.debtorFiscalCode === row.codice_fiscale &&
    position.debtorName === row.nominativo &&
    position.debtorEmail === row.email &&
    position.causale === row.causale &&
    position.amountCents === row.importo &&
    position.dueDate === row.scadenza
  );
}

const reject = (column: RowProblem['column'], value: string, reason: string): Decision => ({
  kind: 'reject',
  problem: { column, value, reason },
});

/**
 * What a row does to the position with its id_esterno: the import is idempotent, so the same row twice is
 * `unchanged`; amount 0 cancels; a paid or cancelled position never changes.
 */
export function decide({ row, service }: ReadyRow, existing: ExistingPosition | undefined): Decision {
  if (!existing) {
    return row.importo === 0
      ? reject('importo', '0', 'Importo 0 annulla una posizione, ma questo id_esterno non esiste')
      : { kind: 'create' };
  }
  if (existing.serviceId !== service.id) {
    return reject('servizio', row.servizio, 'La posizione con questo id_esterno è di un altro servizio: il servizio non si può cambiare');
  }
  if (existing.status === 'cancelled') {
    return row.importo === 0
      ? { kind: 'unchanged' }
      : reject('id_esterno', row.id_esterno, 'Posizione annullata: non si può più modificare');
  }
  if (existing.status === 'paid') {
    return sameData(row, existing)
      ? { kind: 'unchanged' }
      : reject('id_esterno', row.id_esterno, 'Posizione già pagata: non si può modificare');
  }
  if (row.importo === 0) return { kind: 'cancel', positionId: existing.id };
  return sameData(row, existing) ? { kind: 'unchanged' } : { kind: 'update', positionId: existing.id };
}
