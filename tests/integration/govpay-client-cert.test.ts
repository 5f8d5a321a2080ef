import { execFileSync } from 'node:child_process';
import { globalAgent } from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGovpayPartner } from '@/lib/partners/govpay/partner';
import { PartnerRejectedError } from '@/lib/partners/types';
import { startGovpayMock, type GovpayMock } from '../mocks/govpay';
import { govpaySettings } from '../support/govpay';

/*
 * GovPay's `ssl` authentication: the adapter presents the Ente's client certificate through partnerHttp.
 * Certificates are made with the openssl command for this run. partnerHttp has no option for a private
 * server CA, so this test alone puts its CA on the default HTTPS agent.
 */

let dir: string;
let mock: GovpayMock;
const pem: Record<string, string> = {};
const ctx = { creditorFiscalCode: '00754120178', companyName: 'Comune di Valmora' };
const previousCa = globalAgent.options.ca;

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

function issue(name: string, cn: string, signer: 'ca' | 'self') {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
  const sign = signer === 'ca' ? ['-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial'] : ['-signkey', `${name}.key`];
  const ext = name === 'server' ? ['-extfile', 'server.ext'] : [];
  openssl('x509', '-req', '-in', `${name}.csr`, ...sign, ...ext, '-days', '2', '-out', `${name}.crt`);
  pem[`${name}.key`] = readFileSync(path.join(dir, `${name}.key`), 'utf8');
  pem[`${name}.crt`] = readFileSync(path.join(dir, `${name}.crt`), 'utf8');
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'govpay-cert-'));
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-subj',
    '/CN=GovPay test CA',
    '-days',
    '2',
    '-out',
    'ca.crt',
  );
  writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  issue('server', '127.0.0.1', 'ca');
  issue('client', 'portale-valmora', 'ca');
  issue('stranger', 'portale-valmora', 'self');
  mock = await startGovpayMock({
    tls: {
      key: pem['server.key']!,
      cert: pem['server.crt']!,
      ca: readFileSync(path.join(dir, 'ca.crt'), 'utf8'),
      clientCommonName: 'portale-valmora',
    },
  });
  globalAgent.options.ca = readFileSync(path.join(dir, 'ca.crt'), 'utf8');
});

afterAll(async () => {
  globalAgent.options.ca = previousCa;
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const settings = () => govpaySettings(mock, { outboundAuth: 'client_cert', username: undefined });

describe('GovPay with a client certificate', () => {
  it('reads with the Ente’s certificate', async () => {
    const partner = createGovpayPartner('nordcom_tim', settings(), { clientCertPem: pem['client.crt'], clientKeyPem: pem['client.key'] });
    expect(await partner.fetchNoticeStatus(ctx, '301000000000000012')).toEqual({ state: 'unknown' });
    expect(mock.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('is refused (401, final) with a certificate the GovPay CA did not issue', async () => {
    const partner = createGovpayPartner('nordcom_tim', settings(), {
      clientCertPem: pem['stranger.crt'],
      clientKeyPem: pem['stranger.key'],
    });
    const error = await partner.fetchNoticeStatus(ctx, '301000000000000012').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerRejectedError);
    expect(error).toMatchObject({ status: 401 });
  });
});
