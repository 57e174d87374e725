// Main-thread side of graph-worker.mjs: the model manager's loader, whose servables run in worker threads.
// Every worker loads (and warms up) every version; a run goes to the worker with the fewest calls pending, so
// N workers execute up to N graphs at once (one per core).
//
// A run can be aborted (its request's deadline passed): its worker is terminated at once, whatever it computes.
// One spare worker, loaded and warmed up like the others but never given runs, takes its place at once (the
// calls that were queued on the terminated worker move to it), and a new spare loads the versions in the
// background. So a cancelled run costs the next request nothing but the new spare's loading. While the new spare
// still loads, a second aborted run is left to finish unused instead (one slice, see scheduling.mjs): putting a
// worker that is still loading in charge would make every request wait for it.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerChannel } from './worker-channel.mjs';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'graph-worker.mjs');

export class GraphRunner {
  /**
   * @param {{ workers?: number, backend?: 'wasm'|'cpu', onFatal?: (error: Error) => void, script?: string,
   *           log?: (line: string) => void }} options
   *   backend is TensorFlow.js's (wasm runs the numeric ops, cpu the string ops); onFatal is called when a
   *   worker dies on its own; script is the worker module (tests give a stand-in)
   */
  constructor({ workers = 1, backend = 'wasm', onFatal = () => {}, script = WORKER, log = () => {} } = {}) {
    this.size = workers;
    this.backend = backend;
    this.onFatal = onFatal;
    this.script = script;
    this.log = log;
    this.closing = false;
    this.active = null; // the workers that get runs
    this.spare = null;
    this.ids = 0;
    this.versions = new Map(); // id -> version folder, from the load call until dispose
    this.replacements = 0;
    this.unusedRuns = 0;
  }

  newChannel() {
    return new WorkerChannel({
      script: this.script,
      onDeath: (error) => {
        if (!this.closing) this.onFatal(error);
      },
    });
  }

  /** The workers that get runs (started on first use, with the spare). */
  get workers() {
    if (this.active === null) {
      this.active = Array.from({ length: this.size }, () => this.newChannel());
      this.spare = this.newChannel();
    }
    return this.active;
  }

  /** Every worker, the spare included: each holds every version. */
  get everyWorker() {
    return [...this.workers, this.spare];
  }

  leastBusy() {
    return this.workers.reduce((best, c) => (c.pending.size < best.pending.size ? c : best));
  }

  /** Runs on the least busy worker; an abort of `signal` replaces that worker (see replace()). */
  run(id, signatureKey, inputs, signal) {
    return this.leastBusy().call({ type: 'run', id, signatureKey, inputs }, signal, (busy) => this.replace(busy));
  }

  /** The spare takes over from `busy` (with its queued calls), `busy` is terminated, a new spare loads. */
  replace(busy) {
    const index = this.active?.indexOf(busy) ?? -1;
    if (this.closing || index < 0) return;
    if (this.spare.warming) {
      this.unusedRuns++;
      this.log('A run was aborted (deadline passed) while the spare graph worker still loads: the run finishes unused if it has started, else it is skipped');
      return;
    }
    this.log('A run was aborted (deadline passed): its graph worker is terminated, the spare takes over, a new spare loads');
    this.active[index] = this.spare;
    busy.handOver(this.spare);
    busy.terminate();
    this.spare = this.newChannel();
    for (const [id, dir] of this.versions) {
      this.spare.call({ type: 'load', id, dir, backend: this.backend }).catch(() => {});
      this.spare.call({ type: 'warmup', id, dir }).catch(() => {});
    }
    this.replacements++;
  }

  /** A servable for ModelManager: { signatureDefs, run(), warmup(), dispose() }, loaded in every worker. */
  load = async (versionDir) => {
    const id = ++this.ids;
    this.versions.set(id, versionDir);
    const loaded = await Promise.allSettled(this.everyWorker.map((c) => c.call({ type: 'load', id, dir: versionDir, backend: this.backend })));
    const failed = loaded.find((r) => r.status === 'rejected');
    if (failed) {
      this.versions.delete(id);
      await Promise.allSettled(this.everyWorker.map((c) => c.call({ type: 'dispose', id })));
      throw failed.reason;
    }
    return {
      signatureDefs: loaded[0].value.signatureDefs,
      run: (signatureKey, inputs, signal) => this.run(id, signatureKey, inputs, signal),
      // Every worker replays the warmup records, so whichever runs the first request is warm.
      warmup: async () => (await Promise.all(this.everyWorker.map((c) => c.call({ type: 'warmup', id, dir: versionDir }))))[0],
      dispose: () => {
        this.versions.delete(id);
        return Promise.all(this.everyWorker.map((c) => c.call({ type: 'dispose', id })));
      },
    };
  };

  /** Terminates every worker at once, whatever they are computing. */
  async close() {
    this.closing = true;
    await Promise.all((this.active === null ? [] : this.everyWorker).map((c) => c.terminate()));
    this.active = null;
    this.spare = null;
  }
}
