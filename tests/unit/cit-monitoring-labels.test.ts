import { actionLabel, detailLabel } from '@/lib/cit/audit-filters';
import { daysOf, periodLength } from '@/lib/cit/monitoring-period';
import { successRate } from '@/lib/cit/monitoring';
import { errorRate } from '@/lib/cit/health';

describe('the CIT monitoring labels and figures', () => {
  it('reads action codes and detail keys as people do', () => {
    expect(actionLabel('lavoro_riprovato')).toBe('Lavoro riprovato');
    expect(actionLabel('registro_esportato')).toBe('Registro esportato');
    expect(detailLabel('required')).toBe('Ruoli richiesti');
    expect(detailLabel('campo_nuovo')).toBe('campo_nuovo');
  });

  it('counts the days of a period across a daylight-saving change and a leap day', () => {
    expect(periodLength({ from: '2026-03-28', to: '2026-03-30' })).toBe(3);
    expect(daysOf({ from: '2024-02-28', to: '2024-03-01' })).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(daysOf({ from: '2026-10-24', to: '2026-10-26' })).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
  });

  it('gives rates only when there is something to divide', () => {
    expect(successRate({ cartsStarted: 0, cartsPaid: 0 })).toBeNull();
    expect(successRate({ cartsStarted: 3, cartsPaid: 2 })).toBe(67);
    expect(errorRate({ ok: 0, errors: 0 })).toBeNull();
    expect(errorRate({ ok: 2, errors: 1 })).toBe(33.3);
  });
});
