/** A form's server-side refusal, announced at once to screen readers. Nothing when there is none. */
export function FormAlert({ message }: { message?: string }) {
  return message ? (
    <p role="alert" className="rounded border-l-4 border-danger bg-red-50 px-4 py-3 font-semibold text-danger">
      {message}
    </p>
  ) : null;
}
