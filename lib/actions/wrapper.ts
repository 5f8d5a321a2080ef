import '@/lib/validation/italian';
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { getDb, type Database } from '@/db';
import type { Ente } from '@/db/schema';
import { NO_ACCOUNT, decideCitAccess, decideEnteAccess, recordRefusal, type EnteStaff } from '@/lib/auth/access';
import { currentSession } from '@/lib/auth/auth';
import type { PortalSession } from '@/lib/auth/session';
import type { EnteRole, PlatformRole, StaffIdentity } from '@/lib/auth/users';
import { readConfig } from '@/lib/config';
import { findBackOfficeEnteBySlug } from '@/lib/enti/queries';
import { clientAddress } from '@/lib/http/client-address';
import { REQUEST_ID_HEADER } from '@/lib/http/request-id';
import type { Locale } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request-locale';
import { translate } from '@/lib/i18n/translate';
import { requestLog, withRequestId } from '@/lib/logger';
import { servesCitizens } from '@/lib/onboarding/state';
import { parseHost } from '@/lib/tenancy/host';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { ActionError, type ActionResult } from './result';

/**
 * The site a request is for, from its Host header alone: the client never names its Ente. An Ente in any
 * state but ceased, for its back office; the citizens' actions also require it to serve them.
 */
export type Site = { kind: 'ente'; ente: Ente } | { kind: 'provincia' };

export interface ActionContext {
  db: Database;
  site: Site;
  clientAddress: string;
  /** The language of the page the action was called from: the citizens' messages follow it. */
  locale: Locale;
}

export interface EnteActionContext extends ActionContext {
  ente: Ente;
}

export interface StaffActionContext extends EnteActionContext {
  staff: EnteStaff;
}

export interface CitActionContext extends ActionContext {
  staff: StaffIdentity & { role: PlatformRole };
}

/** A signed-in citizen (or staff member) acting on their own behalf, identified by fiscal code. */
export interface SignedInActionContext extends EnteActionContext {
  session: PortalSession & { fiscalCode: string };
}

type Handler<S extends z.ZodType, C, T> = (input: z.output<S>, ctx: C) => Promise<T>;
type Action<S extends z.ZodType, T> = (input: z.input<S>) => Promise<ActionResult<T>>;

/** Which wrapper made an action: public (site, citizen, signedIn) or role-checked (staff, cit). */
export type ActionKind = 'site' | 'citizen' | 'signedIn' | 'staff' | 'cit';

// Every function the wrappers return, with its kind and name: a test checks that each export of a
// 'use server' module is one of them, so no action can skip the wrapper unnoticed.
const WRAPPED = new WeakMap<object, { kind: ActionKind; name: string }>();

/** The wrapper that made `fn`, or undefined when it was not made by one. */
export function wrappedActionOf(fn: unknown): { kind: ActionKind; name: string } | undefined {
  return typeof fn === 'function' ? WRAPPED.get(fn) : undefined;
}

const SESSION_EXPIRED = 'La sessione è scaduta: accedi di nuovo.';
const NOT_ALLOWED = 'Non hai i permessi per questa operazione.';

async function resolveSite(db: Database): Promise<Site | undefined> {
  const target = parseHost((await headers()).get('host'), readConfig().PORTAL_BASE_DOMAIN);
  if (target.kind === 'provincia') return { kind: 'provincia' };
  if (target.kind !== 'ente') return undefined;
  const ente = await findBackOfficeEnteBySlug(db, target.slug);
  return ente ? { kind: 'ente', ente } : undefined;
}

/**
 * The one way into a server action: resolve the site from the Host, parse the argument with zod, check
 * the role, run the use case, and map every outcome to an ActionResult. Unexpected errors are logged
 * with their stack and reach the person as a generic Italian message.
 */
function defineAction<S extends z.ZodType, C, T>(
  kind: ActionKind,
  name: string,
  schema: S,
  authorize: (ctx: ActionContext) => Promise<C | string>,
  handler: Handler<S, C, T>,
): Action<S, T> {
  const run: Action<S, T> = async (input) => {
    const requestHeaders = await headers();
    const locale = requestLocale(requestHeaders);
    const t = translate(locale, 'Actions');
    try {
      const db = await getDb();
      const site = await resolveSite(db);
      if (!site) return { ok: false, error: t('notHere') };
      // The role first: someone refused learns nothing about what the action expects.
      const ctx = await authorize({ db, site, clientAddress: clientAddress(requestHeaders, readConfig().TRUSTED_PROXY_HOPS), locale });
      if (typeof ctx === 'string') return { ok: false, error: ctx };
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { ok: false, error: t('invalid'), fieldErrors: fieldErrorsOf(parsed.error) };
      return { ok: true, data: await handler(parsed.data, ctx) };
    } catch (error) {
      unstable_rethrow(error);
      if (error instanceof ActionError) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
      requestLog().error({ err: error, action: name }, 'azione non riuscita');
      return { ok: false, error: t('unexpected') };
    }
  };
  // Whatever the use case logs carries the id the middleware gave the request.
  const action: Action<S, T> = async (input) => withRequestId((await headers()).get(REQUEST_ID_HEADER), () => run(input));
  WRAPPED.set(action, { kind, name });
  return action;
}

/** Anyone on an Ente's portal (citizens). */
export function citizenAction<S extends z.ZodType, T>(name: string, schema: S, handler: Handler<S, EnteActionContext, T>): Action<S, T> {
  return defineAction(
    'citizen',
    name,
    schema,
    async (ctx) =>
      ctx.site.kind === 'ente' && servesCitizens(ctx.site.ente)
        ? { ...ctx, ente: ctx.site.ente }
        : translate(ctx.locale, 'Actions')('notHere'),
    handler,
  );
}

/** The roles each staff and CIT action requires, by name: the authorization matrix test reads it. */
export const ACTION_POLICIES = new Map<
  string,
  { scope: 'ente'; roles: readonly EnteRole[] } | { scope: 'cit'; roles: readonly PlatformRole[] }
>();

/** Signed-in staff of the Ente of the Host holding one of `roles`. Refusals are audited. */
export function staffAction<S extends z.ZodType, T>(
  name: string,
  roles: readonly EnteRole[],
  schema: S,
  handler: Handler<S, StaffActionContext, T>,
): Action<S, T> {
  ACTION_POLICIES.set(name, { scope: 'ente', roles });
  return defineAction(
    'staff',
    name,
    schema,
    async (ctx) => {
      if (ctx.site.kind !== 'ente') return translate(ctx.locale, 'Actions')('notHere');
      const session = await currentSession();
      const decision = await decideEnteAccess(ctx.db, session && (session.userId ?? NO_ACCOUNT), ctx.site.ente.id, roles);
      if (decision.kind === 'login') return SESSION_EXPIRED;
      if (decision.kind === 'forbidden') {
        await recordRefusal(ctx.db, { enteId: ctx.site.ente.id, ...refusalOf(session, name, roles, ctx) });
        return NOT_ALLOWED;
      }
      return { ...ctx, ente: ctx.site.ente, staff: decision.staff };
    },
    handler,
  );
}

/** Signed-in CIT staff holding one of `roles`, on the provincial host. Refusals are audited. */
export function citAction<S extends z.ZodType, T>(
  name: string,
  roles: readonly PlatformRole[],
  schema: S,
  handler: Handler<S, CitActionContext, T>,
): Action<S, T> {
  ACTION_POLICIES.set(name, { scope: 'cit', roles });
  return defineAction(
    'cit',
    name,
    schema,
    async (ctx) => {
      if (ctx.site.kind !== 'provincia') return translate(ctx.locale, 'Actions')('notHere');
      const session = await currentSession();
      const decision = await decideCitAccess(ctx.db, session && (session.userId ?? NO_ACCOUNT), roles);
      if (decision.kind === 'login') return SESSION_EXPIRED;
      if (decision.kind === 'forbidden') {
        await recordRefusal(ctx.db, { enteId: null, ...refusalOf(session, name, roles, ctx) });
        return NOT_ALLOWED;
      }
      return { ...ctx, staff: decision.staff };
    },
    handler,
  );
}

/** A person signed in with SPID, CIE or the regional provider, on an Ente's portal. */
export function signedInAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  handler: Handler<S, SignedInActionContext, T>,
): Action<S, T> {
  return defineAction(
    'signedIn',
    name,
    schema,
    async (ctx) => {
      if (ctx.site.kind !== 'ente' || !servesCitizens(ctx.site.ente)) return translate(ctx.locale, 'Actions')('notHere');
      const session = await currentSession();
      if (!session?.fiscalCode) return SESSION_EXPIRED;
      return { ...ctx, ente: ctx.site.ente, session: { ...session, fiscalCode: session.fiscalCode } };
    },
    handler,
  );
}

function refusalOf(session: PortalSession | undefined, name: string, required: readonly string[], ctx: ActionContext) {
  return { userId: session?.userId, fiscalCode: session?.fiscalCode, what: `azione ${name}`, required, address: ctx.clientAddress };
}

/** Any site, no role (the staff login, on an Ente's host or on the provincial one). */
export function siteAction<S extends z.ZodType, T>(name: string, schema: S, handler: Handler<S, ActionContext, T>): Action<S, T> {
  return defineAction('site', name, schema, async (ctx) => ctx, handler);
}

/** What a form action answers: the action's result and, when refused, the fields as typed. */
export type FormState<T> = ActionResult<T> & { values?: Record<string, string> };

/**
 * siteAction for a public form that must work without JavaScript: the signature useActionState gives a
 * server action (previous state, FormData), so the browser can post the form natively and get the page
 * back with the outcome. A refusal carries the typed text fields, for the page to show them again.
 */
export function siteFormAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  handler: Handler<S, ActionContext, T>,
): (previous: FormState<T> | undefined, form: FormData) => Promise<FormState<T>> {
  const action = siteAction(name, schema, handler);
  const formAction = async (_previous: FormState<T> | undefined, form: FormData): Promise<FormState<T>> => {
    // Anything but a form (a forged call) is an empty one: the schema then says what is missing, never a 500.
    const entries = form instanceof FormData ? [...form.entries()] : [];
    const values = Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string'));
    const result = await action(values as z.input<S>);
    return result.ok ? result : { ...result, values };
  };
  WRAPPED.set(formAction, { kind: 'site', name });
  return formAction;
}
