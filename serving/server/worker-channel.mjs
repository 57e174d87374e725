// One graph worker thread and the calls pending on it (request/reply by sequence number). A call can be aborted
// while the worker computes it: the call rejects with CANCELLED at once and its owner is told, so that it can
// hand the other pending calls to another worker and terminate this one mid-computation.

import { Worker } from 'node:worker_threads';

const cancelled = () => Object.assign(new Error('The run was cancelled'), { code: 'CANCELLED' });

export class WorkerChannel {
  /**
   * @param {{ script: string, onDeath: (error: Error) => void }} options onDeath is called when the worker dies
   *   on its own (not when terminate() stops it)
   */
  constructor({ script, onDeath }) {
    this.pending = new Map(); // seq -> call { message, resolve, reject, onAbort, channel, seq }
    this.seq = 0;
    const worker = new Worker(script);
    this.worker = worker;
    worker.on('message', (reply) => this.onReply(reply));
    const die = (error) => {
      if (this.worker !== worker) return; // terminated here
      this.worker = null;
      this.rejectAll(error);
      onDeath(error);
    };
    worker.on('error', die);
    worker.on('exit', (code) => die(new Error(`The TensorFlow.js worker exited (code ${code})`)));
  }

  onReply({ seq, ok, result, error }) {
    const call = this.pending.get(seq);
    if (call === undefined) return; // aborted meanwhile
    this.pending.delete(seq);
    if (ok) call.resolve(result);
    else call.reject(Object.assign(new Error(error.message), { code: error.code }));
  }

  rejectAll(error) {
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
  }

  /**
   * Sends `message` and resolves with the worker's reply. When `signal` aborts first, the call rejects with
   * CANCELLED and `onAbort(channel)` is called with the channel whose worker is still busy with it.
   */
  call(message, signal = null, onAbort = () => {}) {
    return new Promise((resolve, reject) => {
      if (this.worker === null) {
        reject(new Error('The TensorFlow.js worker is not running'));
        return;
      }
      const abort = () => call.channel.cancel(call);
      const settle = (fn) => (value) => {
        signal?.removeEventListener('abort', abort);
        fn(value);
      };
      const call = { message, resolve: settle(resolve), reject: settle(reject), onAbort };
      this.send(call);
      if (signal?.aborted) abort();
      else signal?.addEventListener('abort', abort, { once: true });
    });
  }

  send(call) {
    call.channel = this;
    call.seq = ++this.seq;
    this.pending.set(call.seq, call);
    this.worker.postMessage({ ...call.message, seq: call.seq });
  }

  cancel(call) {
    if (this.pending.get(call.seq) !== call) return;
    this.pending.delete(call.seq);
    this.worker?.postMessage({ type: 'cancel', target: call.seq }); // skipped if it has not started (worker-calls.mjs)
    call.reject(cancelled());
    call.onAbort(this);
  }

  /** Whether the worker still loads or warms up a version. */
  get warming() {
    return [...this.pending.values()].some((c) => c.message.type === 'load' || c.message.type === 'warmup');
  }

  /** Sends the calls still pending here to `other`, whose worker answers them from now on. */
  handOver(other) {
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) other.send(call);
  }

  /** Terminates the worker, whatever it is computing; calls still pending are rejected. */
  async terminate() {
    const worker = this.worker;
    this.worker = null;
    this.rejectAll(new Error('The TensorFlow.js worker was stopped'));
    await worker?.terminate();
  }
}
