import { isStaffPath, loginPageUrl } from '@/lib/auth/login-pages';
import { levelFromClassRef, authnContextClass } from '@/lib/auth/saml/levels';

describe('login pages and levels', () => {
  it.each([
    ['/admin', true],
    ['/admin/posizioni?pagina=2', true],
    ['/cit', true],
    ['/cit/enti', true],
    ['/administrator', false],
    ['/citta', false],
    ['/', false],
    ['/servizi/mensa', false],
  ])('%s asks for the staff level: %s', (path, staff) => {
    expect(isStaffPath(path)).toBe(staff);
  });

  it('sends back to the login page of the area, on the same host', () => {
    expect(loginPageUrl('comune-demo.localhost:3000', '/admin/posizioni')).toBe(
      'http://comune-demo.localhost:3000/admin/accedi?ritorno=%2Fadmin%2Fposizioni',
    );
    expect(loginPageUrl('localhost:3000', '/cit')).toBe('http://localhost:3000/cit/accedi?ritorno=%2Fcit');
    expect(loginPageUrl('valmora.localhost:3000', '/')).toBe('http://valmora.localhost:3000/accedi?ritorno=%2F');
  });

  it('converts levels only at the XML boundary, refusing anything but SpidL1..3', () => {
    expect(authnContextClass(2)).toBe('https://www.spid.gov.it/SpidL2');
    expect(levelFromClassRef('https://www.spid.gov.it/SpidL3')).toBe(3);
    for (const bad of [
      'https://www.spid.gov.it/SpidL4',
      'https://www.spid.gov.it/SpidL22',
      'https://www.spid.gov.it/SpidL',
      'SpidL2',
      undefined,
    ]) {
      expect(levelFromClassRef(bad)).toBeUndefined();
    }
  });
});
