import '@/lib/validation/italian';
import { z } from 'zod';

/** Staff login, shared by the form (react-hook-form) and the server action. */
export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Scrivi l'indirizzo e-mail").email("L'indirizzo e-mail non è valido").max(254),
  password: z.string().min(1, 'Scrivi la password').max(200, 'La password è troppo lunga'),
});

export type LoginInput = z.input<typeof loginSchema>;

/** Setting a password from a one-time link (`npm run setup` with STAFF_PASSWORD_LOGIN). */
export const newPasswordSchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Il link non è valido: copialo per intero'),
    password: z.string().min(12, 'Almeno 12 caratteri').max(200, 'La password è troppo lunga'),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'Le due password non coincidono' });

export type NewPasswordInput = z.input<typeof newPasswordSchema>;
