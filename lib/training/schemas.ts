import '@/lib/validation/italian';
import { z } from 'zod';
import { romeLocalToDate } from '@/lib/format/rome-time';
import { uuidSchema } from '@/lib/validation/ids';

const noControl = (v: string) => !/\p{Cc}/u.test(v);
const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .refine(noControl, 'Il testo contiene caratteri non ammessi')
    .optional()
    .transform((v) => v || null);

/** A training session as the CIT schedules it; the time is typed in Italian time. */
export const trainingSessionFields = z
  .object({
    title: z
      .string({ message: 'Scrivi il titolo' })
      .trim()
      .min(3, 'Scrivi il titolo (almeno 3 caratteri)')
      .max(200, 'Al massimo 200 caratteri')
      .refine(noControl, 'Il titolo contiene caratteri non ammessi'),
    startsAt: z.string({ message: 'Indica data e ora' }).transform((v, ctx) => {
      const date = romeLocalToDate(v);
      if (!date) ctx.addIssue({ code: 'custom', message: 'Indica data e ora, es. 31/01/2027 ore 10:00' });
      return date ?? z.NEVER;
    }),
    durationMinutes: z
      .number({ message: 'Indica la durata in minuti' })
      .int('La durata è un numero intero di minuti')
      .min(15, 'Almeno 15 minuti')
      .max(1440, 'Al massimo 1440 minuti (un giorno)'),
    place: optionalText(200, 'Al massimo 200 caratteri'),
    link: z
      .union([z.literal(''), z.url({ protocol: /^https$/, message: 'Scrivi un indirizzo completo che inizia con https://' }).max(500)])
      .optional()
      .transform((v) => v || null),
    seats: z
      .number({ message: 'Indica i posti disponibili' })
      .int('I posti sono un numero intero')
      .min(1, 'Almeno un posto')
      .max(1000, 'Al massimo 1000 posti'),
    notes: optionalText(2000, 'Al massimo 2000 caratteri'),
  })
  .superRefine((v, ctx) => {
    if (!v.place && !v.link) ctx.addIssue({ code: 'custom', path: ['place'], message: 'Indica il luogo oppure il collegamento online' });
  });
export type TrainingSessionInput = z.input<typeof trainingSessionFields>;
export type TrainingSessionData = z.output<typeof trainingSessionFields>;

export const scheduleSessionInput = trainingSessionFields;
export const updateSessionInput = z.object({ id: uuidSchema, session: trainingSessionFields });
export const sessionIdInput = z.object({ sessionId: uuidSchema });
export const attendanceInput = z.object({
  sessionId: uuidSchema,
  userId: uuidSchema,
  present: z.boolean({ message: 'Indica se la persona era presente' }),
});
