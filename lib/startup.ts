import { readIdpListFile } from './auth/saml/idp-list';
import { SpConfigError, spConfigFromEnv } from './auth/saml/sp-config';
import { ConfigError, productionWarnings, readConfig, type ServerConfig } from './config';
import { logger } from './logger';

/**
 * With SPID_ENABLED, the SP key pair and the IdP list must be usable before the first person tries to sign
 * in: each problem, in Italian, naming the variable.
 */
export function spidConfigurationProblems(config: ServerConfig): string[] {
  if (!config.SPID_ENABLED) return [];
  const problems: string[] = [];
  try {
    spConfigFromEnv(config);
  } catch (error) {
    if (!(error instanceof SpConfigError)) throw error;
    problems.push(error.message);
  }
  if (config.SPID_IDP_LIST_FILE) {
    const list = readIdpListFile(config.SPID_IDP_LIST_FILE);
    if (!list.ok) problems.push(...list.problems.map((p) => `SPID_IDP_LIST_FILE: ${p}`));
  }
  return problems;
}

/**
 * Run first by every process (server, worker, scripts): refuses to go on with an unsafe configuration,
 * naming each wrong variable, and warns loudly about development conveniences left on in production.
 */
export function checkConfigurationOrExit(processName: string): ServerConfig {
  let config: ServerConfig;
  try {
    config = readConfig();
    const spid = spidConfigurationProblems(config);
    if (spid.length > 0) throw new ConfigError(spid);
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
