import { readFileSync } from 'node:fs';
import path from 'node:path';
import { logger } from '@/lib/logger';
import { compileRouteTable, type RouteTable } from './route-label';

/**
 * The app's route patterns as the build wrote them (`.next/app-path-routes-manifest.json`: internal entry →
 * URL pattern). Read once per process; without a build (`next dev` before the first compile) the table is
 * empty and every request but static files counts as `other`.
 */
export function loadAppRouteTable(distDir = path.join(process.cwd(), '.next')): RouteTable {
  try {
    const manifest = JSON.parse(readFileSync(path.join(distDir, 'app-path-routes-manifest.json'), 'utf8')) as Record<string, string>;
    return compileRouteTable(Object.values(manifest));
  } catch (error) {
    logger.warn(
      { err: (error as Error).message },
      'metriche HTTP: elenco delle route della build non leggibile, le richieste contano come «other»',
    );
    return compileRouteTable([]);
  }
}
