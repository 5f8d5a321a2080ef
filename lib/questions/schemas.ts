import '@/lib/validation/italian';
import { z } from 'zod';
import { uuidSchema } from '@/lib/validation/ids';

/** The hidden field a person never sees: only a robot fills it in. */
export const HONEYPOT_FIELD = 'sito_web';
/** The field carrying the form's signed issue time (lib/security/form-token). */
export const FORM_TOKEN_FIELD = 'modulo';
export const QUESTION_FORM_PURPOSE = 'domande';

/** «Domande?» as the visitor sends it: the same schema in the browser and in the action. */
export const questionSchema = z.object({
  nome: z.string({ message: 'Scrivi il tuo nome' }).trim().min(2, 'Scrivi il tuo nome e cognome').max(140, 'Al massimo 140 caratteri'),
  email: z
    .string({ message: 'Scrivi il tuo indirizzo e-mail' })
    .trim()
    .toLowerCase()
    .max(254, 'L’indirizzo e-mail è troppo lungo')
    .pipe(z.email({ message: 'Scrivi un indirizzo e-mail valido, per esempio nome@comune.it' })),
  /** The Ente chosen in the list of active Enti (its slug), or none. */
  enteScelto: z.string().trim().max(63).optional().default(''),
  /** The Ente in the visitor's words, when it is not in the list or they did not choose. */
  ente: z.string().trim().max(200, 'Al massimo 200 caratteri').optional().default(''),
  domanda: z
    .string({ message: 'Scrivi la tua domanda' })
    .trim()
    .min(10, 'Scrivi la tua domanda: almeno 10 caratteri')
    .max(5000, 'La domanda è troppo lunga: al massimo 5.000 caratteri'),
  consenso: z.literal('si', { message: 'Per inviare la domanda devi acconsentire al trattamento dei dati personali' }),
  [FORM_TOKEN_FIELD]: z.string().max(100).optional(),
  [HONEYPOT_FIELD]: z.string().max(1000).optional().default(''),
});
export type QuestionInput = z.output<typeof questionSchema>;

export const answerQuestionSchema = z.object({
  id: uuidSchema,
  risposta: z
    .string({ message: 'Scrivi la risposta' })
    .trim()
    .min(1, 'Scrivi la risposta')
    .max(10_000, 'La risposta è troppo lunga: al massimo 10.000 caratteri'),
});
export type AnswerQuestionInput = z.input<typeof answerQuestionSchema>;

export const questionIdSchema = z.object({ id: uuidSchema });

export const QUESTION_VIEWS = ['nuove', 'risposte', 'archiviate'] as const;
