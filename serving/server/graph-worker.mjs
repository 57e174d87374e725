// The worker thread that owns TensorFlow.js: loads SavedModels and runs their signatures, one message at a
// time. Graph execution is synchronous CPU work; keeping it off the main thread keeps the HTTP side
// responsive (status calls, accepting and reading requests, batching them) while a batch runs.

import { parentPort } from 'node:worker_threads';
import { runWarmup } from './warmup.mjs';

const servables = new Map(); // id -> SavedModel (serving/lib/saved-model.mjs)

// TensorFlow.js warns on every executeAsync of a graph without control flow (the phased wasm execution uses
// it); that is expected here and would otherwise flood the server log once per request.
const warn = console.warn.bind(console);
console.warn = (...args) => {
  if (typeof args[0] === 'string' && args[0].includes('did not contain any nodes with control flow')) return;
  warn(...args);
};
let loadSavedModel;

function loaded(id) {
  const servable = servables.get(id);
  if (servable === undefined) throw new Error(`servable ${id} is not loaded`);
  return servable;
}

async function handle(message) {
  switch (message.type) {
    case 'load': {
      loadSavedModel ??= (await import('../lib/saved-model.mjs')).loadSavedModel;
      const servable = await loadSavedModel(message.dir, { backend: message.backend });
      servables.set(message.id, servable);
      return { signatureDefs: servable.signatureDefs };
    }
    case 'warmup':
      return runWarmup(message.dir, loaded(message.id));
    case 'run':
      return loaded(message.id).run(message.signatureKey, message.inputs);
    case 'dispose': {
      servables.get(message.id)?.dispose();
      servables.delete(message.id);
      return null;
    }
    default:
      throw new Error(`unknown message ${message.type}`);
  }
}

let chain = Promise.resolve();
parentPort.on('message', (message) => {
  chain = chain.then(async () => {
    try {
      parentPort.postMessage({ seq: message.seq, ok: true, result: await handle(message) });
    } catch (error) {
      parentPort.postMessage({ seq: message.seq, ok: false, error: { message: String(error?.message ?? error), code: error?.code } });
    }
  });
});
