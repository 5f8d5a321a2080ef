/** One figure of a dashboard: a label and its value, the value a link when it has a page of its own. */
export function Figure({ label, value, href, note }: { label: string; value: string; href?: string; note?: string }) {
  return (
    <div className="rounded border border-line p-4">
      <dt className="text-muted">{label}</dt>
      <dd className="mt-1 text-2xl font-bold">{href ? <a href={href}>{value}</a> : value}</dd>
      {note && <dd className="mt-1 text-sm text-muted">{note}</dd>}
    </div>
  );
}
