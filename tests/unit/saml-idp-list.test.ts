import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIdpList, readIdpListFile } from '@/lib/auth/saml/idp-list';
import { spidConfigurationProblems } from '@/lib/startup';
import { parseConfig } from '@/lib/config';

const DIR = path.join(process.cwd(), 'tests', 'fixtures', 'saml', 'idp-list');
const METADATA = readFileSync(path.join(DIR, 'idp-esempio-metadata.xml'), 'utf8');
const ENTITY = 'https://idp.esempio.example/';
const entry = { entity_id: ENTITY, organization_name: 'Identità Esempio', kind: 'spid', metadata_xml: METADATA };
const noFiles = () => {
  throw new Error('nessun file');
};
const parse = (list: unknown) => parseIdpList(JSON.stringify(list), noFiles);

describe('IdP list (AgID registry format)', () => {
  it('reads the sample list: names from the list, addresses and keys from the IdP metadata', () => {
    const result = readIdpListFile(path.join(DIR, 'elenco-idp.json'));
    expect(result).toMatchObject({
      ok: true,
      providers: [
        {
          entityId: ENTITY,
          name: 'Identità Esempio (fittizio)',
          logoUrl: 'https://idp.esempio.example/logo.svg',
          kind: 'spid',
          // HTTP-Redirect is preferred even when HTTP-POST comes first.
          ssoUrl: 'https://idp.esempio.example/sso',
          ssoBinding: 'redirect',
          sloUrl: 'https://idp.esempio.example/slo',
        },
      ],
    });
    if (result.ok) expect(result.providers[0]!.certificates[0]).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it('falls back to HTTP-POST SSO and to no SLO', () => {
    const postOnly = METADATA.replace(/<md:SingleSignOnService Binding="[^"]*HTTP-Redirect"[^>]*\/>/, '').replace(
      /<md:SingleLogoutService[^>]*\/>/g,
      '',
    );
    const result = parse([{ ...entry, metadata_xml: postOnly }]);
    expect(result).toMatchObject({ ok: true, providers: [{ ssoUrl: 'https://idp.esempio.example/sso-post', ssoBinding: 'post' }] });
    if (result.ok) expect(result.providers[0]!.sloUrl).toBeUndefined();
  });

  it.each([
    ['no metadata at all', { ...entry, metadata_xml: undefined }, 'serve metadata_file oppure metadata_xml'],
    ['both metadata sources', { ...entry, metadata_file: 'x.xml' }, 'serve metadata_file oppure metadata_xml'],
    ['a metadata file outside the folder', { ...entry, metadata_xml: undefined, metadata_file: '../segreto.xml' }, 'dentro la cartella'],
    ['metadata for another entityID', { ...entry, entity_id: 'https://altro.example/' }, "l'entityID dei metadata"],
    ['metadata with a DOCTYPE', { ...entry, metadata_xml: `<!DOCTYPE x [<!ENTITY a "b">]>${METADATA}` }, 'non sono un EntityDescriptor'],
    [
      'metadata without signing keys',
      { ...entry, metadata_xml: METADATA.replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, '') },
      'certificati di firma',
    ],
    [
      'a garbage certificate',
      { ...entry, metadata_xml: METADATA.replace(/<ds:X509Certificate>[^<]+/, '<ds:X509Certificate>bm9uIMOo') },
      'non è un certificato X.509',
    ],
    ['an unknown kind', { ...entry, kind: 'eidas' }, 'deve essere "spid" o "cie"'],
    [
      'an SSO address that is not http(s)',
      { ...entry, metadata_xml: METADATA.replace('https://idp.esempio.example/sso"', 'javascript:alert(1)"') },
      'SingleSignOnService',
    ],
  ])('refuses %s, in Italian', (_what, bad, message) => {
    const result = parse([bad]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toContain(message);
  });

  it('refuses a repeated entity_id, a metadata file that cannot be read, and bad JSON', () => {
    expect(parse([entry, entry]).ok).toBe(false);
    expect(parse([{ ...entry, metadata_xml: undefined, metadata_file: 'manca.xml' }])).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('non si può leggere')],
    });
    expect(parseIdpList('[', noFiles)).toEqual({ ok: false, problems: ['l’elenco degli IdP non è JSON valido'] });
  });

  it('the start-up check names the bad list and the bad key pair, and says nothing when all is well', () => {
    expect(spidConfigurationProblems(parseConfig({ NODE_ENV: 'test', SPID_IDP_LIST_FILE: path.join(DIR, 'elenco-idp.json') }))).toEqual([]);
    const problems = spidConfigurationProblems(
      parseConfig({
        NODE_ENV: 'test',
        SPID_IDP_LIST_FILE: path.join(DIR, 'manca.json'),
        SPID_SP_CERT_PEM: 'non un certificato',
        SPID_SP_KEY_PEM: 'non una chiave',
      }),
    );
    expect(problems).toEqual([expect.stringContaining('SPID_SP_CERT_PEM'), expect.stringContaining('SPID_IDP_LIST_FILE: il file')]);
    expect(spidConfigurationProblems(parseConfig({ NODE_ENV: 'test', SPID_ENABLED: 'false', SPID_IDP_LIST_FILE: '/non/esiste' }))).toEqual(
      [],
    );
  });
});
