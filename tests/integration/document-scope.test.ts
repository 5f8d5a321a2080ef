import { mayOpenDocument } from '@/lib/documents/access';
import { signLink } from '@/lib/documents/links';
import { actAs, shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { enteBySlug } from '../support/payments';
import { serviceIdOf } from '../support/receipts';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);

const { testDb } = withTestDatabase();
const db = () => testDb().handle.db;
shareDatabaseWithActions(() => testDb().handle);

const STEFANO = 'GTTSFN85A30B157O'; // Valmora operator, limited to mensa and trasporto scolastico
const SARA = 'BNTSRA79S43B157V'; // Valmora admin

describe('the avviso and ricevuta routes for staff', () => {
  it('let a scoped operator open only the documents of their own services; a signed link works for anyone', async () => {
    const valmora = await enteBySlug(db(), 'valmora');
    const mensa = await serviceIdOf(db(), valmora.id, 'mensa');
    const tari = await serviceIdOf(db(), valmora.id, 'tari');
    const stefano = await staffSession(db(), STEFANO);
    const sara = await staffSession(db(), SARA);
    const open = (session: typeof stefano | undefined, serviceId: string | null, token: string | null = null) =>
      actAs('valmora', session, () => mayOpenDocument(valmora, 'notice', '301202600000000099', token, serviceId));

    expect(await open(stefano, mensa)).toBe(true);
    expect(await open(stefano, tari)).toBe(false);
    expect(await open(stefano, null)).toBe(false);
    expect(await open(sara, tari)).toBe(true);
    expect(await open(sara, null)).toBe(true);
    expect(await open(undefined, mensa)).toBe(false);
    expect(await open(undefined, tari, signLink('notice', valmora.id, '301202600000000099'))).toBe(true);
  });
});
