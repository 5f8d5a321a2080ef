import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '@/db/client';
import { logger } from '@/lib/logger';
import { setAppendedReceiptsSink } from './appended-metrics';
import type { FromSequencerThread, SequencerThreadData, ToSequencerThread } from './sequencer-thread';
import { kickSequencer, sequencerIdle } from './trigger';

/* The entry of the sequencer's thread (sequencer-thread.ts): the in-process sequencer, on a pool of its own. */

const port = parentPort!;
const { databaseUrl } = workerData as SequencerThreadData;
// Two connections: a batch holds one; the other serves the look-ups between batches.
const opened = openDatabase({ url: databaseUrl, max: 2 });

const reply = (message: FromSequencerThread) => port.postMessage(message);
setAppendedReceiptsSink((receipts) => reply({ type: 'appended', receipts: [...receipts] }));

async function handle(message: ToSequencerThread): Promise<void> {
  const { db, close } = await opened;
  switch (message.type) {
    case 'kick':
      kickSequencer(db, message.enteId);
      return;
    case 'idle':
      await sequencerIdle(db);
      reply({ type: 'idle', id: message.id });
      return;
    case 'stop':
      await sequencerIdle(db);
      await close();
      port.close();
  }
}

// Messages are handled in arrival order: each waits for the same `opened`, then runs in turn.
port.on('message', (message: ToSequencerThread) => {
  handle(message).catch((error: unknown) => {
    // The database could not be opened: the thread ends, the next kick starts another one.
    logger.error({ err: error instanceof Error ? error.message : String(error) }, 'sequencer delle ricevute: thread non avviato');
    process.exit(1);
  });
});
