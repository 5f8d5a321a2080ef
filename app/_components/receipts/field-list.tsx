/** A description list of label/value pairs; empty values show a dash rather than vanish. */
export function FieldList({ fields }: { fields: [label: string, value: React.ReactNode][] }) {
  return (
    <dl className="mt-4 grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
      {fields.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-semibold">{label}</dt>
          <dd className="break-words">{value === null || value === undefined || value === '' ? '—' : value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A code on its own line of characters (receipt ids, URNs, digests: up to 1024 characters); nothing when absent. */
export function codeValue(key: string, value: string | null) {
  return value ? (
    <span key={key} className="font-mono break-all">
      {value}
    </span>
  ) : null;
}
