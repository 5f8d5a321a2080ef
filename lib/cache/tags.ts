/*
 * Tags of the cached citizen pages (Next's data cache and full-route cache). A cached read carries the tags
 * of what it shows, and a page carries the tags of every cached read it made: revalidating a tag re-renders,
 * on their next request and on every instance, the pages that showed it.
 */

/** On every cached read: a command that rewrites the data wholesale (seed, setup) invalidates them all. */
export const ALL_PAGES_TAG = 'pages';
/** The provincial home's directory of active Enti. */
export const ENTI_TAG = 'enti';
/** The provider's identity, in every page's header and footer. */
export const PROVIDER_TAG = 'provider';

/** An Ente's row as its pages show it: name, logo, colour, contacts, state, partner, parent. */
export const enteTag = (enteId: string) => `ente:${enteId}`;
/** The list of an Ente's active services on its home. */
export const catalogueTag = (enteId: string) => `catalogue:${enteId}`;
/** One service's page. By code, which the page knows before the row and which never changes (lib/catalogue/manage.ts). */
export const serviceTag = (enteId: string, code: string) => `service:${enteId}:${code}`;

/** An Ente's conservazione settings, which its public manuale di conservazione page shows. */
export const conservazioneTag = (enteId: string) => `conservazione:${enteId}`;

type ServiceRef = { enteId: string; code: string };

/** What each kind of change makes stale: every entry point that makes the change invalidates these tags. */
export const pageChanges = {
  /** Texts, amount, form, category of a service: its page and the Ente's home, which lists it. */
  serviceEdited: (service: ServiceRef) => [serviceTag(service.enteId, service.code), catalogueTag(service.enteId)],
  /** A service added, switched on or off: also the number of services on the provincial home. */
  serviceListed: (service: ServiceRef) => [serviceTag(service.enteId, service.code), catalogueTag(service.enteId), ENTI_TAG],
  catalogueReordered: (enteId: string) => [catalogueTag(enteId)],
  /** Profile, logo, state, partner: the Ente's pages, its members' homes (they name it) and the provincial home. */
  enteChanged: (enteId: string) => [enteTag(enteId), ENTI_TAG],
  providerChanged: () => [PROVIDER_TAG],
  /** The conservatore or the Allegato 5 settings: the Ente's manuale di conservazione. */
  conservazioneChanged: (enteId: string) => [conservazioneTag(enteId)],
  everything: () => [ALL_PAGES_TAG],
} satisfies Record<string, (...args: never[]) => string[]>;
