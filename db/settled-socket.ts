import net from 'node:net';

/**
 * A socket for postgres-js (its `socket` option) that works around a driver bug (porsager/postgres
 * #1154, #1208, still in 3.4.9): when the server closes a connection in the middle of a transaction
 * (a restart), the driver nulls its socket on 'close' and only then rejects the query; the transaction
 * then sends ROLLBACK on that connection from a setImmediate, which throws an uncaught TypeError
 * ("Cannot read properties of null (reading 'write')") and leaves the connection unable to flush its
 * next startup message until connect_timeout (30 s).
 *
 * Two changes make the driver settle first and forget the socket last: the server's end of the
 * connection is reported as an error (so pending queries are rejected while the socket still exists,
 * and the ROLLBACK write fails as a socket error), and 'close' is delivered only after the writes
 * already on their way have run. Remove when the driver guards `nextWrite`.
 */
/** Long enough for any write already on its way; a closed connection is only reported that much later. */
const CLOSE_DELAY_MS = 100;

class SettledSocket extends net.Socket {
  /** Read by the driver (TLS server name, error messages), as on the sockets it creates itself. */
  host?: string;
  port?: number;

  constructor() {
    super();
    this.once('end', () => {
      this.emit('error', Object.assign(new Error('connessione chiusa dal server PostgreSQL'), { code: 'ECONNRESET' }));
    });
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'close') return super.emit(event, ...args);
    // After the writes already scheduled: the driver schedules its buffered write with setImmediate from a
    // microtask, but the ROLLBACK that follows a rejected query can come a few turns later (two turns were
    // not always enough under load). A write in between fails as a socket error, which the driver handles.
    setTimeout(() => super.emit('close', ...args), CLOSE_DELAY_MS);
    return true;
  }
}

interface DriverOptions {
  host: string[];
  port: number[];
  path?: string;
}

/**
 * The `socket` option of postgres(): the driver writes to it at once; Node buffers until connected.
 * With TLS the driver wraps it in a TLS socket of its own, whose 'close' is not deferred: there the
 * driver bug remains, until the driver is fixed.
 */
export function settledSocket(options: DriverOptions): net.Socket {
  const socket = new SettledSocket();
  if (options.path) {
    socket.connect(options.path);
    return socket;
  }
  socket.host = options.host[0] ?? 'localhost';
  socket.port = options.port[0] ?? 5432;
  socket.connect(socket.port, socket.host);
  return socket;
}
