// Main-thread side of graph-worker.mjs: the model manager's loader, whose servables run in worker threads.
// Every worker loads (and warms up) every version; a run goes to the worker with the fewest calls pending, so
// N workers execute up to N graphs at once (one per core).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'graph-worker.mjs');

class WorkerChannel {
  constructor(onDeath) {
    this.pending = new Map(); // seq -> { resolve, reject }
    this.seq = 0;
    this.worker = new Worker(WORKER);
    this.worker.on('message', ({ seq, ok, result, error }) => {
      const call = this.pending.get(seq);
      this.pending.delete(seq);
      if (ok) call.resolve(result);
      else call.reject(Object.assign(new Error(error.message), { code: error.code }));
    });
    const die = (error) => {
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
      onDeath(error);
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`The TensorFlow.js worker exited (code ${code})`)));
  }

  call(message) {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.worker.postMessage({ ...message, seq });
    });
  }
}

export class GraphRunner {
  /**
   * @param {{ workers?: number, backend?: 'wasm'|'cpu', onFatal?: (error: Error) => void }} options backend is
   *   TensorFlow.js's (wasm runs the numeric ops, cpu the string ops); onFatal is called when a worker dies
   */
  constructor({ workers = 1, backend = 'wasm', onFatal = () => {} } = {}) {
    this.size = workers;
    this.backend = backend;
    this.onFatal = onFatal;
    this.closing = false;
    this.channels = null;
    this.ids = 0;
  }

  get workers() {
    this.channels ??= Array.from({ length: this.size }, () => new WorkerChannel((error) => {
      if (!this.closing) this.onFatal(error);
    }));
    return this.channels;
  }

  leastBusy() {
    return this.workers.reduce((best, c) => (c.pending.size < best.pending.size ? c : best));
  }

  /** A servable for ModelManager: { signatureDefs, run(), warmup(), dispose() }, loaded in every worker. */
  load = async (versionDir) => {
    const id = ++this.ids;
    const loaded = await Promise.allSettled(this.workers.map((c) => c.call({ type: 'load', id, dir: versionDir, backend: this.backend })));
    const failed = loaded.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.allSettled(this.workers.map((c) => c.call({ type: 'dispose', id })));
      throw failed.reason;
    }
    return {
      signatureDefs: loaded[0].value.signatureDefs,
      run: (signatureKey, inputs) => this.leastBusy().call({ type: 'run', id, signatureKey, inputs }),
      // Every worker replays the warmup records, so whichever runs the first request is warm.
      warmup: async () => (await Promise.all(this.workers.map((c) => c.call({ type: 'warmup', id, dir: versionDir }))))[0],
      dispose: () => Promise.all(this.workers.map((c) => c.call({ type: 'dispose', id }))),
    };
  };

  async close() {
    this.closing = true;
    await Promise.all((this.channels ?? []).map((c) => c.worker.terminate()));
    this.channels = null;
  }
}
