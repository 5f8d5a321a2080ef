import '@/lib/validation/italian';
import { z } from 'zod';
import { parerSecretsSchema, parerSettingsSchema } from './parer/settings';
import { conservazioneSettingsSchema } from './settings';

/*
 * An Ente's conservazione as its settings form sends it and saveConservazioneConfig stores it: one schema
 * for the react-hook-form form and the server. The ParER password is write-only: empty keeps the stored one.
 */

export const CONSERVATORI = ['none', 'parer', 'export'] as const;
export type ConservatoreKind = (typeof CONSERVATORI)[number];

const enabled = z.boolean({ error: 'Indica se la conservazione è attiva' });

/** Empty: keep the stored password. */
const parerPassword = z.literal('').or(parerSecretsSchema.shape.password).default('');

export const conservazioneConfigSchema = z.discriminatedUnion(
  'conservatore',
  [
    z.object({ conservatore: z.literal('none'), enabled: z.literal(false, { error: 'Scegli prima un conservatore' }).default(false) }),
    z.object({ conservatore: z.literal('export'), enabled, settings: conservazioneSettingsSchema }),
    z.object({
      conservatore: z.literal('parer'),
      enabled,
      settings: conservazioneSettingsSchema,
      parer: parerSettingsSchema,
      parerPassword,
    }),
  ],
  { error: 'Scegli il conservatore' },
);

export type ConservazioneConfigInput = z.input<typeof conservazioneConfigSchema>;
export type ConservazioneConfigData = z.output<typeof conservazioneConfigSchema>;
