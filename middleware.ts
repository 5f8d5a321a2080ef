import { NextResponse, type NextRequest } from 'next/server';
import { readConfig } from '@/lib/config';
import { parseHost } from '@/lib/tenancy/host';
import { NOT_FOUND_PATH, routeRequest } from '@/lib/tenancy/routing';

/**
 * Maps the Host to an internal route. It never authorizes and never touches the database: the pages
 * behind it resolve the Ente and check the session's role themselves.
 */
export function middleware(request: NextRequest) {
  const target = parseHost(request.headers.get('host'), readConfig().PORTAL_BASE_DOMAIN);
  const decision = routeRequest(request.nextUrl.pathname, target);
  if (decision.type === 'pass') return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = decision.type === 'rewrite' ? decision.pathname : NOT_FOUND_PATH;
  return NextResponse.rewrite(url);
}

export const config = {
  // Static assets and Next internals are served as they are on every host.
  matcher: ['/((?!_next/static|_next/image|fonts/|favicon\\.ico|robots\\.txt|icon\\.svg).*)'],
};
