// The worker side of worker-channel.mjs: calls are handled one at a time, in the order they arrive, and answered
// by sequence number. A call cancelled before its turn ({ type: 'cancel', target: seq }) is skipped: a slice
// queued behind a long run is not computed when its request has passed its deadline meanwhile.

import { parentPort } from 'node:worker_threads';

/** Serves the calls sent to this worker with `handle(message)` (sync or async; its result is the reply). */
export function serveCalls(handle) {
  const cancelled = new Set();
  let chain = Promise.resolve();
  const reply = (seq, outcome) => parentPort.postMessage({ seq, ...outcome });
  parentPort.on('message', (message) => {
    if (message.type === 'cancel') {
      cancelled.add(message.target);
      return;
    }
    chain = chain.then(async () => {
      if (cancelled.delete(message.seq)) {
        reply(message.seq, { ok: false, error: { message: 'The call was cancelled', code: 'CANCELLED' } });
        return;
      }
      try {
        reply(message.seq, { ok: true, result: await handle(message) });
      } catch (error) {
        reply(message.seq, { ok: false, error: { message: String(error?.message ?? error), code: error?.code } });
      }
      cancelled.delete(message.seq); // cancelled while it ran
    });
  });
}
