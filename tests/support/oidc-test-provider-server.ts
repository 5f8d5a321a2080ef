import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

/*
 * A real OpenID Provider (panva's oidc-provider) on 127.0.0.1 and a random port, run in a child process by
 * oidc-test-provider.ts: one confidential client (client_secret_basic, PKCE S256 required) and a few
 * people. Its development login and consent pages accept any password. Argument: the JSON of ServerOptions.
 * Prints `{"issuer": "http://127.0.0.1:<port>"}` on one line once it listens.
 */

export interface TestAccount {
  given_name?: string;
  family_name?: string;
  email?: string;
  fiscal_number?: string;
}

export interface ServerOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: Record<string, TestAccount>;
  /** false: scope claims go to the ID token too (default: only to UserInfo, as the spec asks when an access token is issued). */
  conformIdTokenClaims?: boolean;
}

const options = JSON.parse(process.argv[2] ?? '{}') as ServerOptions;
const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('indirizzo del server non disponibile');
  const issuer = `http://127.0.0.1:${address.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      profile: ['given_name', 'family_name'],
      email: ['email'],
      fiscal_number: ['fiscal_number'],
    },
    conformIdTokenClaims: options.conformIdTokenClaims ?? true,
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = options.accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
