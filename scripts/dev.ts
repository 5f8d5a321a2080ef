import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { loadEnvConfig } from '@next/env';
import { parseConfig, smtpIsLocal } from '@/lib/config';
import { DevSettingsError, devSettings, portBusyMessage } from '@/lib/dev/dev-settings';
import { startMailbox } from '@/lib/dev/mailbox';
import { saveDevMail } from '@/lib/dev/mail-store';

/** Whether something already listens on the port (on any address, as `next dev` would bind). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/**
 * The development mailbox (DEV_MAILBOX_ENABLED, on by default here): an SMTP server in this process at the
 * configured SMTP address, when that is this machine, keeping what the portal sends for /dev/posta.
 */
async function startDevMailbox(env: NodeJS.ProcessEnv): Promise<void> {
  let config;
  try {
    config = parseConfig(env);
  } catch {
    return; // The server reports an invalid configuration itself, at its start.
  }
  if (!config.DEV_MAILBOX_ENABLED || !smtpIsLocal(config)) return;
  try {
    await startMailbox({ port: config.SMTP_PORT, onMessage: (raw) => saveDevMail(raw) });
    console.log(`Posta di sviluppo: SMTP su 127.0.0.1:${config.SMTP_PORT}, messaggi su /dev/posta`);
  } catch (error) {
    console.warn(`Attenzione: posta di sviluppo non avviata (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** `npm run dev [-- -p N]`: `next dev` on that port with the base domain following it, or a clear refusal. */
async function main() {
  // .env files count as settings the person made (Next would load them too).
  loadEnvConfig(process.cwd(), true, { info: () => {}, error: console.error });
  // eslint-disable-next-line no-restricted-properties -- the launcher passes the environment on to Next
  const env = process.env;
  let settings;
  try {
    settings = devSettings(process.argv.slice(2), env);
  } catch (error) {
    if (error instanceof DevSettingsError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  if (!(await portIsFree(settings.port))) {
    console.error(portBusyMessage(settings.port));
    process.exit(1);
  }
  for (const warning of settings.warnings) console.warn(`Attenzione: ${warning}`);
  await startDevMailbox({ ...env, ...settings.env });
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'dev', '-p', String(settings.port), ...settings.nextArgs], {
    env: { ...env, ...settings.env },
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

void main();
