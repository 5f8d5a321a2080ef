import { crc32, deflateSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { auditLog, partnerCredentials } from '@/db/schema';
import { GET as getLogo } from '@/app/ente/[slug]/logo/route';
import { findActiveEnteBySlug } from '@/lib/enti/queries';
import { authenticateApiKey, listApiKeys } from '@/lib/api/keys';
import {
  createEnteApiKey,
  deleteEnteLogo,
  replaceEntePartnerSecret,
  revokeEnteApiKey,
  updateEnteProfile,
  uploadEnteLogo,
} from '@/lib/settings/actions';
import { checkLogo } from '@/lib/settings/logo-image';
import { enteLogoSrc } from '@/lib/settings/logo-url';
import { listActiveEnti } from '@/lib/enti/queries';
import { actAs, shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);

const { db, testDb } = withTestDatabase();
shareDatabaseWithActions(() => testDb().handle);

const SARA = 'BNTSRA79S43B157V'; // admin of Valmora
const STEFANO = 'GTTSFN85A30B157O'; // operator of Valmora
const PAOLO = 'FRRPLA70H21B157M'; // admin of Comune Demo
const NOT_ALLOWED = 'Non hai i permessi per questa operazione.';

const valmora = async () => (await findActiveEnteBySlug(db(), 'valmora'))!;
const sara = () => staffSession(db(), SARA);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real, decodable PNG: grey pixels, 8-bit greyscale. */
function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A minimal baseline JPEG header: SOI, APP0 and a SOF0 frame of this size. */
function jpegHeader(width: number, height: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, 0, 0, 0, 0, 0x01, 0x01, 0x11, 0x00]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const file = (bytes: Buffer, name: string, type: string) => new File([new Uint8Array(bytes)], name, { type });

const PROFILE = {
  name: 'Comune di Valmora',
  ipaCode: 'c_valm',
  cbill: 'abc12',
  sector: 'Settore Servizi Scolastici',
  primaryColor: '#0a5c36',
  address: 'Piazza Municipio 1, 25000 Valmora (BS)',
  email: 'Tributi@Valmora.example.it',
  pec: 'protocollo@pec.valmora.example.it',
  phone: '030 1234567',
  website: 'https://www.valmora.example.it',
  officeHours: 'Lun-Ven 9-12',
  iban: 'it60 x054 2811 1010 0000 0123 456',
};

describe('the Ente profile', () => {
  it('is saved by an admin, normalised, and audited before and after', async () => {
    const result = await actAs('valmora', await sara(), () => updateEnteProfile(PROFILE));
    expect(result).toEqual({ ok: true, data: { saved: true } });
    const ente = await valmora();
    expect(ente).toMatchObject({
      cbill: 'ABC12',
      email: 'tributi@valmora.example.it',
      iban: 'IT60X0542811101000000123456',
      sector: 'Settore Servizi Scolastici',
    });
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'profilo_ente_modificato'), eq(auditLog.enteId, ente.id)));
    expect((audit!.details as { after: Record<string, unknown> }).after).toMatchObject({ sector: 'Settore Servizi Scolastici' });
    expect(audit!.ip).toBe('203.0.113.45');
  });

  it('refuses an invalid IBAN, NUL bytes, a fiscal code change and another Ente’s IPA code', async () => {
    const session = await sara();
    const before = await valmora();
    const bad = await actAs('valmora', session, () =>
      updateEnteProfile({ ...PROFILE, iban: 'IT60X0542811101000000123457', name: 'Val\u0000mora' }),
    );
    expect(bad).toMatchObject({ ok: false, fieldErrors: { iban: expect.any(String), name: expect.any(String) } });
    const demo = (await findActiveEnteBySlug(db(), 'comune-demo'))!;
    const clash = await actAs('valmora', session, () => updateEnteProfile({ ...PROFILE, ipaCode: demo.ipaCode }));
    expect(clash).toMatchObject({ ok: false, fieldErrors: { ipaCode: expect.any(String) } });
    await actAs('valmora', session, () => updateEnteProfile({ ...PROFILE, fiscalCode: '00000000000' } as never));
    expect((await valmora()).fiscalCode).toBe(before.fiscalCode);
    const huge = await actAs('valmora', session, () => updateEnteProfile({ ...PROFILE, address: 'x'.repeat(100_000) }));
    expect(huge).toMatchObject({ ok: false, fieldErrors: { address: expect.any(String) } });
  });

  it('is refused to operators and to another Ente’s admin, and saves nothing', async () => {
    const changed = { ...PROFILE, name: 'Comune Dirottato' };
    expect(await actAs('valmora', await staffSession(db(), STEFANO), () => updateEnteProfile(changed))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    expect(await actAs('valmora', await staffSession(db(), PAOLO), () => updateEnteProfile(changed))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    // Paolo on his own host changes his own Ente, never Valmora.
    await actAs('comune-demo', await staffSession(db(), PAOLO), () => updateEnteProfile({ ...changed, ipaCode: 'c_demo2' }));
    expect((await valmora()).name).toBe('Comune di Valmora');
  });
});

describe('the logo', () => {
  it('checks content, not names: a GIF renamed .png, an oversize file and absurd dimensions are refused', async () => {
    const session = await sara();
    const gif = await actAs('valmora', session, () => uploadEnteLogo({ logo: file(GIF, 'stemma.png', 'image/png') }));
    expect(gif).toMatchObject({ ok: false, error: expect.stringContaining('PNG o JPEG') });
    const oversize = Buffer.concat([png(64, 64), Buffer.alloc(200 * 1024)]);
    const big = await actAs('valmora', session, () => uploadEnteLogo({ logo: file(oversize, 'stemma.png', 'image/png') }));
    expect(big).toMatchObject({ ok: false, error: expect.stringContaining('200 KB') });
    const wide = await actAs('valmora', session, () => uploadEnteLogo({ logo: file(png(5000, 16), 'stemma.png', 'image/png') }));
    expect(wide).toMatchObject({ ok: false, error: expect.stringContaining('pixel') });
    const notAFile = await actAs('valmora', session, () => uploadEnteLogo({ logo: 'data:image/png;base64,AAAA' as never }));
    expect(notAFile).toMatchObject({ ok: false, fieldErrors: { logo: expect.any(String) } });
    expect((await valmora()).logoMime).toBeNull();
    expect(
      await actAs('valmora', await staffSession(db(), STEFANO), () => uploadEnteLogo({ logo: file(png(64, 64), 'a.png', 'image/png') })),
    ).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
  });

  it('reads PNG and JPEG dimensions', () => {
    expect(checkLogo(png(120, 80))).toEqual({ ok: true, mime: 'image/png', width: 120, height: 80 });
    expect(checkLogo(jpegHeader(300, 200))).toEqual({ ok: true, mime: 'image/jpeg', width: 300, height: 200 });
    expect(checkLogo(png(120, 80).subarray(0, 20))).toMatchObject({ ok: false });
    expect(checkLogo(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01]))).toMatchObject({ ok: false });
  });

  it('accepts a real PNG, serves it from /logo with its type and caching headers, and links it in the header', async () => {
    const image = png(64, 48);
    const done = await actAs('valmora', await sara(), () => uploadEnteLogo({ logo: file(image, 'stemma.jpg', 'image/jpeg') }));
    expect(done).toEqual({ ok: true, data: { mime: 'image/png' } });
    const ente = await valmora();
    const src = enteLogoSrc(ente)!;
    expect(src).toMatch(/^\/logo\?v=/);
    // The provincial home lists the Ente with the same logo, fetched from the Ente's own site.
    const listed = (await listActiveEnti(db())).find((e) => e.slug === 'valmora')!;
    expect(enteLogoSrc(listed, 'http://valmora.localhost:3000')).toBe(`http://valmora.localhost:3000${src}`);
    const response = await actAs('valmora', undefined, () =>
      getLogo(new Request(`http://valmora.localhost:3000${src}`), { params: Promise.resolve({ slug: 'valmora' }) }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await response.arrayBuffer()).equals(image)).toBe(true);
    const etag = response.headers.get('etag')!;
    const again = await actAs('valmora', undefined, () =>
      getLogo(new Request('http://valmora.localhost:3000/logo', { headers: { 'if-none-match': etag } }), {
        params: Promise.resolve({ slug: 'valmora' }),
      }),
    );
    expect(again.status).toBe(304);
    // Another Ente's host never serves Valmora's logo, and Comune Demo has none.
    const elsewhere = await actAs('comune-demo', undefined, () =>
      getLogo(new Request('http://comune-demo.localhost:3000/logo'), { params: Promise.resolve({ slug: 'valmora' }) }),
    );
    expect(elsewhere.status).toBe(404);

    expect((await actAs('valmora', await sara(), () => deleteEnteLogo({}))).ok).toBe(true);
    expect(enteLogoSrc(await valmora())).toBe(ente.logoUrl);
    const actions = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.enteId, ente.id));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['logo_ente_modificato', 'logo_ente_rimosso']));
  });
});

describe('the partner callback secret', () => {
  it('is replaced or regenerated, never given back, and audited without it', async () => {
    const ente = await valmora();
    const secretOf = async () =>
      (await db().select().from(partnerCredentials).where(eq(partnerCredentials.enteId, ente.id)))[0]?.callbackSecret;
    const seeded = await secretOf();
    const generated = await actAs('valmora', await sara(), () => replaceEntePartnerSecret({}));
    expect(generated).toEqual({ ok: true, data: { replaced: true } });
    const fresh = await secretOf();
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh).not.toBe(seeded);
    const pasted = 'S3greto-del-partner-'.padEnd(40, 'x');
    expect((await actAs('valmora', await sara(), () => replaceEntePartnerSecret({ secret: pasted }))).ok).toBe(true);
    expect(await secretOf()).toBe(pasted);
    const short = await actAs('valmora', await sara(), () => replaceEntePartnerSecret({ secret: 'corto' }));
    expect(short).toMatchObject({ ok: false, fieldErrors: { secret: expect.any(String) } });
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'segreto_partner_sostituito'), eq(auditLog.enteId, ente.id)));
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain(pasted);
    expect(JSON.stringify(audits)).not.toContain(fresh);
    expect(await actAs('valmora', await staffSession(db(), STEFANO), () => replaceEntePartnerSecret({}))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    expect(await secretOf()).toBe(pasted);
  });
});

describe('API keys in settings', () => {
  it('are created by an admin, shown once, and revoked only within the Ente', async () => {
    const ente = await valmora();
    const created = await actAs('valmora', await sara(), () =>
      createEnteApiKey({ label: 'Gestionale mensa', scopes: ['receipts', 'positions'] }),
    );
    if (!created.ok) throw new Error(created.error);
    const { key, prefix } = created.data;
    expect(await authenticateApiKey(db(), ente.id, key, new Date())).not.toBeNull();
    const listed = (await listApiKeys(db(), ente.id)).find((k) => k.prefix === prefix)!;
    expect(JSON.stringify(listed)).not.toContain(key);
    // Stored in one order whatever the order of the boxes.
    expect(listed.scopes).toEqual(['positions', 'receipts']);

    const paolo = await staffSession(db(), PAOLO);
    const foreign = await actAs('comune-demo', paolo, () => revokeEnteApiKey({ id: listed.id }));
    expect(foreign).toEqual({ ok: false, error: 'Chiave non trovata o già revocata.' });
    expect(await actAs('valmora', paolo, () => revokeEnteApiKey({ id: listed.id }))).toEqual({ ok: false, error: NOT_ALLOWED });
    expect(
      await actAs('valmora', await staffSession(db(), STEFANO), () => createEnteApiKey({ label: 'Mia chiave', scopes: ['positions'] })),
    ).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    expect(await authenticateApiKey(db(), ente.id, key, new Date())).not.toBeNull();

    expect(await actAs('valmora', await sara(), () => revokeEnteApiKey({ id: listed.id }))).toEqual({ ok: true, data: { revoked: true } });
    expect(await actAs('valmora', await sara(), () => revokeEnteApiKey({ id: listed.id }))).toEqual({
      ok: false,
      error: 'Chiave non trovata o già revocata.',
    });
    expect(await authenticateApiKey(db(), ente.id, key, new Date())).toBeNull();
  });

  it('refuse odd labels and ids', async () => {
    const session = await sara();
    for (const label of ['', 'ab', 'Mensa\u0000', 'x'.repeat(101)]) {
      expect(await actAs('valmora', session, () => createEnteApiKey({ label, scopes: ['positions'] }))).toMatchObject({
        ok: false,
        fieldErrors: { label: expect.any(String) },
      });
    }
    for (const scopes of [[], ['admin'], 'positions', ['positions', 'positions', 'receipts', 'preservation'], [['positions']]]) {
      const refused = await actAs('valmora', session, () => createEnteApiKey({ label: 'Gestionale', scopes } as never));
      expect(refused.ok).toBe(false);
      expect(Object.keys((!refused.ok && refused.fieldErrors) || {}).filter((k) => k.startsWith('scopes'))).not.toEqual([]);
    }
    expect(await actAs('valmora', session, () => revokeEnteApiKey({ id: "1' or '1'='1" }))).toMatchObject({
      ok: false,
      fieldErrors: { id: expect.any(String) },
    });
  });
});
