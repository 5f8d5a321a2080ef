import { FormAlert } from '@/app/_components/form-alert';

/** The outcome of a form: a polite confirmation, or an alert. Nothing when there is none. */
export function StatusMessage({ message }: { message?: { ok: boolean; text: string } }) {
  if (!message) return null;
  if (!message.ok) return <FormAlert message={message.text} />;
  return (
    <p role="status" className="rounded border-l-4 border-success bg-green-50 px-4 py-3 font-semibold text-ink">
      {message.text}
    </p>
  );
}
