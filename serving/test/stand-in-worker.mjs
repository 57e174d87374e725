// A stand-in for graph-worker.mjs in GraphRunner's unit tests: the same message protocol, no TensorFlow.js.
// Signature "spin" computes forever (a synchronous loop, as a long graph run is); "exit" ends the thread; any other
// signature answers which thread ran it; "wait" takes 200 ms, without blocking the thread. Each load, warmup and run
// is counted (see "counts"); a warmup of "/slow" takes half a second.

import { threadId } from 'node:worker_threads';
import { serveCalls } from '../server/worker-calls.mjs';

const loaded = new Set();
const counts = { load: 0, warmup: 0, run: 0 };

function handle(message) {
  switch (message.type) {
    case 'load':
      counts.load++;
      loaded.add(message.id);
      return { signatureDefs: {} };
    case 'warmup':
      if (message.dir === '/slow') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500); // half a second
      else counts.warmup++;
      return 0;
    case 'dispose':
      loaded.delete(message.id);
      return null;
    case 'run':
      if (!loaded.has(message.id)) throw new Error(`servable ${message.id} is not loaded`);
      if (message.signatureKey === 'counts') return counts;
      counts.run++;
      if (message.signatureKey === 'wait') return new Promise((resolve) => setTimeout(() => resolve({ threadId }), 200));
      if (message.signatureKey === 'spin') for (;;);
      if (message.signatureKey === 'exit') process.exit(3);
      return { threadId, inputs: message.inputs };
    default:
      throw new Error(`unknown message ${message.type}`);
  }
}

serveCalls(handle);
