import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';

/** Where the development mailbox keeps what it receives, one .eml file per message (next to the local database). */
export const DEV_MAIL_DIR = path.join('.data', 'dev-mail');

const FILE = /^(\d{13})-([0-9a-f-]{36})\.eml$/;

export async function saveDevMail(raw: Buffer, dir = DEV_MAIL_DIR): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${Date.now()}-${randomUUID()}.eml`), raw);
}

export interface DevMail {
  id: string;
  receivedAt: Date;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  attachments: { filename: string; contentType: string; size: number }[];
}

async function parse(dir: string, file: string): Promise<DevMail> {
  const mail = await simpleParser(await readFile(path.join(dir, file)));
  const addresses = (value: typeof mail.to) => (Array.isArray(value) ? value.map((a) => a.text).join(', ') : (value?.text ?? ''));
  return {
    id: file.slice(0, -'.eml'.length),
    receivedAt: new Date(Number(FILE.exec(file)![1])),
    from: mail.from?.text ?? '',
    to: addresses(mail.to),
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : null,
    attachments: mail.attachments.map((a) => ({ filename: a.filename ?? 'allegato', contentType: a.contentType, size: a.size })),
  };
}

/** The newest messages first. */
export async function listDevMail(limit = 50, dir = DEV_MAIL_DIR): Promise<DevMail[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const newest = files
    .filter((f) => FILE.test(f))
    .sort()
    .reverse()
    .slice(0, limit);
  return Promise.all(newest.map((file) => parse(dir, file)));
}

/** One message by the id the list gave; undefined for anything else (the id comes from a URL). */
export async function findDevMail(id: string, dir = DEV_MAIL_DIR): Promise<DevMail | undefined> {
  const file = `${id}.eml`;
  if (!FILE.test(file)) return undefined;
  return parse(dir, file).catch(() => undefined);
}
