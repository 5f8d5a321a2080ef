import type { ReactNode } from 'react';

/** The CSV and Excel downloads of a list, with a line saying what they contain. */
export function ExportLinks({ hrefOf, children }: { hrefOf: (format: 'csv' | 'xlsx') => string; children: ReactNode }) {
  return (
    <p className="mt-4 flex flex-wrap gap-3">
      <a className="btn-outline" href={hrefOf('csv')} download>
        Esporta in CSV
      </a>
      <a className="btn-outline" href={hrefOf('xlsx')} download>
        Esporta in Excel (XLSX)
      </a>
      <span className="self-center text-sm text-muted">{children}</span>
    </p>
  );
}
