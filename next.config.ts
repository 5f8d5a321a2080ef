import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly and data files relative to its own package; bundling would break that.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'pino'],
  // Every Ente is served on a subdomain of the base domain; in development those are *.localhost.
  allowedDevOrigins: ['*.localhost'],
  poweredByHeader: false,
  // Resolve metadata before streaming for every client: a 404 thrown by a page then renders inside
  // the normal document instead of the bare error shell that needs JavaScript to show anything.
  htmlLimitedBots: /.*/,
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
