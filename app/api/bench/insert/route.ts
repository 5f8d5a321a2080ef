import { getDb } from '@/db';
import { handleBenchInsert } from '@/lib/bench/insert-anchor';

/** The callback benchmark's anchor, one plain INSERT per request (404 unless BENCH_ROUTES_ENABLED): see `handleBenchInsert`. */
export async function POST(request: Request) {
  return handleBenchInsert(request, getDb);
}
