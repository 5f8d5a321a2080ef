import '@/lib/validation/italian';
import { z } from 'zod';
import { uuidSchema } from '@/lib/validation/ids';
import { apiScopesSchema } from './scopes';

/** What the key is for, e.g. «Gestionale mensa»: printable text only. */
export const apiKeyLabelSchema = z
  .string({ message: 'Scrivi a cosa serve la chiave' })
  .trim()
  .min(3, 'Scrivi almeno 3 caratteri')
  .max(100, 'Al massimo 100 caratteri')
  .refine((v) => !/\p{Cc}/u.test(v), 'Il nome contiene caratteri non ammessi');

export const createApiKeyInput = z.object({ label: apiKeyLabelSchema, scopes: apiScopesSchema });
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

export const revokeApiKeyInput = z.object({ id: uuidSchema });
