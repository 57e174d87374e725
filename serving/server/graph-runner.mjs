// Main-thread side of graph-worker.mjs: a loader with loadSavedModel's interface whose servables run in the
// worker thread. One worker serves every model version; it handles one message at a time.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'graph-worker.mjs');

export class GraphRunner {
  constructor() {
    this.worker = null;
    this.pending = new Map(); // seq -> { resolve, reject }
    this.seq = 0;
    this.ids = 0;
  }

  start() {
    if (this.worker !== null) return;
    this.worker = new Worker(WORKER);
    this.worker.on('message', ({ seq, ok, result, error }) => {
      const call = this.pending.get(seq);
      this.pending.delete(seq);
      if (ok) call.resolve(result);
      else call.reject(Object.assign(new Error(error.message), { code: error.code }));
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`The TensorFlow.js worker exited (code ${code})`)));
  }

  failAll(error) {
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
    this.worker = null;
  }

  call(message) {
    this.start();
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.worker.postMessage({ ...message, seq });
    });
  }

  /** Same contract as loadSavedModel(versionDir): { version, signatureDefs, run(), dispose() }. */
  load = async (versionDir) => {
    const id = ++this.ids;
    const { signatureDefs } = await this.call({ type: 'load', id, dir: versionDir });
    const base = path.basename(versionDir);
    return {
      version: /^\d+$/.test(base) ? Number(base) : null,
      signatureDefs,
      run: (signatureKey, inputs) => this.call({ type: 'run', id, signatureKey, inputs }),
      dispose: () => this.call({ type: 'dispose', id }),
    };
  };

  async close() {
    await this.worker?.terminate();
    this.worker = null;
  }
}
