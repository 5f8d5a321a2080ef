import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { loadEnvConfig } from '@next/env';
import { DevSettingsError, devSettings, portBusyMessage } from '@/lib/dev/dev-settings';

/** Whether something already listens on the port (on any address, as `next dev` would bind). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
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
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'dev', '-p', String(settings.port), ...settings.nextArgs], {
    env: { ...env, ...settings.env },
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

void main();
