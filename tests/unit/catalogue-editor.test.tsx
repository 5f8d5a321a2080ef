import { DOMParser, type Document } from '@xmldom/xmldom';
import { renderToStaticMarkup } from 'react-dom/server';
import { ServiceEditor } from '@/app/ente/[slug]/admin/(area)/servizi/service-editor';
import { mensa } from '@/db/seed/catalogue';
import { serviceFormSchema, serviceFormValues, type ServiceFormValues } from '@/lib/catalogue/service-schema';
import { TAXONOMY_TIPO_ENTE_01, searchTaxonomy } from '@/lib/catalogue/taxonomy';

/** The editor's first render, as the server sends it (read with xmldom: no jsdom here). */
function render(initial: ServiceFormValues): Document {
  const html = renderToStaticMarkup(
    <ServiceEditor
      mode="edit"
      id="00000000-0000-0000-0000-000000000001"
      version="2026-01-01T00:00:00.000Z"
      initial={initial}
      categories={['Tributi']}
    />,
  );
  return new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
}

function seededMensa(): ServiceFormValues {
  const template = mensa(30, { mealCents: 450, schoolBusQuarterCents: 9000, schools: ['Primaria Rodari'] });
  return serviceFormValues({
    ...template,
    ibanOverride: null,
    payerInfo: template.payerInfo ?? null,
    allowAnonymous: false,
    formDefinition: template.formDefinition ?? [],
  });
}

describe('the service editor', () => {
  it('shows a seeded service with its fields, causale preview and the citizen form as preview', () => {
    const doc = render(seededMensa());
    const text = doc.documentElement?.textContent ?? '';
    expect(text).toContain('Anteprima del modulo');
    expect(text).toContain('Il modulo come lo vedrà il cittadino, con 4 campi.');
    // The citizen page's own form: its inputs carry the ids the citizen page gives them.
    for (const id of ['f-alunno', 'f-cf_alunno', 'f-scuola', 'f-mese', 'quantity']) expect(doc.getElementById(id)).not.toBeNull();
    expect(text).toContain('Prova la verifica dei dati');
    // The causale with example values, rendered by the payment's own function.
    const output = doc.getElementsByTagName('output')[0]!;
    expect(output.getAttribute('aria-live')).toBe('polite');
    expect(output.textContent).toBe("Mensa scolastica - [Nome e cognome dell'alunno] - Settembre");
    const radios = Array.from(doc.getElementsByTagName('input')).filter((i) => i.getAttribute('name') === 'taxonomyCode');
    // The chosen code is checked by react-hook-form once in the browser; the server lists them all.
    expect(radios.map((r) => r.getAttribute('value'))).toEqual(TAXONOMY_TIPO_ENTE_01.map((e) => e.code));
    // Every field of the builder is a fieldset with a legend; every input has a label.
    const legends = Array.from(doc.getElementsByTagName('legend')).map((l) => l.textContent);
    expect(legends).toEqual(
      expect.arrayContaining(["Campo 1: Nome e cognome dell'alunno", 'Modulo per il cittadino', 'Importo', 'Chi paga']),
    );
    const labelled = new Set(Array.from(doc.getElementsByTagName('label')).map((l) => l.getAttribute('for')));
    const unlabelled = Array.from(doc.getElementsByTagName('input'))
      .filter((i) => !['radio', 'checkbox', 'hidden'].includes(i.getAttribute('type') ?? '') && !labelled.has(i.getAttribute('id')))
      .map((i) => i.getAttribute('id') ?? i.getAttribute('name'));
    expect(unlabelled).toEqual([]);
  });

  it('holds the preview back while the form definition is not valid, instead of breaking', () => {
    const broken = { ...seededMensa(), formDefinition: [{ name: 'x', label: 'X', kind: 'text' as const, required: true, pattern: '([' }] };
    const doc = render(broken);
    expect(doc.documentElement?.textContent).toContain(
      "L'anteprima si aggiorna quando i campi del modulo e l'importo sono completi e corretti.",
    );
    expect(doc.getElementById('f-x')).toBeNull();
  });

  it('accepts the seeded catalogue as it is, so every existing service can be saved unchanged', () => {
    expect(serviceFormSchema.safeParse(seededMensa()).error?.issues).toBeUndefined();
  });
});

describe('the taxonomy for Comuni', () => {
  it('holds well-formed, unique codes of tipo ente 01 only', () => {
    const codes = TAXONOMY_TIPO_ENTE_01.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^9\/01\d{5}(IM|TS|SP|SA|AP)\/$/);
  });

  it('finds codes by words of the service or area, any case, accents ignored', () => {
    expect(searchTaxonomy('mense').map((e) => e.code)).toEqual(['9/0107101TS/']);
    expect(searchTaxonomy('RIFIUTI precedenti').map((e) => e.code)).toEqual(['9/0101109IM/']);
    expect(searchTaxonomy('identita').map((e) => e.code)).toEqual(['9/0104100TS/']);
    expect(searchTaxonomy('0102').map((e) => e.code)).toEqual(['9/0102106SA/', '9/0102105SA/']);
    expect(searchTaxonomy('')).toHaveLength(TAXONOMY_TIPO_ENTE_01.length);
    expect(searchTaxonomy('nulla di simile')).toEqual([]);
  });
});
