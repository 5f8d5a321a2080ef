import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly and data files relative to its own package; bundling would break that.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'pino', '@react-pdf/renderer', 'exceljs'],
  // Every Ente is served on a subdomain of the base domain; in development those are *.localhost.
  allowedDevOrigins: ['*.localhost'],
  poweredByHeader: false,
  // forbidden() answers 403 to staff without a role for the Ente they asked for.
  // Bulk imports upload their CSV through a server action: up to 20 MB (lib/imports/csv-format.ts) plus the form's framing.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: '21mb' } },
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
