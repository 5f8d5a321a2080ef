import { NextRequest } from 'next/server';
import { GET as switchLanguage } from '@/app/lingua/[lingua]/route';
import { LOCALE_COOKIE, localizedPath, splitLocale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';
import { preferredLocale } from '@/lib/i18n/negotiate';
import { localeRedirect } from '@/lib/i18n/redirect';
import { switchTarget } from '@/lib/i18n/switch';

describe('language prefixes', () => {
  it('keeps Italian unprefixed and puts English under /en', () => {
    expect(localizedPath('it', '/carrello')).toBe('/carrello');
    expect(localizedPath('en', '/carrello')).toBe('/en/carrello');
    expect(localizedPath('en', '/')).toBe('/en');
    expect(splitLocale('/en')).toEqual({ locale: 'en', pathname: '/' });
    expect(splitLocale('/en/')).toEqual({ locale: 'en', pathname: '/' });
    expect(splitLocale('/en/servizi/mensa')).toEqual({ locale: 'en', pathname: '/servizi/mensa' });
    // Italian has no prefix; a look-alike is an ordinary path.
    for (const pathname of ['/it/carrello', '/english', '/de/carrello', '/EN/carrello', '/carrello']) {
      expect(splitLocale(pathname)).toEqual({ locale: 'it', pathname });
    }
  });
});

describe('preferredLocale', () => {
  it.each([
    [null, 'it'],
    ['', 'it'],
    ['en-US,en;q=0.9', 'en'],
    ['en-GB', 'en'],
    ['it-IT,it;q=0.9,en;q=0.8', 'it'],
    ['fr,en;q=0.5,it;q=0.4', 'en'],
    ['de-DE,de;q=0.9', 'it'],
    ['*', 'it'],
    ['en;q=0', 'it'],
    ['\u0000en', 'it'],
    ['x'.repeat(10_000), 'it'],
  ])('%j → %s', (header, locale) => {
    expect(preferredLocale(header)).toBe(locale);
  });
});

describe('the message catalogues', () => {
  it('have the same keys in every language, none empty', () => {
    const keys = (value: object, prefix = ''): string[] =>
      Object.entries(value).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
    expect(keys(MESSAGES.en).sort()).toEqual(keys(MESSAGES.it).sort());
    for (const locale of ['it', 'en'] as const) {
      for (const key of keys(MESSAGES[locale])) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], MESSAGES[locale]);
        expect([key, (value as string).trim().length > 0]).toEqual([key, true]);
      }
    }
  });
});

describe('switchTarget', () => {
  const host = 'comune-demo.localhost:3000';
  it('goes back to the same page in the chosen language', () => {
    expect(switchTarget('en', `http://${host}/servizi/mensa`, host)).toBe('/en/servizi/mensa');
    expect(switchTarget('en', `http://${host}/cerca?q=mensa`, host)).toBe('/en/cerca?q=mensa');
    expect(switchTarget('it', `http://${host}/en/carrello`, host)).toBe('/carrello');
    expect(switchTarget('it', `http://${host}/en`, host)).toBe('/');
    expect(switchTarget('en', `http://${host}/`, host)).toBe('/en');
  });

  it('never leaves the site: another host, no Referer or garbage gives the home', () => {
    for (const referer of [
      null,
      '',
      'not a url',
      'http://evil.example/servizi',
      `http://${host}.evil.example/x`,
      'javascript:alert(1)',
      '//evil.example/x',
    ]) {
      expect(switchTarget('en', referer, host)).toBe('/en');
    }
    expect(switchTarget('en', `http://${host}/x`, null)).toBe('/en');
  });
});

describe('GET /lingua/<code>', () => {
  const call = (lingua: string, headers: Record<string, string> = {}) =>
    switchLanguage(new Request(`http://comune-demo.localhost:3000/lingua/${lingua}`, { headers }), { params: Promise.resolve({ lingua }) });

  it('remembers the choice in a cookie and goes back to the page, never cached', async () => {
    const response = await call('en', { host: 'comune-demo.localhost:3000', referer: 'http://comune-demo.localhost:3000/carrello' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/en/carrello');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^${LOCALE_COOKIE}=en; Path=/; Max-Age=\\d+; SameSite=Lax; HttpOnly`));
  });

  it('answers 404 to a language it does not have, and sets nothing', async () => {
    for (const lingua of ['de', 'EN', '', 'en\u0000', '../admin', 'it,en']) {
      const response = await call(lingua);
      expect(response.status).toBe(404);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('does not redirect elsewhere whatever the Referer says', async () => {
    const response = await call('it', { host: 'comune-demo.localhost:3000', referer: 'https://evil.example/phish' });
    expect(response.headers.get('location')).toBe('/');
  });
});

describe('localeRedirect', () => {
  const page = (headers: Record<string, string>, path = '/servizi/mensa', method = 'GET') =>
    new NextRequest(`http://comune-demo.localhost:3000${path}`, { headers: { accept: 'text/html', ...headers }, method });

  it('sends a first visit from an English browser to the English address, never cached', () => {
    const response = localeRedirect(page({ 'accept-language': 'en-GB,en;q=0.9' }, '/servizi/mensa?x=1'), 'it', 'https')!;
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('https://comune-demo.localhost:3000/en/servizi/mensa?x=1');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('vary')).toBe('accept-language, cookie');
  });

  it('follows the remembered choice before the browser language', () => {
    expect(localeRedirect(page({ 'accept-language': 'en', cookie: `${LOCALE_COOKIE}=it` }), 'it', 'http')).toBeNull();
    expect(localeRedirect(page({ 'accept-language': 'it', cookie: `${LOCALE_COOKIE}=en` }), 'it', 'http')!.headers.get('location')).toBe(
      'http://comune-demo.localhost:3000/en/servizi/mensa',
    );
    // A cookie with another value is ignored.
    expect(localeRedirect(page({ 'accept-language': 'it', cookie: `${LOCALE_COOKIE}=de` }), 'it', 'http')).toBeNull();
  });

  it('leaves alone a prefixed address, actions, Next fetches and anything that is not a page load', () => {
    const english = { 'accept-language': 'en' };
    expect(localeRedirect(page(english, '/en/servizi/mensa'), 'en', 'http')).toBeNull();
    expect(localeRedirect(page(english, '/servizi/mensa', 'POST'), 'it', 'http')).toBeNull();
    expect(localeRedirect(page({ ...english, rsc: '1' }), 'it', 'http')).toBeNull();
    expect(localeRedirect(page({ ...english, accept: 'application/json' }), 'it', 'http')).toBeNull();
    expect(localeRedirect(page({}), 'it', 'http')).toBeNull();
  });
});
