import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LABEL_OUTPUT, PROBABILITY_OUTPUT, SERVING_SIGNATURE, TEXT_INPUT, TOKEN_IDS_OUTPUT, TOKENIZE_SIGNATURE } from '../lib/serving-names.mjs';
import { ExecutionQueue } from '../server/execution-queue.mjs';
import { schedulingParameters } from '../server/scheduling.mjs';
import { ServingError } from '../server/status.mjs';
import { standInModel } from './stand-in-model.mjs';

const texts = (...values) => new Map([[TEXT_INPUT, { dtype: 'DT_STRING', shape: [values.length], values: values.map((v) => Buffer.from(v)) }]]);
const rows = (n, prefix = 'r') => texts(...Array.from({ length: n }, (_, i) => `${prefix}${i}`));
const labels = (result) => result[LABEL_OUTPUT].values;

/** Scheduling without batching, with some parameters changed. */
const scheduling = (changes) => ({ ...schedulingParameters(null), ...changes });

/** A stand-in model that records the texts of every run. */
function recordingModel({ runDelayMs = 20 } = {}) {
  const model = standInModel(1, { runDelayMs });
  const runs = [];
  const run = model.run.bind(model);
  model.run = async (key, inputs, signal) => {
    runs.push(inputs[TEXT_INPUT]);
    return run(key, inputs, signal);
  };
  return { model, runs };
}

/** A model whose runs end only when their signal aborts; `signals` collects them. */
function endlessModel() {
  const model = standInModel(1);
  const signals = [];
  model.run = (key, inputs, signal) => new Promise((resolve, reject) => {
    signals.push(signal);
    signal.addEventListener('abort', () => reject(new Error('aborted')));
  });
  return { model, signals };
}

describe('execution queue', () => {
  test('runs one request at a time without batching', async () => {
    const { model, runs } = recordingModel();
    const queue = new ExecutionQueue();
    const results = await Promise.all([queue.runSignature(model, SERVING_SIGNATURE, texts('a!!!')), queue.runSignature(model, SERVING_SIGNATURE, texts('b', 'c'))]);
    assert.deepEqual(runs.map((r) => r.length), [1, 2]);
    assert.deepEqual(results.map(labels), [['positive'], ['negative', 'negative']]);
  });

  test('runs a large request in slices of at most runRows rows and answers with its rows in order', async () => {
    const { model, runs } = recordingModel({ runDelayMs: 0 });
    const queue = new ExecutionQueue({ scheduling: scheduling({ runRows: 2 }) });
    const result = await queue.runSignature(model, SERVING_SIGNATURE, texts('a', 'b!!!', 'c', 'd!!!', 'e'));
    assert.deepEqual(runs, [['a', 'b!!!'], ['c', 'd!!!'], ['e']]);
    assert.deepEqual(labels(result), ['negative', 'positive', 'negative', 'positive', 'negative']);
    assert.deepEqual(result[PROBABILITY_OUTPUT].shape, [5]);
  });

  test('bounds the string bytes of a run; a longer string runs alone', async () => {
    const { model, runs } = recordingModel({ runDelayMs: 0 });
    const queue = new ExecutionQueue({ scheduling: scheduling({ runTextBytes: 8 }) });
    await queue.runSignature(model, SERVING_SIGNATURE, texts('aaaa', 'bbbb', 'cccc', 'a very long one', 'dd'));
    assert.deepEqual(runs, [['aaaa', 'bbbb'], ['cccc'], ['a very long one'], ['dd']]);
  });

  test('lets a small request in after one slice of a large one', async () => {
    const { model, runs } = recordingModel({ runDelayMs: 30 });
    const queue = new ExecutionQueue({ scheduling: scheduling({ runRows: 2 }) });
    const large = queue.runSignature(model, SERVING_SIGNATURE, rows(6, 'large'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const small = queue.runSignature(model, SERVING_SIGNATURE, texts('small'));
    await Promise.all([large, small]);
    assert.deepEqual(runs.map((r) => r[0]), ['large0', 'small', 'large2', 'large4']);
  });

  test('of two large requests, the first finishes first', async () => {
    const { model, runs } = recordingModel({ runDelayMs: 0 });
    const queue = new ExecutionQueue({ scheduling: scheduling({ runRows: 2 }) });
    await Promise.all([queue.runSignature(model, SERVING_SIGNATURE, rows(6, 'a')), queue.runSignature(model, SERVING_SIGNATURE, rows(6, 'b'))]);
    assert.deepEqual(runs.map((r) => r[0]), ['a0', 'a2', 'a4', 'b0', 'b2', 'b4']);
  });

  test('refuses a request larger than the maximum batch', async () => {
    const queue = new ExecutionQueue({ scheduling: schedulingParameters({ maxBatchSize: 2, batchTimeoutMicros: 0, maxEnqueuedBatches: 10 }) });
    await assert.rejects(queue.runSignature(standInModel(1), SERVING_SIGNATURE, texts('a', 'b', 'c')), /Task size 3 is larger than maximum input batch size 2/);
  });

  test('answers UNAVAILABLE at once when the waiting rows would pass the bound', async () => {
    const { model } = endlessModel();
    const queue = new ExecutionQueue({ scheduling: scheduling({ runRows: 1, maxQueuedRows: 4 }) });
    const first = queue.runSignature(model, SERVING_SIGNATURE, rows(3), Date.now() + 1000);
    first.catch(() => {});
    await assert.rejects(queue.runSignature(model, SERVING_SIGNATURE, rows(2)),
      { code: 'UNAVAILABLE', message: 'The batch scheduling queue to which this task was submitted is full' });
    queue.close(new ServingError('UNAVAILABLE', 'closed'));
  });

  test('fails a waiting request at its deadline, and never runs it', async () => {
    const { model, runs } = recordingModel({ runDelayMs: 200 });
    const queue = new ExecutionQueue();
    const first = queue.runSignature(model, SERVING_SIGNATURE, texts('first'));
    const started = Date.now();
    await assert.rejects(queue.runSignature(model, SERVING_SIGNATURE, texts('late'), Date.now() + 20), { code: 'DEADLINE_EXCEEDED', message: 'Deadline Exceeded' });
    assert.ok(Date.now() - started < 150, 'answered at the deadline, not when the queue got to it');
    await first;
    assert.deepEqual(runs, [['first']]);
  });

  test('aborts the run of a request whose deadline passed, and runs nothing more of it', async () => {
    const { model, signals } = endlessModel();
    const queue = new ExecutionQueue({ scheduling: scheduling({ runRows: 1 }) });
    await assert.rejects(queue.runSignature(model, SERVING_SIGNATURE, rows(3), Date.now() + 20), { code: 'DEADLINE_EXCEEDED' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(signals.length, 1);
    assert.equal(signals[0].aborted, true);
    assert.equal(queue.queuedRows, 0);
  });

  test('keeps a merged run going while another request in it still waits for it', async () => {
    const model = standInModel(1, { runDelayMs: 60 });
    const seen = [];
    const run = model.run.bind(model);
    model.run = (key, inputs, signal) => {
      seen.push(signal);
      return run(key, inputs);
    };
    const queue = new ExecutionQueue({ scheduling: schedulingParameters({ maxBatchSize: 8, batchTimeoutMicros: 0, maxEnqueuedBatches: 10 }) });
    const short = queue.runSignature(model, SERVING_SIGNATURE, texts('a'), Date.now() + 20);
    const long = queue.runSignature(model, SERVING_SIGNATURE, texts('b!!!'));
    await assert.rejects(short, { code: 'DEADLINE_EXCEEDED' });
    assert.deepEqual(labels(await long), ['positive']);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].aborted, false);
  });

  test('close() fails every unanswered request with its error and refuses new ones', async () => {
    const { model } = endlessModel();
    const queue = new ExecutionQueue();
    const running = queue.runSignature(model, SERVING_SIGNATURE, texts('a'));
    const waiting = queue.runSignature(model, SERVING_SIGNATURE, texts('b'));
    queue.close(new ServingError('UNAVAILABLE', 'The server is shutting down'));
    await assert.rejects(running, { code: 'UNAVAILABLE' });
    await assert.rejects(waiting, { code: 'UNAVAILABLE' });
    await assert.rejects(queue.runSignature(model, SERVING_SIGNATURE, texts('c')), { message: 'The server is shutting down' });
  });

  test('a split request needs outputs with the batch as dimension 0, as TF Serving batching does', async () => {
    const model = standInModel(1);
    model.run = async () => ({ [PROBABILITY_OUTPUT]: { dtype: 'DT_FLOAT', shape: [], values: [0.5] } });
    const queue = new ExecutionQueue({ scheduling: scheduling({ runRows: 1 }) });
    await assert.rejects(queue.runSignature(model, SERVING_SIGNATURE, rows(2)), /Batched output tensor has 0 dimensions/);
    const whole = await queue.runSignature(model, SERVING_SIGNATURE, rows(1));
    assert.deepEqual(whole[PROBABILITY_OUTPUT].shape, [], 'a request that runs whole gets the outputs as they are');
  });
});

describe('execution queue with batching', () => {
  test('merges queued requests and gives each its own rows', async () => {
    const { model, runs } = recordingModel();
    const queue = new ExecutionQueue({ scheduling: schedulingParameters({ maxBatchSize: 8, batchTimeoutMicros: 0, maxEnqueuedBatches: 10 }) });
    const results = await Promise.all([
      queue.runSignature(model, SERVING_SIGNATURE, texts('first')),
      queue.runSignature(model, SERVING_SIGNATURE, texts('x!!!', 'y')),
      queue.runSignature(model, SERVING_SIGNATURE, texts('z!!!!')),
      queue.runSignature(model, TOKENIZE_SIGNATURE, texts('a b')),
    ]);
    assert.deepEqual(runs.map((r) => r.length), [4, 1], 'the three serving_default requests share one run, tokenize runs separately');
    assert.deepEqual(labels(results[1]), ['positive', 'negative']);
    assert.deepEqual(results[1][PROBABILITY_OUTPUT].shape, [2]);
    assert.deepEqual(labels(results[2]), ['positive']);
    assert.deepEqual(results[3][TOKEN_IDS_OUTPUT].shape, [1, 4]);
  });

  test('fills a run with rows of other requests up to max_execution_batch_size', async () => {
    const { model, runs } = recordingModel({ runDelayMs: 0 });
    const queue = new ExecutionQueue({ scheduling: schedulingParameters({ maxBatchSize: 8, maxExecutionBatchSize: 3, batchTimeoutMicros: 0, maxEnqueuedBatches: 10 }) });
    const [a, b] = await Promise.all([
      queue.runSignature(model, SERVING_SIGNATURE, rows(4, 'a')),
      queue.runSignature(model, SERVING_SIGNATURE, rows(2, 'b')),
    ]);
    assert.deepEqual(runs, [['b0', 'b1', 'a0'], ['a1', 'a2', 'a3']], 'the request with fewer rows left leads, the other fills the run');
    assert.equal(labels(a).length, 4);
    assert.equal(labels(b).length, 2);
  });
});

describe('execution queue with two workers', () => {
  test('runs two requests at the same time', async () => {
    let running = 0;
    let most = 0;
    const model = standInModel(1);
    const run = model.run.bind(model);
    model.run = async (key, inputs) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 30));
      running--;
      return run(key, inputs);
    };
    const queue = new ExecutionQueue({ concurrency: 2 });
    await Promise.all([1, 2, 3, 4].map(() => queue.runSignature(model, SERVING_SIGNATURE, texts('a'))));
    assert.equal(most, 2);
  });
});
