import { filterServices, groupByCategory, normalizeForSearch } from '@/lib/catalogue/search';
import { emblemInitials } from '@/app/_components/emblem';

const services = [
  { title: "Carta d'identità elettronica", summary: 'CIE', category: 'Servizi demografici', description: 'Rilascio' },
  { title: 'Mensa scolastica', summary: 'Buoni pasto', category: 'Scuola', description: 'Refezione' },
  { title: 'Trasporto scolastico', summary: 'Scuolabus', category: 'Scuola', description: 'Quota trimestrale' },
];

describe('catalogue search', () => {
  it('ignores accents and case', () => {
    expect(normalizeForSearch('IDENTITÀ')).toBe('identita');
    expect(filterServices(services, 'identita').map((s) => s.title)).toEqual(["Carta d'identità elettronica"]);
  });

  it('needs every word to match', () => {
    expect(filterServices(services, 'scolastico quota')).toHaveLength(1);
    expect(filterServices(services, 'mensa quota')).toHaveLength(0);
  });

  it('returns everything for a blank query', () => {
    expect(filterServices(services, '   ')).toHaveLength(3);
  });

  it('groups by category in order of appearance', () => {
    expect(groupByCategory(services).map((g) => [g.category, g.services.length])).toEqual([
      ['Servizi demografici', 1],
      ['Scuola', 2],
    ]);
  });
});

describe('emblemInitials', () => {
  it('takes the initials of the place name', () => {
    expect(emblemInitials('Comune di Demo')).toBe('D');
    expect(emblemInitials("Comune di Castel d'Oglio")).toBe('CO');
    expect(emblemInitials('Unione dei Comuni delle Terre Basse')).toBe('TB');
    expect(emblemInitials("Comunità Montana dell'Alta Valmora")).toBe('AV');
  });
});
