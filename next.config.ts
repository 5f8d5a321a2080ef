import path from 'node:path';
import type { NextConfig } from 'next';
import { PHASE_PRODUCTION_SERVER } from 'next/constants';
import { readSharedCacheSettings } from './lib/config';
import { FRONT_MAX_BODY_BYTES } from './lib/http/body-limits';

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly and data files relative to its own package; bundling would break that.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'pino', '@react-pdf/renderer', 'pdfkit', 'exceljs'],
  // Every Ente is served on a subdomain of the base domain; in development those are *.localhost.
  allowedDevOrigins: ['*.localhost'],
  poweredByHeader: false,
  // `.ci/run` lints and typechecks the whole repository in steps of its own just before building: it sets
  // PORTALE_BUILD_CHECKED=1 so that the build does not do both again (a minute of the gate). Any other build checks.
  eslint: { ignoreDuringBuilds: process.env.PORTALE_BUILD_CHECKED === '1' },
  typescript: { ignoreBuildErrors: process.env.PORTALE_BUILD_CHECKED === '1' },
  // forbidden() answers 403 to staff without a role for the Ente they asked for.
  // Server actions keep Next's 1 MB (the largest they take is a 200 KB logo). The bulk import's CSV goes to a
  // route handler that caps its own body; the middleware silently cuts any body past its copy limit (10 MB by
  // default): 1 MB over the route's cap, so a body past the cap still arrives past it and gets 413.
  experimental: {
    authInterrupts: true,
    serverActions: { bodySizeLimit: '1mb' },
    middlewareClientMaxBodySize: FRONT_MAX_BODY_BYTES,
  },
  webpack(config, { isServer, nextRuntime }) {
    // The avvisi pool's threads load their chunk from disk, beside the server chunks (relative to webpack's base URI,
    // which is the chunks folder), not from the '/_next/' URL path of the browser's assets. '' would mean "unset".
    if (isServer && nextRuntime === 'nodejs') config.output.workerPublicPath = './';
    return config;
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
    ];
  },
};

/**
 * `next start` loads this file again, with its own environment: the page cache is chosen there. With REDIS_URL,
 * the shared handler (lib/cache/next-cache-handler.ts, compiled by `npm run build`) and no memory cache of
 * Next's own, which would not see the other instances' invalidations. Without it, Next's cache in memory only:
 * kept on disk, a page rendered before a restart would outlive a change of configuration (the sandbox banner).
 */
export default function config(phase: string): NextConfig {
  if (phase !== PHASE_PRODUCTION_SERVER) return nextConfig;
  if (readSharedCacheSettings().url) {
    return {
      ...nextConfig,
      cacheHandler: path.resolve(process.cwd(), '.cache-handler/lib/cache/next-cache-handler.js'),
      cacheMaxMemorySize: 0,
    };
  }
  return { ...nextConfig, experimental: { ...nextConfig.experimental, isrFlushToDisk: false } };
}
