import { DOMParser, type Document } from '@xmldom/xmldom';
import { renderToStaticMarkup } from 'react-dom/server';
import { LoginOptions } from '@/app/_components/login/login-options';
import { demoIdpEntityIds } from '@/lib/auth/identity-providers';

/** The rendered login buttons, as a browser without JavaScript gets them (read with xmldom: no jsdom here). */
function render(returnPath: string): Document {
  const html = renderToStaticMarkup(<LoginOptions returnPath={returnPath} />);
  return new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
}

describe('LoginOptions', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('offers SPID (demo IdP, with the three AgID links) and CIE, without JavaScript', () => {
    process.env.SPID_ENABLED = 'true';
    process.env.DEMO_IDP_ENABLED = 'true';
    const doc = render('/area-personale?anno=2026');
    const links = Array.from(doc.getElementsByTagName('a')).map((a) => ({ text: a.textContent?.trim(), href: a.getAttribute('href') }));
    const demo = new URLSearchParams({ idp: demoIdpEntityIds().spid, ritorno: '/area-personale?anno=2026' });
    expect(links).toEqual(
      expect.arrayContaining([
        { text: 'IdP dimostrativo (solo prove)', href: `/accedi/spid?${demo.toString()}` },
        { text: 'Maggiori informazioni', href: 'https://www.spid.gov.it' },
        { text: 'Non hai SPID?', href: 'https://www.spid.gov.it/richiedi-spid' },
        { text: 'Serve aiuto?', href: 'https://www.spid.gov.it/serve-aiuto' },
        { text: 'Entra con CIE', href: '/accedi/cie?ritorno=%2Farea-personale%3Fanno%3D2026' },
      ]),
    );
    // The menu is a native disclosure: closed at first, opened by its summary (a button to assistive technology).
    const details = doc.getElementsByTagName('details')[0]!;
    expect(details.getAttribute('open')).toBeNull();
    expect(details.getElementsByTagName('summary')[0]!.textContent).toContain('Entra con SPID');
    expect(links.some((l) => l.text?.startsWith('Entra con BresciaGOV'))).toBe(false);
  });

  it('adds the regional provider when it is configured', () => {
    Object.assign(process.env, {
      OIDC_ISSUER: 'https://id.example.it',
      OIDC_CLIENT_ID: 'portale',
      OIDC_CLIENT_SECRET: 'segreto',
      OIDC_PROVIDER_NAME: 'BresciaGOV',
    });
    const anchors = Array.from(render('/area-personale').getElementsByTagName('a'));
    const oidc = anchors.find((a) => a.textContent?.includes('Entra con BresciaGOV'));
    expect(oidc?.getAttribute('href')).toBe('/accedi/oidc?ritorno=%2Farea-personale');
  });

  it('says plainly that signing in is not available when nothing is configured', () => {
    process.env.SPID_ENABLED = 'false';
    const doc = render('/area-personale');
    expect(doc.getElementsByTagName('a').length).toBe(0);
    expect(doc.documentElement?.textContent).toContain('non è ancora attivo');
  });
});
