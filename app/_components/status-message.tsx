import { FormAlert } from '@/app/_components/form-alert';

/** The outcome of a form: a polite confirmation, or an alert. Nothing when there is none. */
export function StatusMessage({ message }: { message?: { ok: boolean; text: string } }) {
  if (!message) return null;
  if (!message.ok) return <FormAlert message={message.text} />;
  // On white: the success green reaches only 4.4:1 on the pale green background, below WCAG AA.
  return (
    <p role="status" className="rounded border border-l-4 border-success bg-white px-4 py-3 font-semibold text-success">
      {message.text}
    </p>
  );
}
