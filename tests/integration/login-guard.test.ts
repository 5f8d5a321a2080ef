import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import { attemptLogin, LOGIN_LIMITS } from '@/lib/auth/login-guard';
import { PasswordHashBusyError, withHashSlot } from '@/lib/auth/password';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase();

describe('staff login lockout (counters in PostgreSQL)', () => {
  it('locks an account after repeated failures, even for the right password, and not other accounts', async () => {
    const { limit } = LOGIN_LIMITS.failuresPerAccount;
    for (let i = 0; i < limit; i++) {
      expect(await attemptLogin(db(), 'operatore@comune-demo.example.it', `sbagliata-${i}`, `203.0.113.${i}`)).toEqual({ kind: 'invalid' });
    }
    expect(await attemptLogin(db(), 'Operatore@Comune-Demo.example.it', DEFAULT_DEMO_PASSWORD, '203.0.113.99')).toEqual({
      kind: 'locked',
      retryAfterSeconds: expect.any(Number),
    });
    expect((await attemptLogin(db(), 'admin@comune-demo.example.it', DEFAULT_DEMO_PASSWORD, '203.0.113.99')).kind).toBe('ok');
  });

  it('locks an address that tries many accounts', async () => {
    const { limit } = LOGIN_LIMITS.failuresPerAddress;
    const address = '192.0.2.7';
    for (let i = 0; i < limit; i++) await attemptLogin(db(), `nessuno-${i}@example.it`, 'x', address);
    expect((await attemptLogin(db(), 'admin@valmora.example.it', DEFAULT_DEMO_PASSWORD, address)).kind).toBe('locked');
    expect((await attemptLogin(db(), 'admin@valmora.example.it', DEFAULT_DEMO_PASSWORD, '192.0.2.8')).kind).toBe('ok');
  });

  it('unlocks when the window has passed', async () => {
    const later = new Date(Date.now() + LOGIN_LIMITS.failuresPerAccount.windowSeconds * 1000 + 1000);
    expect((await attemptLogin(db(), 'operatore@comune-demo.example.it', DEFAULT_DEMO_PASSWORD, '203.0.113.200', later)).kind).toBe('ok');
  });
});

describe('password hashing under a login flood', () => {
  it('runs at most 4 hashes at once, queues 32 and refuses the rest', async () => {
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const work = () =>
      withHashSlot(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => release.push(resolve));
        running--;
      });
    const accepted = Array.from({ length: 36 }, work);
    await expect(work()).rejects.toBeInstanceOf(PasswordHashBusyError);
    while (release.length > 0 || running > 0) {
      release.splice(0).forEach((r) => r());
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(accepted);
    expect(peak).toBe(4);
  });
});
