import { renderToStaticMarkup } from 'react-dom/server';
import { CursorPager } from '@/app/_components/cursor-pager';
import { ExportLinks } from '@/app/_components/export-links';

describe('CursorPager', () => {
  it('renders the same markup the list pages wrote inline, both links only when they apply', () => {
    const both = renderToStaticMarkup(
      <CursorPager
        label="Pagine dei risultati"
        first={{ href: '/admin/ricevute?servizio=a&b', text: 'Torna alle più recenti' }}
        next={{ href: '/admin/ricevute?dopo=xyz', text: 'Ricevute precedenti' }}
      />,
    );
    expect(both).toBe(
      renderToStaticMarkup(
        <nav aria-label="Pagine dei risultati" className="mt-4 flex flex-wrap gap-3">
          <a className="btn-outline" href="/admin/ricevute?servizio=a&b">
            Torna alle più recenti
          </a>
          <a className="btn-outline" href="/admin/ricevute?dopo=xyz">
            Ricevute precedenti
          </a>
        </nav>,
      ),
    );
    expect(renderToStaticMarkup(<CursorPager label="Pagine" first={null} next={null} />)).toBe(
      '<nav aria-label="Pagine" class="mt-4 flex flex-wrap gap-3"></nav>',
    );
    expect(renderToStaticMarkup(<CursorPager label="Pagine" first={null} next={{ href: '?dopo=1', text: 'Successive' }} />)).toBe(
      '<nav aria-label="Pagine" class="mt-4 flex flex-wrap gap-3"><a class="btn-outline" href="?dopo=1">Successive</a></nav>',
    );
  });
});

describe('ExportLinks', () => {
  it('offers CSV and XLSX downloads of the given addresses, with the note', () => {
    const html = renderToStaticMarkup(
      <ExportLinks hrefOf={(format) => `/admin/ricevute/export.${format}?q=<x>`}>Tutte le ricevute filtrate.</ExportLinks>,
    );
    expect(html).toBe(
      '<p class="mt-4 flex flex-wrap gap-3">' +
        '<a class="btn-outline" href="/admin/ricevute/export.csv?q=&lt;x&gt;" download="">Esporta in CSV</a>' +
        '<a class="btn-outline" href="/admin/ricevute/export.xlsx?q=&lt;x&gt;" download="">Esporta in Excel (XLSX)</a>' +
        '<span class="self-center text-sm text-muted">Tutte le ricevute filtrate.</span></p>',
    );
  });
});
