import type { Metadata, Viewport } from 'next';
import localFont from 'next/font/local';
import { sandboxEnabled } from '@/lib/config';
import { ZOD_JITLESS_SCRIPT } from '@/lib/security/response-headers';
import { SandboxBanner } from './_components/sandbox-banner';
import './globals.css';

// Through next/font: preloaded, and with a fallback adjusted to its metrics, so the swap does not move the page (layout shift).
const titillium = localFont({
  src: [
    { path: '../node_modules/@fontsource/titillium-web/files/titillium-web-latin-300-normal.woff2', weight: '300', style: 'normal' },
    { path: '../node_modules/@fontsource/titillium-web/files/titillium-web-latin-400-normal.woff2', weight: '400', style: 'normal' },
    { path: '../node_modules/@fontsource/titillium-web/files/titillium-web-latin-600-normal.woff2', weight: '600', style: 'normal' },
    { path: '../node_modules/@fontsource/titillium-web/files/titillium-web-latin-700-normal.woff2', weight: '700', style: 'normal' },
  ],
  display: 'swap',
  variable: '--font-titillium',
});

export const metadata: Metadata = {
  title: { default: 'Portale pagamenti pagoPA', template: '%s | Pagamenti pagoPA' },
  description: 'Pagamenti online verso i Comuni, le Unioni e le Comunità Montane del territorio con pagoPA.',
  icons: {
    icon: [
      { url: '/marchio.svg', type: 'image/svg+xml' },
      { url: '/favicon.ico', sizes: '16x16 32x32 48x48' },
    ],
  },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0066cc' };

/**
 * Shared by the pages rendered per request and the cached ones (rendered once, by the running server: never at
 * build time, so the banner follows the configuration the server started with). Nothing here reads the request.
 */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="it" className={titillium.variable}>
      <head>
        {/* Before any other script: see ZOD_JITLESS_SCRIPT. */}
        <script dangerouslySetInnerHTML={{ __html: ZOD_JITLESS_SCRIPT }} />
      </head>
      <body className="flex min-h-screen flex-col">
        <a
          href="#contenuto"
          className="sr-only z-50 bg-white px-4 py-2 font-semibold focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
        >
          Vai al contenuto principale
        </a>
        {sandboxEnabled() && <SandboxBanner />}
        {children}
      </body>
    </html>
  );
}
