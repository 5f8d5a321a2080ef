import { FormAlert } from '@/app/_components/form-alert';

/** The outcome of a form: a polite confirmation, or an alert. Nothing when there is none. */
export function StatusMessage({ message }: { message?: { ok: boolean; text: string } }) {
  if (!message) return null;
  if (!message.ok) return <FormAlert message={message.text} />;
  // The success green on green-50 is 4.4:1, under AA for this text: the words take a darker green.
  return (
    <p role="status" className="rounded border-l-4 border-success bg-green-50 px-4 py-3 font-semibold text-green-900">
      {message.text}
    </p>
  );
}
