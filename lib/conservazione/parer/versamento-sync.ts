import { partnerHttp } from '@/lib/partners/http';
import { PartnerUnavailableError } from '@/lib/partners/types';
import type { Conservatore, VersamentoOutcome, VersamentoPackage } from '../conservatore';
import { multipartBody } from './multipart';
import { parseEsitoVersamento } from './response-parser';
import type { ParerSecrets, ParerSettings } from './settings';
import { buildSip, SACER_VERSIONE } from './sip-builder';

/*
 * ParER's SacER as a Conservatore: one synchronous `POST {host}/sacerws/VersamentoSync` per receipt
 * (reference conservazione.md §4). The password travels only in its multipart field: it is never logged,
 * and no error message built here contains it (partnerHttp's messages name method, origin and path only).
 */

export const VERSAMENTO_SYNC_PATH = '/sacerws/VersamentoSync';

/** An answer bigger than this is no EsitoVersamento (it carries the SIP back, so it is a few tens of KB). */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export function createParerConservatore(settings: ParerSettings, secrets: ParerSecrets): Conservatore {
  const url = `${settings.url}${VERSAMENTO_SYNC_PATH}`;
  return {
    async send(pkg: VersamentoPackage, signal?: AbortSignal): Promise<VersamentoOutcome> {
      if (!pkg.key.registro) {
        return {
          kind: 'rejected',
          code: 'REGISTRO-NON-CONFIGURATO',
          message: 'Nessun registro configurato per le ricevute: SacER archivia ogni unità documentaria in un registro',
          retryable: false,
          cause: 'configuration',
        };
      }
      const { body, contentType } = multipartBody([
        { kind: 'field', name: 'VERSIONE', value: SACER_VERSIONE },
        { kind: 'field', name: 'LOGINNAME', value: settings.userId },
        { kind: 'field', name: 'PASSWORD', value: secrets.password },
        { kind: 'field', name: 'XMLSIP', value: buildSip(pkg, settings, pkg.key.registro) },
        ...[pkg.principale, pkg.allegato].map((c) => ({
          kind: 'file' as const,
          name: c.id,
          fileName: c.fileName,
          contentType: c.mimeType,
          bytes: c.bytes,
        })),
      ]);
      const deadline = AbortSignal.timeout(settings.timeoutMs);
      try {
        const response = await partnerHttp({
          method: 'POST',
          url,
          headers: { 'content-type': contentType, accept: 'application/xml' },
          body,
          // The deadline below bounds the whole call; the socket's idle timeout only backs it up.
          timeoutMs: settings.timeoutMs + 1_000,
          maxResponseBytes: MAX_RESPONSE_BYTES,
          signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
        });
        // SacER always answers 200 with an EsitoVersamento; anything else came from something in between.
        if (response.status !== 200) return failed(`SacER ha risposto HTTP ${response.status}`);
        return parseEsitoVersamento(response.text());
      } catch (error) {
        if (!(error instanceof PartnerUnavailableError)) throw error;
        if (deadline.aborted) return failed(`Nessuna risposta da SacER entro ${settings.timeoutMs} ms`);
        if (signal?.aborted) return failed('Invio a SacER interrotto');
        return failed(`SacER non raggiungibile: ${error.message}`);
      }
    },
  };
}

const failed = (message: string): VersamentoOutcome => ({ kind: 'failed', code: null, message, retryable: true });
