import '@/lib/validation/italian';
import { z } from 'zod';
import { MAX_IMPORT_BYTES } from './csv-format';

const TOO_BIG = `Il file supera i ${MAX_IMPORT_BYTES / 1024 / 1024} MB: dividilo in più file`;

/** Why an upload was refused, by the code the upload route sends a browser without JavaScript back with. */
export const UPLOAD_ERRORS = {
  'troppo-grande': TOO_BIG,
  'file-non-valido': 'Scegli un file CSV non vuoto, con il nome che finisce con .csv',
} as const;
export type UploadErrorCode = keyof typeof UPLOAD_ERRORS;

export function uploadErrorOf(code: unknown): string | undefined {
  return typeof code === 'string' && Object.hasOwn(UPLOAD_ERRORS, code) ? UPLOAD_ERRORS[code as UploadErrorCode] : undefined;
}

/** The uploaded file as the page checks it before sending and the upload route checks it again on arrival. */
export const importUploadSchema = z.object({
  nome: z
    .string()
    .trim()
    .min(1, 'Scegli un file CSV')
    .max(200, 'Il nome del file è troppo lungo: al massimo 200 caratteri')
    .regex(/\.csv$/i, 'Il file deve essere un CSV (nome che finisce con .csv)'),
  dimensione: z.number().int().min(1, 'Il file è vuoto').max(MAX_IMPORT_BYTES, TOO_BIG),
});

/** The upload route's form: a FormData whose `file` passes importUploadSchema. */
export const importUploadFormSchema = z
  .instanceof(FormData, { message: 'Scegli un file CSV' })
  .transform((form) => form.get('file'))
  .pipe(z.instanceof(File, { message: 'Scegli un file CSV' }))
  .superRefine((file, ctx) => {
    const checked = importUploadSchema.safeParse({ nome: file.name, dimensione: file.size });
    for (const issue of checked.error?.issues ?? []) ctx.addIssue({ code: 'custom', path: ['file'], message: issue.message });
  });
