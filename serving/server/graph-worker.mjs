// The worker thread that owns TensorFlow.js: loads SavedModels and runs their signatures, one message at a
// time. Graph execution is synchronous CPU work; keeping it off the main thread keeps the HTTP side
// responsive (status calls, accepting and reading requests, batching them) while a batch runs. Loading and
// warming up a version twice does it once (calls handed over from a terminated worker may repeat them).

import { runWarmup } from './warmup.mjs';
import { serveCalls } from './worker-calls.mjs';

const servables = new Map(); // id -> SavedModel (serving/lib/saved-model.mjs)
const warmups = new Map(); // id -> the warmup's promise of its record count

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
      if (!servables.has(message.id)) {
        loadSavedModel ??= (await import('../lib/saved-model.mjs')).loadSavedModel;
        servables.set(message.id, await loadSavedModel(message.dir, { backend: message.backend }));
      }
      return { signatureDefs: servables.get(message.id).signatureDefs };
    }
    case 'warmup':
      if (!warmups.has(message.id)) warmups.set(message.id, runWarmup(message.dir, loaded(message.id)));
      return warmups.get(message.id);
    case 'run':
      return loaded(message.id).run(message.signatureKey, message.inputs);
    case 'dispose': {
      servables.get(message.id)?.dispose();
      servables.delete(message.id);
      warmups.delete(message.id);
      return null;
    }
    default:
      throw new Error(`unknown message ${message.type}`);
  }
}

serveCalls(handle);
