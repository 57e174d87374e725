// Graph execution, scheduled the way TF Serving's batching scheduler does it (scheduling.mjs has the parameters):
// - a request's rows run in slices of at most `runRows` rows and `runTextBytes` string bytes, so one run's time
//   and memory are bounded whatever the request; the next slice comes from the request with the fewest rows left
//   (the earliest of equals), so a small request waits for at most one slice of a large one, and of several large
//   requests the first finishes first instead of all finishing late;
// - at most `concurrency` runs at a time (one per TensorFlow.js worker thread);
// - the rows waiting are bounded: a request that does not fit is UNAVAILABLE (503) at once;
// - a request's deadline (--rest_api_timeout_in_ms) fails it with DEADLINE_EXCEEDED (504) at that moment, drops
//   its waiting rows, and aborts a run in flight that only its (or other expired) rows are in;
// - with `merge` (--enable_batching), requests for the same version and signature share runs.

import { QueuedRequest } from './queued-request.mjs';
import { checkBatchedOutputs, concatRows, sameRowShapes, sliceOutputs, toRunInputs } from './request-rows.mjs';
import { schedulingParameters } from './scheduling.mjs';
import { ServingError, invalidArgument } from './status.mjs';

const deadlineExceeded = () => new ServingError('DEADLINE_EXCEEDED', 'Deadline Exceeded');
const queueFull = () => new ServingError('UNAVAILABLE', 'The batch scheduling queue to which this task was submitted is full');

export class ExecutionQueue {
  /** @param {{ scheduling?: ReturnType<typeof schedulingParameters>, concurrency?: number }} options */
  constructor({ scheduling = schedulingParameters(null), concurrency = 1 } = {}) {
    this.scheduling = scheduling;
    this.concurrency = concurrency;
    this.waiting = []; // requests with rows not yet handed to a run, in arrival order
    this.queuedRows = 0;
    this.unanswered = new Set();
    this.running = 0;
    this.closedWith = null;
  }

  /**
   * Runs `signatureKey` of `servable` on request tensors (Map alias -> {dtype, shape, values}); resolves to
   * SavedModel.run's result for this request's rows. Rejects with DEADLINE_EXCEEDED once `deadline` (ms epoch)
   * passes, UNAVAILABLE when the queue is full or closed.
   */
  runSignature(servable, signatureKey, tensors, deadline = Infinity) {
    return new Promise((resolve, reject) => {
      const request = new QueuedRequest({
        servable, signatureKey, tensors, deadline, resolve, reject, onSettled: () => this.forget(request),
      });
      const refusal = this.refusal(request);
      if (refusal !== null) {
        reject(refusal);
        return;
      }
      this.admit(request);
      this.pump();
    });
  }

  refusal(request) {
    if (this.closedWith !== null) return this.closedWith;
    if (request.splittable && request.rows > this.scheduling.maxTaskRows) {
      return invalidArgument(`Task size ${request.rows} is larger than maximum input batch size ${this.scheduling.maxTaskRows}`);
    }
    if (this.queuedRows + request.remaining > this.scheduling.maxQueuedRows) return queueFull();
    return null;
  }

  admit(request) {
    this.waiting.push(request);
    this.queuedRows += request.remaining;
    this.unanswered.add(request);
    if (Number.isFinite(request.deadline)) {
      request.timer = setTimeout(() => this.expire(request), Math.max(0, request.deadline - Date.now()));
    }
  }

  /** An answered or failed request leaves the line with whatever rows it still had waiting. */
  forget(request) {
    this.unanswered.delete(request);
    const index = this.waiting.indexOf(request);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    this.queuedRows -= request.remaining;
  }

  /** The deadline passed: answer 504 now (which drops its waiting rows), abort runs no live request needs. */
  expire(request) {
    request.fail(deadlineExceeded());
    for (const run of request.runs) {
      if (run.parts.every((p) => p.request.settled)) run.controller.abort();
    }
  }

  /** Fails every unanswered request with `error` and refuses new ones (shutdown). Runs in flight are not aborted. */
  close(error) {
    this.closedWith = error;
    for (const request of [...this.unanswered]) request.fail(error);
  }

  /** Starts runs while fewer than `concurrency` are in flight. */
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
    // requests queued, or batched) before the run is formed.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.scheduling.merge && this.scheduling.batchTimeoutMicros > 0 && this.waiting.length < 2) {
      // Give concurrent requests a moment to join the batch.
      await new Promise((resolve) => setTimeout(resolve, this.scheduling.batchTimeoutMicros / 1000));
    }
    if (this.waiting.length === 0) return;
    await this.execute(this.formRun());
  }

  /** The request with the fewest rows left; the earliest of equals. */
  next() {
    return this.waiting.reduce((best, r) => (r.remaining < best.remaining ? r : best));
  }

  /** The next run: a slice of the next request, and (merging) slices of requests that fit beside it. */
  formRun() {
    const { runRows, runTextBytes } = this.scheduling;
    const first = this.next();
    const parts = [first.take(runRows, runTextBytes, true)];
    if (this.scheduling.merge && first.splittable) this.addCompanions(parts, first);
    this.queuedRows -= parts.reduce((n, p) => n + (p.end === null ? 1 : p.end - p.start), 0);
    this.waiting = this.waiting.filter((r) => r.remaining > 0);
    return { servable: first.servable, signatureKey: first.signatureKey, parts, controller: new AbortController() };
  }

  addCompanions(parts, first) {
    const { runRows, runTextBytes } = this.scheduling;
    const rows = () => parts.reduce((n, p) => n + p.end - p.start, 0);
    const bytes = () => parts.reduce((n, p) => n + p.request.rowBytes.slice(p.start, p.end).reduce((a, b) => a + b, 0), 0);
    for (const request of this.waiting) {
      if (rows() >= runRows) break;
      if (request === first) continue;
      const fits = request.servable === first.servable && request.signatureKey === first.signatureKey && request.splittable
        && sameRowShapes(first.tensors, request.tensors);
      const part = fits ? request.take(runRows - rows(), runTextBytes - bytes(), false) : null;
      if (part !== null) parts.push(part);
    }
  }

  async execute(run) {
    for (const part of run.parts) part.request.runs.add(run);
    try {
      const inputs = concatRows(run.parts.map((p) => p.request.tensorsOf(p)));
      const outputs = await run.servable.run(run.signatureKey, toRunInputs(inputs), run.controller.signal);
      this.distribute(run, outputs);
    } catch (error) {
      for (const part of run.parts) part.request.fail(error);
    } finally {
      for (const part of run.parts) part.request.runs.delete(run);
    }
  }

  /** Gives each part its rows of the outputs (a whole request alone in its run gets them as they are). */
  distribute(run, outputs) {
    const [only] = run.parts;
    if (run.parts.length === 1 && only.whole) {
      only.request.complete(only, outputs);
      return;
    }
    checkBatchedOutputs(outputs, run.parts.reduce((n, p) => n + p.end - p.start, 0));
    let row = 0;
    for (const part of run.parts) {
      const rows = part.end - part.start;
      part.request.complete(part, sliceOutputs(outputs, row, row + rows));
      row += rows;
    }
  }
}
