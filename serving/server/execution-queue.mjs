// Graph execution runs at most `concurrency` batches at a time (one per TensorFlow.js worker thread): running
// more side by side only interleaves them on the same cores and inflates every latency. Waiting requests
// queue in arrival order; one whose deadline (--rest_api_timeout_in_ms) passes while it waits fails unrun.
// With batching on (--enable_batching, as in TF Serving's BatchingSession), queued requests for the same
// version and signature are merged along dimension 0 into one run of up to max_batch_size rows, and the
// outputs are split back per request.

import { elementCount, sameShape } from '../lib/tf-proto.mjs';
import { ServingError, invalidArgument } from './status.mjs';

/** A request tensor as SavedModel.run takes it: a nested array (strings as text, bytes when not UTF-8). */
export function toRunInput(tensor) {
  const convert = (value) => {
    if (Buffer.isBuffer(value)) {
      const text = value.toString('utf8');
      return Buffer.from(text, 'utf8').equals(value) ? text : new Uint8Array(value);
    }
    return typeof value === 'bigint' ? Number(value) : value;
  };
  const values = tensor.values.map(convert);
  const nest = (dim, offset) => {
    if (dim === tensor.shape.length) return [values[offset], offset + 1];
    const out = [];
    let next = offset;
    for (let i = 0; i < tensor.shape[dim]; i++) {
      const [item, after] = nest(dim + 1, next);
      out.push(item);
      next = after;
    }
    return [out, next];
  };
  return nest(0, 0)[0];
}

/** Rows of a request (its common dim 0), or null when it cannot take part in a batch. */
function batchRows(tensors) {
  let rows = null;
  for (const tensor of tensors.values()) {
    if (tensor.shape.length === 0) return null;
    if (rows !== null && rows !== tensor.shape[0]) return null;
    rows = tensor.shape[0];
  }
  return rows;
}

export class ExecutionQueue {
  /** @param {{ maxQueued?: number, batching?: { maxBatchSize: number, batchTimeoutMicros: number } | null }} options */
  constructor({ maxQueued = 10000, batching = null, concurrency = 1 } = {}) {
    this.maxQueued = maxQueued;
    this.batching = batching;
    this.concurrency = concurrency;
    this.waiting = [];
    this.running = 0;
  }

  /**
   * Runs `signatureKey` of `servable` on request tensors (Map alias -> {dtype, shape, values}); resolves to
   * SavedModel.run's result for this request's rows. Rejects with DEADLINE_EXCEEDED when `deadline` (ms
   * epoch) passes while waiting.
   */
  runSignature(servable, signatureKey, tensors, deadline = Infinity) {
    if (this.waiting.length >= this.maxQueued) {
      return Promise.reject(this.batching
        ? new ServingError('UNAVAILABLE', 'The batch scheduling queue to which this task was submitted is full')
        : new ServingError('RESOURCE_EXHAUSTED', `The local server's queue of ${this.maxQueued} waiting requests is full`));
    }
    const rows = batchRows(tensors);
    if (this.batching !== null && rows !== null && rows > this.batching.maxBatchSize) {
      return Promise.reject(invalidArgument(`Task size ${rows} is larger than maximum input batch size ${this.batching.maxBatchSize}`));
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ servable, signatureKey, tensors, rows, deadline, resolve, reject });
      this.pump();
    });
  }

  /** Takes the next job and, with batching, the queued jobs that can share its run. */
  takeBatch() {
    const first = this.waiting.shift();
    const batch = [first];
    if (this.batching === null || first.rows === null) return batch;
    let rows = first.rows;
    const limit = this.batching.maxExecutionBatchSize ?? this.batching.maxBatchSize;
    for (let i = 0; i < this.waiting.length && rows < limit;) {
      const job = this.waiting[i];
      const fits = job.servable === first.servable && job.signatureKey === first.signatureKey && job.rows !== null
        && rows + job.rows <= limit
        && [...first.tensors].every(([alias, t]) => job.tensors.has(alias) && sameShape(job.tensors.get(alias).shape.slice(1), t.shape.slice(1)));
      if (fits) {
        batch.push(job);
        rows += job.rows;
        this.waiting.splice(i, 1);
      } else {
        i++;
      }
    }
    return batch;
  }

  /** Starts runs while fewer than `concurrency` are in flight (one per graph worker). */
  pump() {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      this.running++;
      this.runNext().finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  async runNext() {
    // TensorFlow.js promises may resolve as microtasks: yield to the event loop so sockets are read (and new
    // requests queued, or batched) before the batch is formed.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.batching?.batchTimeoutMicros > 0 && this.waiting.length < 2) {
      // Give concurrent requests a moment to join the batch.
      await new Promise((resolve) => setTimeout(resolve, this.batching.batchTimeoutMicros / 1000));
    }
    if (this.waiting.length === 0) return;
    const now = Date.now();
    const batch = this.takeBatch().filter((job) => {
      if (now <= job.deadline) return true;
      job.reject(new ServingError('DEADLINE_EXCEEDED', 'Deadline Exceeded'));
      return false;
    });
    if (batch.length === 0) return;
    await (batch.length === 1 ? this.runOne(batch[0]) : this.runMerged(batch));
  }

  async runOne(job) {
    try {
      const inputs = Object.fromEntries([...job.tensors].map(([alias, t]) => [alias, toRunInput(t)]));
      job.resolve(await job.servable.run(job.signatureKey, inputs));
    } catch (error) {
      job.reject(error);
    }
  }

  async runMerged(batch) {
    const total = batch.reduce((n, job) => n + job.rows, 0);
    let outputs;
    try {
      const inputs = {};
      for (const [alias, t] of batch[0].tensors) {
        const merged = { dtype: t.dtype, shape: [total, ...t.shape.slice(1)], values: batch.flatMap((job) => job.tensors.get(alias).values) };
        inputs[alias] = toRunInput(merged);
      }
      outputs = await batch[0].servable.run(batch[0].signatureKey, inputs);
      for (const output of Object.values(outputs)) {
        if (output.shape.length === 0) throw invalidArgument('Batched output tensor has 0 dimensions');
        if (output.shape[0] !== total) {
          throw invalidArgument("Batched output tensor's 0th dimension does not equal the sum of the 0th dimension sizes of the input tensors");
        }
      }
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    let row = 0;
    for (const job of batch) {
      const own = {};
      for (const [alias, output] of Object.entries(outputs)) {
        const perRow = elementCount(output.shape.slice(1));
        own[alias] = {
          dtype: output.dtype,
          shape: [job.rows, ...output.shape.slice(1)],
          values: Array.prototype.slice.call(output.values, row * perRow, (row + job.rows) * perRow),
        };
      }
      row += job.rows;
      job.resolve(own);
    }
  }
}
