import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number },
) => Promise<Buffer>;

// OWASP's scrypt floor (N=2^17, r=8, p=1) costs 128 MiB per hash; 2^15 keeps logins fast on 2 cores
// while staying well above what offline cracking of a leaked hash finds cheap.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** Too many password hashes are already running or waiting: the login is refused instead of queued. */
export class PasswordHashBusyError extends Error {
  constructor() {
    super('Troppi accessi in corso');
    this.name = 'PasswordHashBusyError';
  }
}

/*
 * Each hash takes 32 MiB and tens of milliseconds of CPU: a login flood must not stall the server. At most
 * MAX_RUNNING hashes run at once per instance; a bounded queue waits, and beyond it logins are refused.
 * (A per-instance cap on a per-instance resource: it holds no state another instance would need.)
 */
const MAX_RUNNING = 4;
const MAX_WAITING = 32;
let running = 0;
const waiting: (() => void)[] = [];

export async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running < MAX_RUNNING) running++;
  else if (waiting.length >= MAX_WAITING) throw new PasswordHashBusyError();
  // The slot is handed over directly by the releasing caller, so the cap holds under any interleaving.
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** `scrypt$N$r$p$salt$hash`, all base64url: self-describing so that parameters can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await withHashSlot(() => scrypt(password, salt, KEY_LENGTH, { ...PARAMS, maxmem: 64 * 1024 * 1024 } as typeof PARAMS));
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await withHashSlot(() =>
    scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: 64 * 1024 * 1024,
    } as typeof PARAMS),
  );
  return timingSafeEqual(actual, expected);
}
