import { renderServerTree } from '../support/render-tree';
import { actAs, shareDatabaseWithActions } from '../support/acting-as';
import { withTestDatabase } from '../support/test-db';
import CitizenLayout from '@/app/ente/[slug]/[lingua]/layout';
import EnteHome from '@/app/ente/[slug]/[lingua]/page';
import ServicePage from '@/app/ente/[slug]/[lingua]/servizi/[code]/page';
import SearchResults from '@/app/ente/[slug]/[lingua]/cerca/page';
import PayNotice from '@/app/ente/[slug]/[lingua]/paga-avviso/page';
import CartPage from '@/app/ente/[slug]/[lingua]/carrello/page';
import PaymentOutcome from '@/app/ente/[slug]/[lingua]/pagamento/esito/page';
import LoginPage from '@/app/ente/[slug]/[lingua]/accedi/page';
import OidcErrorPage from '@/app/ente/[slug]/[lingua]/accedi/oidc/errore/page';
import ProvinciaHome from '@/app/vetrina/provincia/[lingua]/page';
import ProvinciaLayout from '@/app/provincia/layout';
import ProvinciaLogin from '@/app/provincia/accedi/page';
import ProvinciaArea from '@/app/provincia/area-personale/page';
import AreaPersonale from '@/app/ente/[slug]/[lingua]/area-personale/page';
import { headers } from 'next/headers';
import type { PortalSession } from '@/lib/auth/session';
import { LOCALE_HEADER } from '@/lib/i18n/locales';
import { payService } from '@/lib/payments/actions';
import { cachedActiveServices } from '@/lib/cache/page-data';
import { findActiveEnteBySlug } from '@/lib/enti/queries';
import type { Locale } from '@/lib/i18n/locales';
import { italianIn, readableText } from '../support/italian-text';

/*
 * The English citizen pages, rendered from the seeded database with their layout, scanned for Italian: no
 * sentence of the Italian catalogue whose English differs may appear in their text or in what assistive
 * technology reads (labels, placeholders, titles). What the Ente wrote (service names, descriptions) is the
 * Ente's own Italian and is not in the catalogue.
 */
jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);
jest.mock('next/navigation', () => ({
  ...jest.requireActual('next/navigation'),
  usePathname: () => '/',
  useRouter: () => ({ refresh: () => undefined, push: () => undefined, replace: () => undefined }),
  useParams: () => ({}),
}));

const SLUG = 'comune-demo';

const params = (lingua: Locale) => Promise.resolve({ slug: SLUG, lingua });
const noQuery = () => Promise.resolve({});

/** A citizen signed in with SPID: «I miei pagamenti» needs one. */
const CITIZEN: PortalSession = { fiscalCode: 'RCCMNL83S18D969H', name: 'Emanuele Rocca', method: 'spid', level: 2 };

/** Renders inside the layout, as the middleware would have sent the request (the language header included). */
function renderPage(lingua: Locale, page: () => Promise<React.ReactNode>, session?: PortalSession): Promise<string> {
  return actAs(SLUG, session, async () => {
    (await headers()).set(LOCALE_HEADER, lingua);
    return renderServerTree(<CitizenLayout params={params(lingua)}>{await page()}</CitizenLayout>);
  });
}

/** The same for the provincial site's pages rendered per request. */
function renderProvinciaPage(page: () => Promise<React.ReactNode>, session?: PortalSession): Promise<string> {
  return actAs('', session, async () => {
    (await headers()).set(LOCALE_HEADER, 'en');
    return renderServerTree(<ProvinciaLayout>{await page()}</ProvinciaLayout>);
  });
}

describe('the citizen pages in English', () => {
  const { testDb } = withTestDatabase();
  shareDatabaseWithActions(() => testDb().handle);

  let serviceCode = '';
  beforeAll(async () => {
    const ente = await findActiveEnteBySlug(testDb().handle.db, SLUG);
    serviceCode = (await cachedActiveServices(ente!.id))[0]!.code;
  });

  const pages: [string, (lingua: Locale) => Promise<React.ReactNode>][] = [
    ['home', (lingua) => EnteHome({ params: params(lingua) })],
    ['service', (lingua) => ServicePage({ params: Promise.resolve({ slug: SLUG, lingua, code: serviceCode }) })],
    ['search', (lingua) => SearchResults({ params: params(lingua), searchParams: Promise.resolve({ q: 'mensa' }) })],
    ['search without results', (lingua) => SearchResults({ params: params(lingua), searchParams: Promise.resolve({ q: 'zzz' }) })],
    ['pay a notice', (lingua) => PayNotice({ params: params(lingua) })],
    ['cart', (lingua) => CartPage({ params: params(lingua) })],
    ['payment outcome', (lingua) => PaymentOutcome({ params: params(lingua), searchParams: noQuery() })],
    ['sign in', (lingua) => LoginPage({ params: params(lingua), searchParams: noQuery() })],
    ['sign-in error', (lingua) => OidcErrorPage({ params: params(lingua), searchParams: Promise.resolve({ motivo: 'scaduto' }) })],
  ];

  it('finds Italian on the Italian pages (the scan works)', async () => {
    const html = await renderPage('it', () => EnteHome({ params: params('it') }));
    expect(html).toContain('<html lang="it"');
    expect(italianIn(readableText(html)).length).toBeGreaterThan(5);
  });

  it.each(pages)('%s: in English, with no Italian from the catalogue', async (_name, page) => {
    const html = await renderPage('en', () => page('en'));
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('href="/lingua/it"');
    expect(italianIn(readableText(html))).toEqual([]);
  });

  it('«I miei pagamenti» of a signed-in citizen: in English, with no Italian from the catalogue', async () => {
    const html = await renderPage('en', () => AreaPersonale({ params: params('en'), searchParams: noQuery() }), CITIZEN);
    expect(html).toContain('Emanuele Rocca');
    expect(italianIn(readableText(html))).toEqual([]);
  });

  it.each([
    ['sign in', () => ProvinciaLogin({ searchParams: noQuery() }), undefined],
    ['«I miei pagamenti»', () => ProvinciaArea({ searchParams: noQuery() }), CITIZEN],
  ] as const)('the provincial %s: in English, with no Italian from the catalogue', async (_name, page, session) => {
    const html = await renderProvinciaPage(page, session);
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('href="/lingua/it"');
    expect(italianIn(readableText(html))).toEqual([]);
  });

  it('a payment form sent from an English page is answered in English, field by field', async () => {
    const answer = await actAs(SLUG, undefined, async () => {
      (await headers()).set(LOCALE_HEADER, 'en');
      return payService({
        code: 'diritti-segreteria',
        values: { fields: {}, debtorFiscalCode: 'NOT-A-CODE', debtorName: '', debtorEmail: 'x@', amount: '1,2,3', quantity: '' },
      });
    });
    expect(answer).toMatchObject({ ok: false, error: 'Some details are not correct: check the highlighted fields.' });
    const fieldErrors = Object.values((answer as { fieldErrors?: Record<string, string> }).fieldErrors ?? {});
    expect(fieldErrors).toEqual(expect.arrayContaining(['Enter a valid tax code or VAT number', 'The e-mail address is not valid']));
    expect(italianIn(fieldErrors.join(' '))).toEqual([]);
  });

  it('the same form from an Italian page is answered in Italian, as before', async () => {
    const answer = await actAs(SLUG, undefined, () =>
      payService({
        code: 'diritti-segreteria',
        values: { fields: {}, debtorFiscalCode: 'NOT-A-CODE', debtorName: '', debtorEmail: '', amount: '', quantity: '' },
      }),
    );
    expect(answer).toMatchObject({ ok: false, error: 'Alcuni dati non sono corretti: controlla i campi segnalati.' });
  });

  it('the provincial home: in English, with no Italian from the catalogue', async () => {
    const html = await actAs('', undefined, () => renderServerTree(<ProvinciaHome params={Promise.resolve({ lingua: 'en' })} />));
    expect(html).toContain('<html lang="en"');
    expect(italianIn(readableText(html))).toEqual([]);
  });
});
