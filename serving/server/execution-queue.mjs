// Graph execution runs one request at a time: TensorFlow.js kernels run on the single JS thread, so running
// requests side by side only interleaves them and inflates every latency. Waiting requests queue in arrival
// order; one whose deadline (--rest_api_timeout_in_ms) passes while it waits fails without running.

import { ServingError } from './status.mjs';

export class ExecutionQueue {
  constructor({ maxQueued = 10000 } = {}) {
    this.maxQueued = maxQueued;
    this.waiting = [];
    this.running = false;
  }

  get depth() {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  /** Runs `job` when its turn comes; rejects with DEADLINE_EXCEEDED if that is after `deadline` (ms epoch). */
  run(job, deadline = Infinity) {
    if (this.waiting.length >= this.maxQueued) {
      return Promise.reject(new ServingError('RESOURCE_EXHAUSTED', `The local server's queue of ${this.maxQueued} waiting requests is full`));
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, deadline, resolve, reject });
      this.pump();
    });
  }

  async pump() {
    if (this.running) return;
    this.running = true;
    while (this.waiting.length > 0) {
      const { job, deadline, resolve, reject } = this.waiting.shift();
      if (Date.now() > deadline) {
        reject(new ServingError('DEADLINE_EXCEEDED', 'Deadline Exceeded'));
        continue;
      }
      try {
        resolve(await job());
      } catch (error) {
        reject(error);
      }
    }
    this.running = false;
  }
}
