import type { Ente } from '@/db/schema';

/** Changes whenever the Ente's row does, so a cached logo is never shown after an upload. */
export function logoVersion(updatedAt: Date): string {
  return updatedAt.getTime().toString(36);
}

/**
 * The image the header shows: the uploaded logo when there is one, else the configured address. `origin` is
 * the Ente's own site when the image is shown elsewhere (the provincial home): the logo route answers there.
 */
export function enteLogoSrc(ente: Pick<Ente, 'logoMime' | 'logoUrl' | 'updatedAt'>, origin = ''): string | null {
  return ente.logoMime ? `${origin}/logo?v=${logoVersion(ente.updatedAt)}` : ente.logoUrl;
}
