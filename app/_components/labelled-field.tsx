/**
 * A labelled form control with optional help and error text. The ids `<id>-aiuto` and `<id>-errore`
 * are what the control's aria-describedby points at.
 */
export function LabelledField({
  id,
  label,
  required = true,
  help,
  error,
  children,
}: {
  id: string;
  label: string;
  required?: boolean;
  help?: string;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block font-semibold">
        {label}
        {!required && <span className="font-normal text-muted"> (facoltativo)</span>}
      </label>
      {help && (
        <p id={`${id}-aiuto`} className="mb-1 text-sm text-muted">
          {help}
        </p>
      )}
      {children}
      {error && (
        <p id={`${id}-errore`} className="mt-1 font-semibold text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
