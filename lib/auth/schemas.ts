import { z } from 'zod';

/** Staff login, shared by the form (react-hook-form) and the server action. */
export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Scrivi l'indirizzo e-mail").email("L'indirizzo e-mail non è valido").max(254),
  password: z.string().min(1, 'Scrivi la password').max(200, 'La password è troppo lunga'),
});

export type LoginInput = z.input<typeof loginSchema>;
