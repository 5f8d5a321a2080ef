import { z } from 'zod';
import { conservazioneConfigSchema } from './config-schema';
import type { ConservazioneConfigView } from './ente-config';
import { DEFAULT_SACER_TIMEOUT_MS } from './parer/settings';
import { DEFAULT_RETENTION_YEARS, TIPOLOGIA_DOCUMENTALE } from './settings';

/*
 * The conservazione settings form as the browser fills it: optional groups left empty arrive as empty
 * strings, which conservazioneConfigSchema reads as «none» only once they are null (registro, classificazione)
 * or absent (an empty aggregazione row, an empty piano). The form's resolver and the server action parse with
 * this same schema; its output parses again to itself, since the action receives what the form parsed.
 */

const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function blanksToNone(settings: unknown): unknown {
  if (!isRecord(settings)) return settings;
  const out: Record<string, unknown> = { ...settings };
  if (typeof out.registro === 'string' && isBlank(out.registro)) out.registro = null;
  const c = out.classificazione;
  if (isRecord(c)) {
    if (isBlank(c.indice) && isBlank(c.descrizione) && isBlank(c.piano)) out.classificazione = null;
    else if (isBlank(c.piano)) out.classificazione = { indice: c.indice, descrizione: c.descrizione };
  }
  if (Array.isArray(out.aggregazioni)) out.aggregazioni = out.aggregazioni.filter((a) => !(isRecord(a) && isBlank(a.id)));
  return out;
}

function formToConfig(input: unknown): unknown {
  if (!isRecord(input)) return input;
  // «Nessuno» is never active: the checkbox is hidden then, whatever it held before.
  if (input.conservatore === 'none') return { conservatore: 'none', enabled: false };
  return 'settings' in input ? { ...input, settings: blanksToNone(input.settings) } : input;
}

export const conservazioneConfigForm = z.preprocess(formToConfig, conservazioneConfigSchema).superRefine((config, ctx) => {
  // SacER files every unit in a registro: without one every receipt would be refused (REGISTRO-NON-CONFIGURATO).
  if (config.conservatore === 'parer' && config.settings.registro === null) {
    ctx.addIssue({
      code: 'custom',
      path: ['settings', 'registro'],
      message: 'Con ParER serve il codice del registro che ParER ha configurato',
    });
  }
});

/** The form's values: every group present, so that switching conservatore keeps what was typed. */
export interface ConservazioneFormValues {
  conservatore: 'none' | 'parer' | 'export';
  enabled: boolean;
  settings: {
    retentionYears: number;
    registro: string;
    tipologiaDocumentale: string;
    aoo: { codiceIpa: string; denominazione: string };
    classificazione: { indice: string; descrizione: string; piano: string };
    aggregazioni: { tipo: 'Fascicolo' | 'Serie Documentale' | 'Serie Di Fascicoli'; id: string }[];
    riservato: boolean;
  };
  parer: {
    url: string;
    ambiente: string;
    ente: string;
    struttura: string;
    userId: string;
    tipologiaUnitaDocumentaria: string;
    tipoDocumentoPrincipale: string;
    tipoDocumentoAllegato: string;
    profiloNormativoVersione: string;
    timeoutMs: number;
  };
  parerPassword: string;
}

/** The form's starting values: the stored configuration, or the defaults the settings offer; never the password. */
export function settingsFormValues(config: ConservazioneConfigView | null): ConservazioneFormValues {
  const settings = config?.settings;
  const parer = config?.parer;
  return {
    conservatore: config?.conservatore ?? 'none',
    enabled: config?.enabled ?? false,
    settings: {
      retentionYears: settings?.retentionYears ?? DEFAULT_RETENTION_YEARS,
      registro: settings?.registro ?? '',
      tipologiaDocumentale: settings?.tipologiaDocumentale ?? TIPOLOGIA_DOCUMENTALE,
      aoo: settings?.aoo ?? { codiceIpa: '', denominazione: '' },
      classificazione: {
        indice: settings?.classificazione?.indice ?? '',
        descrizione: settings?.classificazione?.descrizione ?? '',
        piano: settings?.classificazione?.piano ?? '',
      },
      aggregazioni: settings?.aggregazioni ?? [],
      riservato: settings?.riservato ?? false,
    },
    parer: {
      url: parer?.url ?? '',
      ambiente: parer?.ambiente ?? '',
      ente: parer?.ente ?? '',
      struttura: parer?.struttura ?? '',
      userId: parer?.userId ?? '',
      tipologiaUnitaDocumentaria: parer?.tipologiaUnitaDocumentaria ?? '',
      tipoDocumentoPrincipale: parer?.tipoDocumentoPrincipale ?? '',
      tipoDocumentoAllegato: parer?.tipoDocumentoAllegato ?? '',
      profiloNormativoVersione: parer?.profiloNormativoVersione ?? '',
      timeoutMs: parer?.timeoutMs ?? DEFAULT_SACER_TIMEOUT_MS,
    },
    parerPassword: '',
  };
}
