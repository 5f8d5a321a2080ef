/*
 * Keyset pagination on (timestamp, uuid), newest first: the cursor is the last row's timestamp as
 * PostgreSQL prints it (`::text`, microseconds kept) and its id, base64url-encoded. A cursor that does not
 * decode is ignored (first page), never an error: it comes from a URL anyone can edit.
 */
const CURSOR = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?[+-]\d{2}(?::\d{2}){0,2})\|([0-9a-f-]{36})$/;

export function decodeKeysetCursor(after: string | undefined): { at: string; id: string } | null {
  if (!after || after.length > 200) return null;
  const match = CURSOR.exec(Buffer.from(after, 'base64url').toString('utf8'));
  return match ? { at: match[1]!, id: match[2]! } : null;
}

/** The page of `limit` rows out of `limit + 1` fetched, and the cursor to the next one when there is more. */
export function keysetPage<T extends { id: string; cursorAt: string }>(rows: T[], limit: number) {
  const lines = rows.slice(0, limit);
  const last = rows.length > limit ? lines.at(-1) : undefined;
  return {
    lines: lines.map(({ cursorAt: _cursor, ...line }) => line),
    nextCursor: last ? Buffer.from(`${last.cursorAt}|${last.id}`).toString('base64url') : null,
  };
}
