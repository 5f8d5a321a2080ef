import localFont from 'next/font/local';
import { sandboxEnabled } from '@/lib/config';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import { ZOD_JITLESS_SCRIPT } from '@/lib/security/response-headers';
import { SandboxBanner } from './sandbox-banner';

// Through next/font: preloaded, and with a fallback adjusted to its metrics, so the swap does not move the page (layout shift).
const titillium = localFont({
  src: [
    { path: '../../node_modules/@fontsource/titillium-web/files/titillium-web-latin-300-normal.woff2', weight: '300', style: 'normal' },
    { path: '../../node_modules/@fontsource/titillium-web/files/titillium-web-latin-400-normal.woff2', weight: '400', style: 'normal' },
    { path: '../../node_modules/@fontsource/titillium-web/files/titillium-web-latin-600-normal.woff2', weight: '600', style: 'normal' },
    { path: '../../node_modules/@fontsource/titillium-web/files/titillium-web-latin-700-normal.woff2', weight: '700', style: 'normal' },
  ],
  display: 'swap',
  variable: '--font-titillium',
});

/**
 * The <html> of every page, in the page's language. Not in the root layout, which cannot know it: a cached page
 * is rendered without its request, and a layout sees only its own segment's parameters, so each site's layout
 * (and each boundary above them) renders this with the language of its URL. Nothing here reads the request:
 * the banner follows the configuration the server started with.
 */
export function Document({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  const t = translate(locale, 'Document');
  return (
    <html lang={locale} className={titillium.variable}>
      <head>
        {/* Before any other script: see ZOD_JITLESS_SCRIPT. */}
        <script dangerouslySetInnerHTML={{ __html: ZOD_JITLESS_SCRIPT }} />
      </head>
      <body className="flex min-h-screen flex-col">
        <a
          href="#contenuto"
          className="sr-only z-50 bg-white px-4 py-2 font-semibold focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
        >
          {t('skipToContent')}
        </a>
        {sandboxEnabled() && <SandboxBanner locale={locale} />}
        {children}
      </body>
    </html>
  );
}
