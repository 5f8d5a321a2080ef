import type { Database } from '../client';
import { adhesionEvents } from '../schema';
import { DEMO_ADHESION_HISTORY } from './enti';

/** The demo Enti's adhesion events (DEMO_ADHESION_HISTORY), each at 9:00 or 10:00 Italian time of its day. */
export async function seedAdhesionHistory(tx: Database, idsBySlug: ReadonlyMap<string, string>): Promise<void> {
  const rows = Object.entries(DEMO_ADHESION_HISTORY).flatMap(([slug, history]) => {
    const enteId = idsBySlug.get(slug);
    if (!enteId) throw new Error(`Seed: storia dell'adesione di un Ente mancante: ${slug}`);
    return history.map(([toStatus, day, reason], i) => ({
      enteId,
      fromStatus: i === 0 ? null : history[i - 1]![0],
      toStatus,
      reason: reason ?? null,
      createdAt: new Date(`${day}T08:00:00Z`),
    }));
  });
  await tx.insert(adhesionEvents).values(rows);
}
