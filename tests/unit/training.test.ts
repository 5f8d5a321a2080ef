import { dateToRomeLocal, romeLocalToDate } from '@/lib/format/rome-time';
import { GUIDE_TASKS } from '@/lib/guide/tasks';
import { sessionState } from '@/lib/training/queries';
import { trainingSessionFields } from '@/lib/training/schemas';

describe('Italian wall-clock time of a datetime-local input', () => {
  it('is UTC+1 in winter and UTC+2 in summer, whatever the server zone', () => {
    expect(romeLocalToDate('2027-01-31T14:30')?.toISOString()).toBe('2027-01-31T13:30:00.000Z');
    expect(romeLocalToDate('2027-07-01T10:00')?.toISOString()).toBe('2027-07-01T08:00:00.000Z');
    // The mornings of the two changes: 28 March and 31 October 2027.
    expect(romeLocalToDate('2027-03-28T03:30')?.toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(romeLocalToDate('2027-10-31T04:00')?.toISOString()).toBe('2027-10-31T03:00:00.000Z');
  });

  it('refuses what is not a time', () => {
    for (const text of ['', '2027-02-30T10:00', '2027-01-31', '2027-01-31T25:00', '31/01/2027 10:00'])
      expect(romeLocalToDate(text)).toBeUndefined();
  });

  it('goes back to the same input value', () => {
    for (const text of ['2027-01-31T14:30', '2027-07-01T10:00', '2027-12-31T23:59'])
      expect(dateToRomeLocal(romeLocalToDate(text)!)).toBe(text);
  });
});

describe('a training session as the CIT types it', () => {
  const valid = {
    title: 'Primi passi',
    startsAt: '2027-01-31T10:00',
    durationMinutes: 120,
    place: 'Sala CIT',
    link: '',
    seats: 20,
    notes: '',
  };

  it('is parsed to its instant, with empty optional texts as null', () => {
    const parsed = trainingSessionFields.parse(valid);
    expect(parsed).toEqual({ ...valid, startsAt: new Date('2027-01-31T09:00:00Z'), link: null, notes: null });
  });

  it('needs a place or a link, an https link, sensible seats and duration', () => {
    const issues = (input: object) => trainingSessionFields.safeParse({ ...valid, ...input }).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ place: '', link: '' })).toEqual(['place']);
    expect(issues({ link: 'http://example.it/corso' })).toEqual(['link']);
    expect(issues({ seats: 0 })).toEqual(['seats']);
    expect(issues({ seats: Number.NaN })).toEqual(['seats']);
    expect(issues({ durationMinutes: 10 })).toEqual(['durationMinutes']);
    expect(issues({ startsAt: '31/01/2027' })).toEqual(['startsAt']);
    expect(issues({ title: 'x' })).toEqual(['title']);
  });
});

describe('the state of a session', () => {
  const startsAt = new Date('2027-01-31T09:00:00Z');
  const session = { startsAt, durationMinutes: 60, cancelledAt: null };
  it('is scheduled before its start, in progress during it, held after it, cancelled whenever cancelled', () => {
    expect(sessionState(session, new Date('2027-01-31T08:59:00Z'))).toBe('programmata');
    expect(sessionState(session, new Date('2027-01-31T09:30:00Z'))).toBe('in_corso');
    expect(sessionState(session, new Date('2027-01-31T10:00:00Z'))).toBe('svolta');
    expect(sessionState({ ...session, cancelledAt: new Date() }, new Date('2027-01-31T09:30:00Z'))).toBe('annullata');
  });
});

describe("the referente's guide", () => {
  it('has one page per back-office task the issue names, each complete', () => {
    expect(GUIDE_TASKS.map((t) => t.slug)).toEqual([
      'servizi',
      'posizioni',
      'importazioni',
      'ricevute',
      'conservazione',
      'personale',
      'impostazioni',
      'assistenza',
    ]);
    for (const task of GUIDE_TASKS) {
      expect(task.page).toBe(`/admin/${task.slug}`);
      expect(task.steps.length).toBeGreaterThanOrEqual(3);
      expect(task.tips.length).toBeGreaterThan(0);
      expect(task.errors.length).toBeGreaterThan(0);
      expect(task.screenshotAlt.length).toBeGreaterThan(40);
    }
  });
});
