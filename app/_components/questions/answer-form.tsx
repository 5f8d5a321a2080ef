'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { LabelledTextarea } from '@/app/_components/labelled-field';
import { StatusMessage } from '@/app/_components/status-message';
import { answerPublicQuestion, archivePublicQuestion } from '@/lib/questions/actions';
import { answerQuestionSchema, type AnswerQuestionInput } from '@/lib/questions/schemas';

/** The CIT's answer to a question, kept with it; and archiving it. The page then shows the change. */
export function QuestionAnswerForm({ id, answer, archived }: { id: string; answer: string; archived: boolean }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<AnswerQuestionInput>({ resolver: zodResolver(answerQuestionSchema), defaultValues: { id, risposta: answer } });

  const done = (result: { ok: true } | { ok: false; error: string }, text: string) => {
    setMessage(result.ok ? { ok: true, text } : { ok: false, text: result.error });
    if (result.ok) router.refresh();
  };
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => done(await answerPublicQuestion(values), 'Risposta salvata: ora inviala per e-mail.')),
  );
  const onArchive = () => startTransition(async () => done(await archivePublicQuestion({ id }), 'Domanda archiviata.'));

  return (
    <div className="mt-3 space-y-4">
      <form onSubmit={onSubmit} noValidate className="space-y-3">
        <input type="hidden" {...register('id')} />
        <LabelledTextarea
          id="risposta"
          label="Risposta"
          rows={8}
          maxLength={10_000}
          error={errors.risposta?.message}
          {...register('risposta')}
        />
        <div className="flex flex-wrap gap-3">
          <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
            Salva la risposta
          </button>
          {!archived && (
            <button type="button" onClick={onArchive} disabled={pending} className="btn-outline disabled:opacity-60">
              Archivia
            </button>
          )}
        </div>
      </form>
      <StatusMessage message={message} />
    </div>
  );
}
