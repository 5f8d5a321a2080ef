import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/*
 * Whether the Redis of REDIS_URL answers: AUTH when the URL has credentials, then PING, over one short
 * connection. The readiness probe needs nothing more, so it needs no client library (the page cache keeps
 * its own client).
 */

function command(...parts: string[]): string {
  return `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`;
}

/** Resolves when Redis answers PONG within `timeoutMs`; rejects with the reason otherwise. */
export function pingRedis(url: string, timeoutMs: number): Promise<void> {
  const target = new URL(url);
  const port = Number(target.port || 6379);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const password = decodeURIComponent(target.password);
  const username = decodeURIComponent(target.username);
  const commands = [...(password ? [username ? command('AUTH', username, password) : command('AUTH', password)] : []), command('PING')];
  return new Promise((resolve, reject) => {
    const socket: Socket = target.protocol === 'rediss:' ? connectTls({ host, port, servername: host }) : connectTcp({ host, port });
    let received = '';
    const finish = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`nessuna risposta entro ${timeoutMs} ms`)));
    socket.once(target.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write(commands.join('')));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const replies = received.split('\r\n').slice(0, -1);
      const refused = replies.find((r) => r.startsWith('-'));
      if (refused) finish(new Error(refused.slice(1, 200)));
      else if (replies.length >= commands.length) finish(replies.at(-1) === '+PONG' ? undefined : new Error('risposta inattesa'));
    });
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new Error('connessione chiusa')));
  });
}
