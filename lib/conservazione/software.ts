import packageJson from '@/package.json';

/** The system that produced the packages: Allegato 5's Produttore SW and the SInCRO CreatingApplication. */
export interface SoftwareIdentity {
  name: string;
  version: string;
}

export const PORTAL_SOFTWARE: SoftwareIdentity = { name: 'Portale pagamenti pagoPA multi-ente', version: packageJson.version };
