import type { Metadata, Viewport } from 'next';
import './globals.css';

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
 * Only passes its children through: the <html> and its `lang` come from each site's layout (Document), the one
 * place that knows the page's language; the boundaries at the root (not-found, forbidden, error) render their own.
 */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return children;
}
