import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ServerOptions, TestAccount } from './oidc-test-provider-server';

/** People known to the test provider: the login name is the account id (any password is accepted). */
export const TEST_ACCOUNTS: Record<string, TestAccount> = {
  mario: { given_name: 'Mario', family_name: 'Rossi', email: 'Mario.Rossi@example.org', fiscal_number: 'TINIT-RSSMRA80A01H501U' },
  giulia: { given_name: 'Giulia', family_name: 'Bianchi', fiscal_number: 'bncglI92h55f205n' },
  straniero: { given_name: 'John', family_name: 'Smith', email: 'john@example.org' },
  'codice-errato': { given_name: 'Luca', family_name: 'Verdi', fiscal_number: 'TINIT-VRDLCU75S03F839X' },
};

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Signs `account` in through the provider's login and consent pages; the URL the provider sends the browser back to. */
  signIn(authorizationUrl: string, account: string): Promise<URL>;
  /** Cancels at the provider's login page (access_denied); the URL the browser is sent back to. */
  cancel(authorizationUrl: string): Promise<URL>;
  stop(): Promise<void>;
}

/**
 * Starts oidc-test-provider-server.ts in a child process (oidc-provider is an ES module that jest cannot
 * load) and returns its issuer once it listens.
 */
export async function startTestProvider(options: { redirectUri: string; conformIdTokenClaims?: boolean }): Promise<TestProvider> {
  const serverOptions: ServerOptions = {
    clientId: `portale-${randomBytes(4).toString('hex')}`,
    clientSecret: randomBytes(24).toString('base64url'),
    redirectUri: options.redirectUri,
    accounts: TEST_ACCOUNTS,
    conformIdTokenClaims: options.conformIdTokenClaims,
  };
  const script = path.join(__dirname, 'oidc-test-provider-server.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(serverOptions)], {
    cwd: path.join(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const issuer = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { issuer: string }).issuer));
    child.once('exit', (code) => reject(new Error(`il provider OIDC di prova è terminato (codice ${code})`)));
  });
  return {
    issuer,
    clientId: serverOptions.clientId,
    clientSecret: serverOptions.clientSecret,
    signIn: (url, account) => drive(url, options.redirectUri, { account }),
    cancel: (url) => drive(url, options.redirectUri, 'cancel'),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Plays the browser at the provider: follows its redirects with a cookie jar and answers its development
 * login and consent forms, until it redirects to the portal's redirect_uri.
 */
async function drive(authorizationUrl: string, redirectUri: string, act: { account: string } | 'cancel'): Promise<URL> {
  const jar = new Map<string, string>();
  let next: { url: string; body?: URLSearchParams } = { url: authorizationUrl };
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(next.url, {
      method: next.body ? 'POST' : 'GET',
      body: next.body,
      redirect: 'manual',
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
    const location = response.headers.get('location');
    if (location) {
      const target = new URL(location, next.url);
      if (target.href.startsWith(`${redirectUri}?`)) return target;
      next = { url: target.href };
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`provider OIDC: HTTP ${response.status} su ${next.url}: ${html.slice(0, 500)}`);
    const prompt = /name="prompt" value="(login|consent)"/.exec(html)?.[1];
    if (!prompt) throw new Error(`provider OIDC: pagina inattesa su ${next.url}`);
    if (act === 'cancel') {
      next = { url: `${next.url}/abort` };
    } else {
      next = {
        url: next.url,
        body: new URLSearchParams(prompt === 'login' ? { prompt, login: act.account, password: 'qualsiasi' } : { prompt }),
      };
    }
  }
  throw new Error('provider OIDC: troppi reindirizzamenti');
}
