import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Server as TlsServer } from 'node:tls';

/*
 * What every partner mock shares: a loopback server on port 0, switchable faults (the next answers as
 * 5xx, a delay before each answer) and a log of the requests it got. No jest imports: the browser e2e
 * runner starts these mocks too.
 */

export interface MockRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface MockControls {
  /** The next `times` requests answer `status` (e.g. 500, 503) with a problem body. */
  failNext(status: number, times?: number): void;
  /** Wait this long before answering each request (a slow partner, or longer than the client's timeout). */
  delayMs: number;
  requests: MockRequest[];
}

export type MockHandler = (req: MockRequest, res: ServerResponse) => Promise<void> | void;

/**
 * Listens on 127.0.0.1, port 0. close() drops kept-alive connections first, so that a test run ends
 * without waiting for them.
 */
export async function listenOnLoopback(server: Server | HttpsServer): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const scheme = server instanceof TlsServer ? 'https' : 'http';
  return {
    url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Now as Italian wall time without offset (2027-01-31T09:05:00), the way real receipts write it. */
export function romeNow(): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Rome',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(JSON.stringify(body));
}

export function sendProblem(res: ServerResponse, status: number, title: string, detail: string): void {
  sendJson(res, status, { title, status, detail }, 'application/problem+json');
}

const MAX_BODY = 2 * 1024 * 1024;

export async function startHttpMock(handler: MockHandler): Promise<{ url: string; controls: MockControls; close(): Promise<void> }> {
  const failures: number[] = [];
  const controls: MockControls = {
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    delayMs: 0,
    requests: [],
  };
  const server: Server = createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    incoming.on('end', () => {
      void (async () => {
        const req: MockRequest = {
          method: incoming.method ?? 'GET',
          path: incoming.url ?? '/',
          headers: incoming.headers,
          body: Buffer.concat(chunks),
        };
        controls.requests.push(req);
        if (controls.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, controls.delayMs));
        if (res.destroyed) return;
        if (size > MAX_BODY) return sendProblem(res, 413, 'Payload Too Large', 'Corpo troppo grande');
        const failure = failures.shift();
        if (failure !== undefined) return sendProblem(res, failure, 'Internal Server Error', 'Guasto simulato dal mock');
        try {
          await handler(req, res);
        } catch (error) {
          if (!res.headersSent) sendProblem(res, 500, 'Internal Server Error', error instanceof Error ? error.message : String(error));
          else res.end();
        }
      })();
    });
  });
  return { ...(await listenOnLoopback(server)), controls };
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
