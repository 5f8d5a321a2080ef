import { conservazioneConfigForm, settingsFormValues } from '@/lib/conservazione/config-form';
import { conservazioneStateFilter } from '@/lib/conservazione/filters';
import { conservazioneHealth } from '@/lib/conservazione/health';
import { runSummaryText } from '@/lib/conservazione/labels';
import { publishedMetadata } from '@/lib/conservazione/manual';
import { conservazioneSettingsSchema } from '@/lib/conservazione/settings';

/* The pure parts of the conservazione pages: the settings form's schema, the manuale, the words of the state. */

const settings = conservazioneSettingsSchema.parse({
  retentionYears: 10,
  registro: 'RT_PAGOPA',
  aoo: { codiceIpa: 'A1B2C3', denominazione: 'AOO unica' },
});

describe('the settings form', () => {
  const form = settingsFormValues(null);

  it('starts from «Nessuno» with the defaults the settings offer, and no password', () => {
    expect(form).toMatchObject({
      conservatore: 'none',
      enabled: false,
      settings: { retentionYears: 10, tipologiaDocumentale: 'Ricevuta di pagamento pagoPA', registro: '' },
      parerPassword: '',
    });
  });

  it('reads empty optional groups as none, and its output parses again to itself', () => {
    const parsed = conservazioneConfigForm.parse({
      ...form,
      conservatore: 'export',
      enabled: true,
      settings: {
        ...form.settings,
        aoo: { codiceIpa: 'A1B2C3', denominazione: 'AOO unica' },
        aggregazioni: [{ tipo: 'Fascicolo', id: ' ' }],
      },
    });
    expect(parsed).toEqual({
      conservatore: 'export',
      enabled: true,
      settings: expect.objectContaining({ registro: null, classificazione: null, aggregazioni: [] }),
    });
    expect(conservazioneConfigForm.parse(parsed)).toEqual(parsed);
  });

  it('keeps a classificazione without its piano, and «Nessuno» is never active', () => {
    const classified = conservazioneConfigForm.parse({
      ...form,
      conservatore: 'export',
      settings: { ...form.settings, aoo: settings.aoo, classificazione: { indice: '4.3', descrizione: 'Entrate', piano: '' } },
    });
    expect(classified).toMatchObject({ settings: { classificazione: { indice: '4.3', descrizione: 'Entrate' } } });
    expect(conservazioneConfigForm.parse({ ...form, enabled: true })).toEqual({ conservatore: 'none', enabled: false });
  });
});

describe('the settings form with ParER', () => {
  it('needs the registro, which SacER files every receipt in', () => {
    const form = settingsFormValues(null);
    const parer = {
      url: 'https://parer.example.it',
      ambiente: 'PARER',
      ente: 'Comune',
      struttura: 'RICEVUTE',
      userId: 'ws',
      tipologiaUnitaDocumentaria: 'RICEVUTA',
      tipoDocumentoPrincipale: 'RT',
      tipoDocumentoAllegato: 'PDF',
      profiloNormativoVersione: '1.0',
      timeoutMs: 120_000,
    };
    const without = conservazioneConfigForm.safeParse({
      ...form,
      conservatore: 'parer',
      parer,
      settings: { ...form.settings, aoo: settings.aoo },
    });
    expect(without.success ? [] : without.error.issues.map((i) => i.path.join('.'))).toEqual(['settings.registro']);
    const withRegistro = {
      ...form,
      conservatore: 'parer',
      parer,
      settings: { ...form.settings, aoo: settings.aoo, registro: 'RT_PAGOPA' },
    };
    expect(conservazioneConfigForm.safeParse(withRegistro).success).toBe(true);
  });
});

describe('the public manuale', () => {
  it('lists the Allegato 5 metadata with the Ente’s values, optional ones only when set', () => {
    const rows = publishedMetadata(settings);
    expect(rows.map((r) => r.element)).not.toContain('Classificazione');
    expect(rows.find((r) => r.element === 'TempoDiConservazione')?.value).toBe('10 anni');
    expect(rows.find((r) => r.element === 'DatiDiRegistrazione')?.value).toContain('«RT_PAGOPA»');
    const classified = publishedMetadata({ ...settings, registro: null, classificazione: { indice: '4.3', descrizione: 'Entrate' } });
    expect(classified.find((r) => r.element === 'Classificazione')?.value).toBe('4.3 - Entrate');
    expect(classified.find((r) => r.element === 'DatiDiRegistrazione')?.value).toContain('nessun registro');
  });
});

describe('the words of the state', () => {
  const line = { conservatore: 'parer' as const, enabled: true, configError: null, rejected: 0, stuck: 0, working: true };

  it('says whether an Ente’s conservazione works, worst first', () => {
    expect(conservazioneHealth({ ...line, conservatore: 'none' })).toBe('non_configurata');
    expect(conservazioneHealth({ ...line, enabled: false })).toBe('non_attiva');
    expect(conservazioneHealth({ ...line, configError: { code: 'UD-001-012', message: 'x', at: new Date() }, rejected: 3 })).toBe(
      'configurazione_rifiutata',
    );
    expect(conservazioneHealth({ ...line, stuck: 1, working: false })).toBe('da_riesaminare');
    expect(conservazioneHealth({ ...line, working: false })).toBe('ferma');
    expect(conservazioneHealth(line)).toBe('attiva');
  });

  it('tells what a run did', () => {
    expect(runSummaryText({ enrolled: 3, preserved: 2, rejected: 1, failed: 0, exported: 0, stoppedBy: null })).toBe(
      '3 prese in carico, 2 conservate, 1 rifiutata',
    );
    expect(runSummaryText({ enrolled: 0, preserved: 0, rejected: 0, failed: 0, exported: 0, stoppedBy: 'configuration' })).toBe(
      'nessuna ricevuta nuova; fermato dal rifiuto della configurazione',
    );
  });

  it('reads only a known state from the query string', () => {
    expect(conservazioneStateFilter('rejected')).toBe('rejected');
    for (const raw of [undefined, '', 'REJECTED', "rejected' or 1=1", 'constructor']) expect(conservazioneStateFilter(raw)).toBeUndefined();
  });
});
