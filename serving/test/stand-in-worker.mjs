// A stand-in for graph-worker.mjs in GraphRunner's unit tests: the same message protocol, no TensorFlow.js.
// Signature "spin" computes forever (a synchronous loop, as a long graph run is); "exit" ends the thread; any other
// signature answers which thread ran it. Each load and warmup is counted (see "counts"); a warmup of "/slow" takes
// half a second.

import { parentPort, threadId } from 'node:worker_threads';

const loaded = new Set();
const counts = { load: 0, warmup: 0 };

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
      if (message.signatureKey === 'spin') for (;;);
      if (message.signatureKey === 'exit') process.exit(3);
      if (message.signatureKey === 'counts') return counts;
      return { threadId, inputs: message.inputs };
    default:
      throw new Error(`unknown message ${message.type}`);
  }
}

parentPort.on('message', (message) => {
  try {
    parentPort.postMessage({ seq: message.seq, ok: true, result: handle(message) });
  } catch (error) {
    parentPort.postMessage({ seq: message.seq, ok: false, error: { message: error.message } });
  }
});
