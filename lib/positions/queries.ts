import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { positions, type Position } from '@/db/schema';

/** Lookups of one Ente's positions: the Ente id is always part of the key. */
export async function findPosition(db: Database, enteId: string, positionId: string): Promise<Position | undefined> {
  const [row] = await db
    .select()
    .from(positions)
    .where(and(eq(positions.enteId, enteId), eq(positions.id, positionId)));
  return row;
}

export async function findPositionByNotice(db: Database, enteId: string, noticeNumber: string): Promise<Position | undefined> {
  const [row] = await db
    .select()
    .from(positions)
    .where(and(eq(positions.enteId, enteId), eq(positions.noticeNumber, noticeNumber)));
  return row;
}
