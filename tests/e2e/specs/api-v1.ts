import { assert, type E2EContext, type Suite } from '../harness';

/*
 * /api/v1 through the real server: the middleware sends it to the Ente of the Host, Next serves the
 * route folders (avviso.pdf, openapi.json), and a request without a key is refused as documented. The
 * key-holding flows are covered by tests/integration/api-v1.test.ts against the same handlers.
 */
export function register(suite: Suite, { portal, desktop }: E2EContext) {
  suite.test("API v1: openapi.json sull'host dell'Ente, 401 senza chiave, 404 sul dominio provinciale", async () => {
    const page = await desktop.newPage();
    try {
      const document = await page.goto(portal.url('comune-demo', '/api/v1/openapi.json'));
      assert(document?.status() === 200, `openapi.json: stato ${document?.status()}`);
      const body = (await document.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, unknown> };
      assert(body.openapi === '3.1.0' && body.servers[0]!.url.includes('comune-demo'), "openapi.json non descrive l'API di questo Ente");
      assert('/positions/{externalId}/avviso.pdf' in body.paths, 'openapi.json senza la rotta del PDF');

      for (const pathname of [
        '/api/v1/positions/TARI-1',
        '/api/v1/positions/TARI-1/avviso.pdf',
        '/api/v1/receipts',
        `/api/v1/receipts/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/ricevuta.pdf`,
      ]) {
        const refused = await page.goto(portal.url('comune-demo', pathname));
        assert(refused?.status() === 401, `${pathname} senza chiave: stato ${refused?.status()}`);
        assert(refused.headers()['content-type'] === 'application/problem+json', `${pathname}: non è problem+json`);
        assert(/^Bearer/.test(refused.headers()['www-authenticate'] ?? ''), `${pathname}: manca WWW-Authenticate`);
      }

      const provincial = await page.goto(portal.url(null, '/api/v1/openapi.json'));
      assert(provincial?.status() === 404, `openapi.json sul dominio provinciale: stato ${provincial?.status()}`);
    } finally {
      await page.close();
    }
  });
}
