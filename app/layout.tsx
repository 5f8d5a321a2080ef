import type { Metadata, Viewport } from 'next';
import '@fontsource/titillium-web/300.css';
import '@fontsource/titillium-web/400.css';
import '@fontsource/titillium-web/600.css';
import '@fontsource/titillium-web/700.css';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Portale pagamenti pagoPA', template: '%s | Pagamenti pagoPA' },
  description: 'Pagamenti online verso i Comuni, le Unioni e le Comunità Montane della Provincia con pagoPA.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0066cc' };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="it">
      <body className="flex min-h-screen flex-col">
        <a
          href="#contenuto"
          className="sr-only z-50 bg-white px-4 py-2 font-semibold focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
        >
          Vai al contenuto principale
        </a>
        {children}
      </body>
    </html>
  );
}
