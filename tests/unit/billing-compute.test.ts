import {
  activityIn,
  billingLine,
  billingTotals,
  daysInYear,
  isUnbillable,
  type BillableEnte,
  type BillingLine,
} from '@/lib/billing/compute';

const ente = (extra: Partial<BillableEnte> = {}): BillableEnte => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Comune di Prova',
  slug: 'prova',
  fiscalCode: '00812300176',
  kind: 'comune',
  population: 8_000,
  parentName: null,
  parentKind: null,
  sharedReferente: false,
  ...extra,
});
// Noon in Rome, whatever the season: the day is unambiguous.
const at = (day: string) => new Date(`${day}T10:00:00Z`);
const activeFrom = (day: string) => [
  { toStatus: 'richiesta', at: at('2020-01-10') },
  { toStatus: 'in_attivazione', at: at('2020-01-20') },
  { toStatus: 'attivo', at: at(day) },
];
const line = (result: ReturnType<typeof billingLine>) => {
  if (!result || isUnbillable(result)) throw new Error(`riga attesa, ottenuto ${JSON.stringify(result)}`);
  return result;
};

describe('activityIn', () => {
  it('counts the day of activation and not the day the Ente left', () => {
    const changes = [...activeFrom('2025-03-01'), { toStatus: 'sospeso', at: at('2025-03-11') }];
    expect(activityIn(2025, changes)).toMatchObject({ activeDays: 10 });
  });

  it('counts days in Italian time: 23:30 UTC on 31 December is already the new year in Rome', () => {
    const changes = [{ toStatus: 'attivo', at: new Date('2024-12-31T23:30:00Z') }];
    expect(activityIn(2024, changes).activeDays).toBe(0);
    expect(activityIn(2025, changes).activeDays).toBe(365);
  });

  it('adds up the periods around a suspension and knows leap years', () => {
    const changes = [
      ...activeFrom('2023-06-01'),
      { toStatus: 'sospeso', at: at('2024-02-01') },
      { toStatus: 'attivo', at: at('2024-03-01') },
      { toStatus: 'cessato', at: at('2024-12-01') },
    ];
    expect(daysInYear(2024)).toBe(366);
    // January (31) + 1 March to 30 November (275).
    expect(activityIn(2024, changes)).toEqual({ activeDays: 31 + 275, firstActivation: Date.UTC(2023, 5, 1) / 86_400_000 });
    expect(activityIn(2025, changes).activeDays).toBe(0);
  });

  it('ignores events in any order and a repeated state', () => {
    const changes = [{ toStatus: 'attivo', at: at('2025-07-01') }, ...activeFrom('2025-01-01').reverse()];
    expect(activityIn(2025, changes).activeDays).toBe(365);
  });
});

describe('billingLine', () => {
  it('bills activation and pro rata maintenance in the activation year, rounded half up', () => {
    // 1 March 2025 to 31 December: 306 days of 365; 1,800 € × 306 / 365 = 1,509.0410… €.
    const result = line(billingLine(ente(), activeFrom('2025-03-01'), 2025, 'pro_rata'));
    expect(result).toMatchObject({
      activeDays: 306,
      activationCents: 50_000,
      maintenanceCents: 150_904,
      totalCents: 200_904,
      band: 'Comune da 5.001 a 10.000 abitanti',
      firstActivation: '2025-03-01',
    });
  });

  it('bills the whole year fee with the other method, and no activation the year after', () => {
    expect(line(billingLine(ente(), activeFrom('2025-03-01'), 2025, 'whole_year'))).toMatchObject({
      maintenanceCents: 180_000,
      totalCents: 230_000,
    });
    expect(line(billingLine(ente(), activeFrom('2025-03-01'), 2026, 'pro_rata'))).toMatchObject({
      activeDays: 365,
      activationCents: 0,
      totalCents: 180_000,
    });
  });

  it('charges no second activation after a suspension', () => {
    const changes = [
      ...activeFrom('2024-05-01'),
      { toStatus: 'sospeso', at: at('2024-12-01') },
      { toStatus: 'attivo', at: at('2025-02-01') },
    ];
    expect(line(billingLine(ente(), changes, 2025, 'pro_rata')).activationCents).toBe(0);
  });

  it('leaves out an Ente never active, or not active in that year', () => {
    expect(billingLine(ente(), activeFrom('2025-03-01').slice(0, 2), 2025, 'pro_rata')).toBeNull();
    expect(billingLine(ente(), activeFrom('2025-03-01'), 2024, 'pro_rata')).toBeNull();
    const ceased = [...activeFrom('2023-03-01'), { toStatus: 'cessato', at: at('2024-01-01') }];
    expect(billingLine(ente(), ceased, 2024, 'whole_year')).toBeNull();
  });

  it('applies the multi-ente condition and keeps the ordinary fees for the discount', () => {
    const member = ente({ population: 1_420, parentName: 'CM', parentKind: 'comunita_montana', sharedReferente: true });
    expect(line(billingLine(member, activeFrom('2025-01-01'), 2025, 'pro_rata'))).toMatchObject({
      activationCents: 40_000,
      yearlyCents: 35_000,
      maintenanceCents: 35_000,
      ordinaryActivationCents: 50_000,
      ordinaryYearlyCents: 50_000,
    });
  });

  it('reports a Comune without population instead of guessing its fee', () => {
    const result = billingLine(ente({ population: null }), activeFrom('2025-01-01'), 2025, 'pro_rata');
    expect(result).toEqual(expect.objectContaining({ slug: 'prova', error: expect.stringMatching(/senza popolazione/) }));
  });

  it('adds up totals', () => {
    const lines = [200_904, 180_000].map((totalCents) => ({ activationCents: 0, maintenanceCents: totalCents, totalCents }) as BillingLine);
    expect(billingTotals(lines)).toEqual({ activationCents: 0, maintenanceCents: 380_904, totalCents: 380_904 });
  });
});
