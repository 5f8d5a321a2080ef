import { ConfigError, productionWarnings, readConfig, type ServerConfig } from './config';
import { logger } from './logger';

/**
 * Run first by every process (server, worker, scripts): refuses to go on with an unsafe configuration,
 * naming each wrong variable, and warns loudly about development conveniences left on in production.
 */
export function checkConfigurationOrExit(processName: string): ServerConfig {
  let config: ServerConfig;
  try {
    config = readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`[${processName}] ${error.message}\nAvvio annullato.`);
    process.exit(1);
  }
  for (const warning of productionWarnings(config)) {
    logger.warn({ event: 'unsafe_production_setting' }, `ATTENZIONE: ${warning}`);
  }
  return config;
}
