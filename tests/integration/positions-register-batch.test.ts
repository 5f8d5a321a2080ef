import { and, eq, inArray, isNull } from 'drizzle-orm';
import { jobs, positions } from '@/db/schema';
import { createImport, runImport } from '@/lib/imports/run-import';
import { REGISTER_QUEUE } from '@/lib/positions/create';
import { REGISTER_BATCH_QUEUE, registerPositionsBatch } from '@/lib/positions/register-batch';
import type { PositionForPartner } from '@/lib/partners/types';
import { fakePartner } from '../support/fake-partner';
import { withTestDatabase } from '../support/test-db';
import { drainJobs, enteBySlug, newPosition, sandboxResolver } from '../support/payments';

const { db } = withTestDatabase();
const HEADER = 'id_esterno;tipo_debitore;codice_fiscale;nominativo;email;servizio;causale;importo;scadenza';

/** Imports `rows` new positions of comune-demo in batches of 5 and returns their ids. */
async function importRows(prefix: string, rows: number): Promise<string[]> {
  const ente = await enteBySlug(db(), 'comune-demo');
  const lines = Array.from({ length: rows }, (_, i) => `${prefix}-${i};F;RSSMRA80A01B157X;Mario Rossi;;tari;TARI ${i};10,00;`);
  const id = await createImport(db(), {
    enteId: ente.id,
    createdBy: null,
    filename: 'r.csv',
    file: Buffer.from([HEADER, ...lines].join('\n')),
  });
  expect((await runImport(db(), id, { batchRows: 5 })).loaded).toBe(rows);
  const created = await db().select({ id: positions.id }).from(positions).where(eq(positions.importId, id));
  return created.map((p) => p.id);
}

const statusOf = async (ids: string[]) =>
  db()
    .select({ id: positions.id, status: positions.registrationStatus, attempts: positions.registrationAttempts })
    .from(positions)
    .where(inArray(positions.id, ids));

const liveJobs = (queue: string) =>
  db()
    .select()
    .from(jobs)
    .where(and(eq(jobs.queue, queue), isNull(jobs.doneAt), isNull(jobs.deadAt)));

const running = { signal: new AbortController().signal, extendLock: async () => true };

describe('registration of imported positions', () => {
  it('queues one job per batch, which registers all its positions', async () => {
    const ids = await importRows('RB-OK', 12);
    const batches = await liveJobs(REGISTER_BATCH_QUEUE);
    expect(batches.map((j) => (j.payload.positionIds as string[]).length).sort()).toEqual([2, 5, 5]);
    expect(await liveJobs(REGISTER_QUEUE)).toHaveLength(0);

    await drainJobs(db(), sandboxResolver(db()));
    expect((await statusOf(ids)).every((p) => p.status === 'registered')).toBe(true);
    expect(await liveJobs(REGISTER_BATCH_QUEUE)).toHaveLength(0);
  });

  it('hands every position to its own retry job after one failed call when the partner is down', async () => {
    const ids = await importRows('RB-DOWN', 5);
    const down = sandboxResolver(db(), ['register_unavailable']);
    await drainJobs(db(), down);

    // One partner call: the batch job is done (not retried whole) and each position has its own job, due after the backoff.
    const [batch] = await db().select().from(jobs).where(eq(jobs.queue, REGISTER_BATCH_QUEUE));
    expect(batch!.doneAt).not.toBeNull();
    const single = await liveJobs(REGISTER_QUEUE);
    expect(single.map((j) => j.singletonKey).sort()).toEqual([...ids].sort());
    const statuses = await statusOf(ids);
    expect(statuses.every((p) => p.status === 'pending')).toBe(true);
    expect(statuses.map((p) => p.attempts).sort()).toEqual([0, 0, 0, 0, 1]);
    expect(single.every((j) => j.runAt.getTime() > Date.now())).toBe(true);

    await drainJobs(db(), sandboxResolver(db()), 3600);
    expect((await statusOf(ids)).every((p) => p.status === 'registered')).toBe(true);
  });

  it('resolves the partner once per batch and gives it each position with its service code', async () => {
    const demo = await enteBySlug(db(), 'comune-demo');
    const ids = await importRows('RB-ONCE', 3);
    const received: PositionForPartner[] = [];
    let resolved = 0;
    const { partner } = fakePartner(['register'], () => ({
      registerPosition: async (_ctx, position) => {
        received.push(position);
      },
    }));
    const outcome = await registerPositionsBatch(
      db(),
      { enteId: demo.id, positionIds: ids },
      () => {
        resolved++;
        return partner;
      },
      running,
    );
    expect(outcome).toEqual({ registered: 3, handedOff: 0 });
    expect(resolved).toBe(1);
    expect(received.map((p) => p.serviceCode)).toEqual(['tari', 'tari', 'tari']);
  });

  it("registers only the Ente's own pending positions, and stops when its run is aborted", async () => {
    const demo = await enteBySlug(db(), 'comune-demo');
    const other = await newPosition(db(), await enteBySlug(db(), 'valmora'));
    const [done, ...rest] = await importRows('RB-SCOPE', 4);
    await db().update(positions).set({ registrationStatus: 'registered' }).where(eq(positions.id, done!));
    const outcome = await registerPositionsBatch(
      db(),
      { enteId: demo.id, positionIds: [done, other.id, ...rest] },
      sandboxResolver(db()),
      running,
    );
    expect(outcome).toEqual({ registered: 3, handedOff: 0 });
    expect((await statusOf([other.id]))[0]!.status).toBe('pending');

    const ids = await importRows('RB-ABORT', 3);
    const aborted = { signal: AbortSignal.abort(new Error('tempo scaduto')), extendLock: async () => false };
    await expect(registerPositionsBatch(db(), { enteId: demo.id, positionIds: ids }, sandboxResolver(db()), aborted)).rejects.toThrow(
      'tempo scaduto',
    );
    expect((await statusOf(ids)).every((p) => p.status === 'pending')).toBe(true);
  });
});
