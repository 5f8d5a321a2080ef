import { z } from 'zod';
import { externalIdSchema, externalPositionSchema } from '@/lib/positions/external-schema';
import { API_BODY_LIMIT_BYTES, API_RATE_LIMIT } from './http';
import { API_SCOPES } from './scopes';
import {
  positionResourceSchema,
  preservationExportParamsSchema,
  problemSchema,
  receiptPageSchema,
  receiptPdfParamsSchema,
  receiptQuerySchema,
} from './schemas';

/*
 * openapi.json, generated from the zod schemas that validate the requests and type the answers: the
 * document cannot describe a field the API does not check, or miss one it does.
 */

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const PROBLEM = { 'application/problem+json': { schema: ref('Problem') } };
const PDF = { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } };
const ZIP = { 'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } } };

function problemResponse(description: string) {
  return { description, content: PROBLEM };
}

/** Refusals that any authenticated operation may give. */
const COMMON_ERRORS = {
  '401': {
    ...problemResponse('Chiave mancante, non valida, revocata o di un altro Ente'),
    headers: { 'WWW-Authenticate': { schema: { type: 'string' } } },
  },
  '403': problemResponse('La chiave non ha l’ambito che l’operazione richiede (in security)'),
  '429': {
    ...problemResponse(`Più di ${API_RATE_LIMIT.limit} richieste in ${API_RATE_LIMIT.windowSeconds} secondi con la stessa chiave`),
    headers: { 'Retry-After': { description: 'Secondi da attendere', schema: { type: 'integer' } } },
  },
};

const externalIdParameter = {
  name: 'externalId',
  in: 'path',
  required: true,
  description: "Identificativo della posizione nel sistema dell'Ente",
  schema: schemaOf(externalIdSchema, 'input'),
};

function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const json = schemaOf(schema, 'input') as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    description: property.description,
    schema: property,
  }));
}

const positionAnswer = (description: string) => ({ description, content: { 'application/json': { schema: ref('Position') } } });

export function buildOpenApiDocument(serverUrl: string): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: "API per i sistemi dell'Ente",
      version: '1.0.0',
      description:
        "Posizioni debitorie identificate dall'id esterno dell'Ente e ricevute di pagamento. Importi in centesimi di euro, date AAAA-MM-GG, istanti ISO 8601. Errori RFC 9457 (application/problem+json).",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    paths: {
      '/positions/{externalId}': {
        parameters: [externalIdParameter],
        get: {
          operationId: 'getPosition',
          security: [{ bearerAuth: ['positions'] }],
          summary: 'Legge una posizione',
          responses: {
            '200': positionAnswer('La posizione'),
            '400': problemResponse('Identificativo non valido'),
            '404': problemResponse('Posizione sconosciuta'),
            ...COMMON_ERRORS,
          },
        },
        put: {
          operationId: 'putPosition',
          security: [{ bearerAuth: ['positions'] }],
          summary: 'Crea o aggiorna una posizione (idempotente); importo 0 la annulla',
          requestBody: { required: true, content: { 'application/json': { schema: ref('PositionInput') } } },
          responses: {
            '200': positionAnswer('Aggiornata, invariata o annullata'),
            '201': positionAnswer('Creata'),
            '400': problemResponse('Dati non validi: i campi in errors'),
            '404': problemResponse('Importo 0 per una posizione sconosciuta'),
            '409': problemResponse('La posizione è pagata o annullata, o è un piano rateale (non si modifica), e non può cambiare'),
            '413': problemResponse(`Corpo oltre ${API_BODY_LIMIT_BYTES} byte`),
            '415': problemResponse('Il corpo non è application/json'),
            ...COMMON_ERRORS,
          },
        },
        delete: {
          operationId: 'cancelPosition',
          security: [{ bearerAuth: ['positions'] }],
          summary: 'Annulla una posizione ancora pagabile (idempotente)',
          responses: {
            '200': positionAnswer('Annullata'),
            '400': problemResponse('Identificativo non valido'),
            '404': problemResponse('Posizione sconosciuta'),
            '409': problemResponse('La posizione è già pagata'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/positions/{externalId}/avviso.pdf': {
        parameters: [externalIdParameter],
        get: {
          operationId: 'getNoticePdf',
          security: [{ bearerAuth: ['positions'] }],
          summary: "Il PDF dell'avviso di pagamento",
          responses: {
            '200': { description: "L'avviso", content: PDF },
            '400': problemResponse('Identificativo non valido'),
            '404': problemResponse('Posizione sconosciuta'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/receipts': {
        get: {
          operationId: 'listReceipts',
          security: [{ bearerAuth: ['receipts'] }],
          summary: 'Le ricevute in ordine di registrazione, a pagine (cursore)',
          parameters: queryParameters(receiptQuerySchema),
          responses: {
            '200': { description: 'Una pagina di ricevute', content: { 'application/json': { schema: ref('ReceiptPage') } } },
            '400': problemResponse('Parametri non validi'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/receipts/{id}/ricevuta.pdf': {
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: "Il campo id di una ricevuta dell'elenco",
            schema: schemaOf(receiptPdfParamsSchema.shape.id, 'input'),
          },
        ],
        get: {
          operationId: 'getReceiptPdf',
          security: [{ bearerAuth: ['receipts'] }],
          summary: 'Il PDF della ricevuta',
          responses: {
            '200': { description: 'La ricevuta', content: PDF },
            '400': problemResponse('Identificativo non valido'),
            '404': problemResponse('Ricevuta sconosciuta'),
            ...COMMON_ERRORS,
          },
        },
      },
      '/preservation/exports/{day}': {
        parameters: [
          {
            name: 'day',
            in: 'path',
            required: true,
            description: 'Il giorno (ora italiana) in cui le ricevute sono state registrate',
            schema: schemaOf(preservationExportParamsSchema.shape.day, 'input'),
          },
        ],
        get: {
          operationId: 'getPreservationExport',
          security: [{ bearerAuth: ['preservation'] }],
          summary: 'Il pacchetto UNI SInCRO del giorno (ZIP), per il conservatore dell’Ente',
          description:
            'Le ricevute registrate quel giorno, con PDF e metadati (Allegato 5) e l’indice PIndex.xml con lo SHA-256 di ogni file. Lo SHA-256 dello ZIP, registrato quando è stato creato, è nell’intestazione Repr-Digest.',
          responses: {
            '200': {
              description: 'Il pacchetto',
              headers: { 'Repr-Digest': { description: 'sha-256=:<SHA-256 in base64>: (RFC 9530)', schema: { type: 'string' } } },
              content: ZIP,
            },
            '400': problemResponse('Giorno non valido'),
            '404': problemResponse('Nessun pacchetto per quel giorno'),
            ...COMMON_ERRORS,
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: `Chiave API dell'Ente, creata nelle impostazioni del back office con uno o più ambiti: ${API_SCOPES.join(', ')}. Ogni operazione dice in security l'ambito che richiede.`,
        },
      },
      schemas: {
        PositionInput: schemaOf(externalPositionSchema, 'input'),
        Position: schemaOf(positionResourceSchema, 'output'),
        ReceiptPage: schemaOf(receiptPageSchema, 'output'),
        Problem: schemaOf(problemSchema, 'output'),
      },
    },
  };
}
