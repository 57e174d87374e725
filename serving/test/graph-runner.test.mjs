import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { GraphRunner } from '../server/graph-runner.mjs';
import { WorkerChannel } from '../server/worker-channel.mjs';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'stand-in-worker.mjs');

/** Resolves once the spare has handled every call sent to it so far. */
const spareIdle = (runner) => runner.spare.call({ type: 'dispose', id: -1 });

describe('graph runner', () => {
  test('an aborted run terminates its busy worker; the warm spare, holding the same versions, takes over', async () => {
    const runner = new GraphRunner({ script });
    try {
      const servable = await runner.load('/models/1');
      await servable.warmup();
      const before = await servable.run('serving_default', { text: ['a'] });
      const controller = new AbortController();
      const spinning = servable.run('spin', {}, controller.signal);
      controller.abort();
      await assert.rejects(spinning, { code: 'CANCELLED' });
      const after = await servable.run('serving_default', { text: ['b'] });
      assert.notEqual(after.threadId, before.threadId, 'answered by another thread');
      assert.deepEqual(after.inputs, { text: ['b'] });
      const { load, warmup } = await servable.run('counts', {});
      assert.deepEqual({ load, warmup }, { load: 1, warmup: 1 }, 'the spare loaded and warmed up once, before it was needed');
      assert.equal(runner.replacements, 1);
    } finally {
      await runner.close();
    }
  });

  test('a new spare loads and warms up every version, and takes over at the next abort', async () => {
    const runner = new GraphRunner({ script });
    try {
      const servable = await runner.load('/models/1');
      for (const round of [1, 2]) {
        const controller = new AbortController();
        const spinning = servable.run('spin', {}, controller.signal);
        controller.abort();
        await assert.rejects(spinning, { code: 'CANCELLED' });
        assert.equal(runner.replacements, round);
        await spareIdle(runner);
      }
      const { load, warmup } = await servable.run('counts', {});
      assert.deepEqual({ load, warmup }, { load: 1, warmup: 1 });
    } finally {
      await runner.close();
    }
  });

  test('while the new spare still loads, an aborted run is left to finish and its worker stays', async () => {
    const runner = new GraphRunner({ script });
    try {
      const servable = await runner.load('/models/1');
      const first = new AbortController();
      const spinning = servable.run('spin', {}, first.signal);
      first.abort();
      await assert.rejects(spinning, { code: 'CANCELLED' });
      runner.spare.call({ type: 'warmup', id: 99, dir: '/slow' }).catch(() => {}); // keeps the new spare warming
      const before = await servable.run('serving_default', {});
      const second = new AbortController();
      const again = servable.run('serving_default', {}, second.signal);
      second.abort();
      await assert.rejects(again, { code: 'CANCELLED' });
      assert.equal(runner.replacements, 1);
      assert.equal(runner.unusedRuns, 1);
      assert.equal((await servable.run('serving_default', {})).threadId, before.threadId, 'the same worker goes on');
    } finally {
      await runner.close();
    }
  });

  test('the other calls pending on a replaced worker are sent again to its replacement', async () => {
    const runner = new GraphRunner({ script });
    try {
      const servable = await runner.load('/models/1');
      const controller = new AbortController();
      const spinning = servable.run('spin', {}, controller.signal);
      const queued = servable.run('serving_default', { text: ['queued behind the spinning run'] });
      controller.abort();
      await assert.rejects(spinning, { code: 'CANCELLED' });
      assert.deepEqual((await queued).inputs, { text: ['queued behind the spinning run'] });
    } finally {
      await runner.close();
    }
  });

  test('close() stops a worker in the middle of a computation at once', async () => {
    const runner = new GraphRunner({ script });
    const servable = await runner.load('/models/1');
    const spinning = servable.run('spin', {});
    spinning.catch(() => {});
    const started = performance.now();
    await runner.close();
    assert.ok(performance.now() - started < 1000, `took ${performance.now() - started} ms`);
    await assert.rejects(spinning, /stopped/);
  });

  test('a worker that dies on its own is fatal', async () => {
    let fatal = null;
    const runner = new GraphRunner({ script, onFatal: (error) => { fatal = error; } });
    try {
      const servable = await runner.load('/models/1');
      await assert.rejects(servable.run('exit', {}), /exited \(code 3\)/);
      assert.match(fatal.message, /exited \(code 3\)/);
    } finally {
      await runner.close();
    }
  });
});

describe('worker channel', () => {
  test('a call cancelled before its turn is not computed by a worker that is kept', async () => {
    const channel = new WorkerChannel({ script, onDeath: () => {} });
    try {
      await channel.call({ type: 'load', id: 1 });
      const waiting = channel.call({ type: 'run', id: 1, signatureKey: 'wait' });
      const controller = new AbortController();
      const queued = channel.call({ type: 'run', id: 1, signatureKey: 'serving_default' }, controller.signal);
      controller.abort();
      await assert.rejects(queued, { code: 'CANCELLED' });
      await waiting;
      assert.equal((await channel.call({ type: 'run', id: 1, signatureKey: 'counts' })).run, 1, 'only the first run was computed');
    } finally {
      await channel.terminate();
    }
  });
});
