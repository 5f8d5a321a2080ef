import { signedInWith } from '@/app/_components/login/method-label';
import { problem } from '@/lib/http/problem';
import { currentVisitor } from '@/lib/visitor/current';

/** The visitor's cart count and name for the header of the cached pages: per browser, never cached anywhere. */
export async function GET() {
  const visitor = await currentVisitor(signedInWith);
  if (!visitor) return problem(404, 'Sito non trovato');
  return Response.json(visitor, { headers: { 'cache-control': 'private, no-store' } });
}

// Per browser and per request: never prerendered, never cached.
export const dynamic = 'force-dynamic';
