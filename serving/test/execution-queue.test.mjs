import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExecutionQueue } from '../server/execution-queue.mjs';
import { standInModel } from './stand-in-model.mjs';
import { SERVING_SIGNATURE, TOKEN_IDS_OUTPUT, TOKENIZE_SIGNATURE } from '../lib/serving-names.mjs';

const texts = (...values) => new Map([['text', { dtype: 'DT_STRING', shape: [values.length], values: values.map((v) => Buffer.from(v)) }]]);

/** A stand-in model that records the batch size of every run. */
function recordingModel() {
  const model = standInModel(1, { runDelayMs: 20 });
  const runs = [];
  const run = model.run.bind(model);
  model.run = async (key, inputs) => {
    runs.push(inputs.text.length);
    return run(key, inputs);
  };
  return { model, runs };
}

describe('execution queue', () => {
  test('runs one request at a time without batching', async () => {
    const { model, runs } = recordingModel();
    const queue = new ExecutionQueue();
    const results = await Promise.all([queue.runSignature(model, SERVING_SIGNATURE, texts('a!!!')), queue.runSignature(model, SERVING_SIGNATURE, texts('b', 'c'))]);
    assert.deepEqual(runs, [1, 2]);
    assert.deepEqual(results.map((r) => r.label.values), [['positive'], ['negative', 'negative']]);
  });

  test('merges queued requests and gives each its own rows', async () => {
    const { model, runs } = recordingModel();
    const queue = new ExecutionQueue({ batching: { maxBatchSize: 8, batchTimeoutMicros: 0 } });
    const results = await Promise.all([
      queue.runSignature(model, SERVING_SIGNATURE, texts('first')),
      queue.runSignature(model, SERVING_SIGNATURE, texts('x!!!', 'y')),
      queue.runSignature(model, SERVING_SIGNATURE, texts('z!!!!')),
      queue.runSignature(model, TOKENIZE_SIGNATURE, texts('a b')),
    ]);
    assert.deepEqual(runs, [4, 1], 'the three serving_default requests share one run, tokenize runs separately');
    assert.deepEqual(results[1].label.values, ['positive', 'negative']);
    assert.deepEqual(results[1].probability.shape, [2]);
    assert.deepEqual(results[2].label.values, ['positive']);
    assert.deepEqual(results[3][TOKEN_IDS_OUTPUT].shape, [1, 4]);
  });

  test('refuses a request larger than the maximum batch', async () => {
    const queue = new ExecutionQueue({ batching: { maxBatchSize: 2, batchTimeoutMicros: 0 } });
    await assert.rejects(queue.runSignature(standInModel(1), SERVING_SIGNATURE, texts('a', 'b', 'c')), /Task size 3 is larger than maximum input batch size 2/);
  });

  test('fails a request whose deadline passed while it waited', async () => {
    const { model } = recordingModel();
    const queue = new ExecutionQueue();
    const first = queue.runSignature(model, SERVING_SIGNATURE, texts('a'));
    const late = queue.runSignature(model, SERVING_SIGNATURE, texts('b'), Date.now() + 1);
    await first;
    await assert.rejects(late, { code: 'DEADLINE_EXCEEDED' });
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
