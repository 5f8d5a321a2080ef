'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { LabelledInput, LabelledTextarea } from '@/app/_components/labelled-field';
import { StatusMessage } from '@/app/_components/status-message';
import { scheduleTrainingSession, updateTrainingSession } from '@/lib/training/actions';
import { trainingSessionFields, type TrainingSessionInput } from '@/lib/training/schemas';

const EMPTY: TrainingSessionInput = { title: '', startsAt: '', durationMinutes: 120, place: '', link: '', seats: 30, notes: '' };

/** Schedules a new session, or edits `id` from `initial`; the same schema checks it here and in the action. */
export function SessionForm({ id, initial }: { id?: string; initial?: TrainingSessionInput }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<TrainingSessionInput>({
    resolver: zodResolver(trainingSessionFields, undefined, { raw: true }),
    defaultValues: initial ?? EMPTY,
  });
  const field = (name: keyof TrainingSessionInput) => `sessione-${id ? 'modifica' : 'nuova'}-${name}`;

  const onSubmit = handleSubmit((values) => {
    setMessage(undefined);
    startTransition(async () => {
      const result = id ? await updateTrainingSession({ id, session: values }) : await scheduleTrainingSession(values);
      if (result.ok) {
        setMessage({ ok: true, text: id ? 'Modifiche salvate.' : 'Sessione programmata: gli Enti possono già iscriversi.' });
        if (!id) reset(EMPTY);
        router.refresh();
        return;
      }
      for (const [name, text] of Object.entries(result.fieldErrors ?? {}))
        setError(name.replace(/^session\./, '') as keyof TrainingSessionInput, { message: text });
      setMessage({ ok: false, text: result.error });
    });
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-4 max-w-2xl space-y-5">
      <StatusMessage message={message} />
      <LabelledInput id={field('title')} label="Titolo" error={errors.title?.message} {...register('title')} />
      <div className="grid gap-5 sm:grid-cols-2">
        <LabelledInput
          id={field('startsAt')}
          label="Data e ora di inizio"
          help="Ora italiana."
          type="datetime-local"
          error={errors.startsAt?.message}
          {...register('startsAt')}
        />
        <LabelledInput
          id={field('durationMinutes')}
          label="Durata in minuti"
          type="number"
          inputMode="numeric"
          min={15}
          max={1440}
          error={errors.durationMinutes?.message}
          {...register('durationMinutes', { valueAsNumber: true })}
        />
      </div>
      <LabelledInput
        id={field('place')}
        label="Luogo"
        help="Indirizzo e sala, se in presenza."
        optional
        error={errors.place?.message}
        {...register('place')}
      />
      <LabelledInput
        id={field('link')}
        label="Collegamento online"
        help="Indirizzo https:// della videoconferenza, se a distanza."
        type="url"
        optional
        error={errors.link?.message}
        {...register('link')}
      />
      <LabelledInput
        id={field('seats')}
        label="Posti disponibili"
        type="number"
        inputMode="numeric"
        min={1}
        max={1000}
        className="sm:max-w-40"
        error={errors.seats?.message}
        {...register('seats', { valueAsNumber: true })}
      />
      <LabelledTextarea id={field('notes')} label="Note per i partecipanti" optional error={errors.notes?.message} {...register('notes')} />
      <button type="submit" disabled={pending} className="btn-primary disabled:opacity-60">
        {pending ? 'Salvataggio…' : id ? 'Salva le modifiche' : 'Programma la sessione'}
      </button>
    </form>
  );
}
