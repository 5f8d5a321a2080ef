import type { NextConfig } from 'next';
import { MAX_IMPORT_REQUEST_BYTES } from './lib/imports/csv-format';

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly and data files relative to its own package; bundling would break that.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'pino', '@react-pdf/renderer', 'exceljs'],
  // Every Ente is served on a subdomain of the base domain; in development those are *.localhost.
  allowedDevOrigins: ['*.localhost'],
  poweredByHeader: false,
  // forbidden() answers 403 to staff without a role for the Ente they asked for.
  // Server actions keep Next's 1 MB (the largest they take is a 200 KB logo). The bulk import's CSV goes to a
  // route handler that caps its own body; the middleware silently cuts any body past its copy limit (10 MB by
  // default): 1 MB over the route's cap, so a body past the cap still arrives past it and gets 413.
  experimental: {
    authInterrupts: true,
    serverActions: { bodySizeLimit: '1mb' },
    middlewareClientMaxBodySize: MAX_IMPORT_REQUEST_BYTES + 1024 * 1024,
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

export default nextConfig;
