import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ModelManager } from '../server/model-manager.mjs';
import { standInLoader } from './stand-in-model.mjs';
import { SAVED_MODEL_FILE } from '../lib/serving-names.mjs';

let base;
const managers = [];

function addVersion(name, { complete = true, broken = false } = {}) {
  const dir = path.join(base, name);
  fs.mkdirSync(dir, { recursive: true });
  if (complete) fs.writeFileSync(path.join(dir, SAVED_MODEL_FILE), 'x');
  if (broken) fs.writeFileSync(path.join(dir, 'broken'), '');
}

const noWarmup = async () => 0;

function manager(policy = { kind: 'latest', numVersions: 1 }, labels = new Map(), allowLabelsForUnavailable = true, warmup = noWarmup) {
  const loader = (dir) => standInLoader(dir, { warmup });
  const m = new ModelManager({ models: [{ name: 'm', basePath: base, policy, labels }], pollSeconds: 0, loader, allowLabelsForUnavailable });
  managers.push(m);
  return m;
}

/** The version a request would get; the handle is released at once. */
function servedVersion(m, spec) {
  const handle = m.acquire('m', spec);
  handle.release();
  return handle.version;
}

const states = (m) => m.status('m').map((s) => `${s.version}:${s.state}`);

beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'manager-test-'));
});

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
  fs.rmSync(base, { recursive: true, force: true });
});

describe('model manager', () => {
  test('serves the highest numeric version and ignores other folders', async () => {
    addVersion('1');
    addVersion('7');
    addVersion('10', { complete: false });
    addVersion('tmp-11');
    const m = manager();
    await m.start();
    assert.deepEqual(states(m), ['7:AVAILABLE']);
    const handle = m.acquire('m');
    assert.equal(handle.version, 7);
    handle.release();
  });

  test('loads a new version and unloads the old one once it is idle', async () => {
    addVersion('1');
    const m = manager();
    await m.start();
    const inFlight = m.acquire('m');
    addVersion('2');
    await m.pollOnce();
    assert.deepEqual(states(m), ['2:AVAILABLE', '1:UNLOADING']);
    assert.equal(inFlight.servable.disposed, false, 'an in-flight request keeps its version');
    inFlight.release();
    await Promise.all(m.unloads);
    assert.deepEqual(states(m), ['2:AVAILABLE', '1:END']);
    assert.equal(inFlight.servable.disposed, true);
  });

  test('unloads a removed version and falls back to the remaining one', async () => {
    addVersion('1');
    addVersion('2');
    const m = manager({ kind: 'all' });
    await m.start();
    fs.rmSync(path.join(base, '2'), { recursive: true });
    await m.pollOnce();
    await Promise.all(m.unloads);
    assert.deepEqual(states(m), ['2:END', '1:AVAILABLE']);
    assert.throws(() => m.acquire('m', { version: 2 }), /Servable not found for request: Specific\(m, 2\)/);
    assert.equal(servedVersion(m), 1);
  });

  test('reports a failed load as END with its error and keeps serving the old version', async () => {
    addVersion('1');
    const m = manager();
    await m.start();
    addVersion('2', { broken: true });
    await m.pollOnce();
    const [v2] = m.status('m', 2);
    assert.equal(v2.state, 'END');
    assert.equal(v2.status.error_code, 'DATA_LOSS');
    assert.match(v2.status.error_message, /Could not parse/);
    assert.equal(servedVersion(m), 1);
  });

  test('fails to start when the only version cannot be loaded', async () => {
    addVersion('1', { broken: true });
    await assert.rejects(manager().start(), /Model m could not be loaded: Could not parse/);
  });

  test('reports a failing warmup as a failed load', async () => {
    addVersion('1');
    const failingWarmup = async () => {
      throw new Error('bad record');
    };
    await assert.rejects(manager(undefined, undefined, true, failingWarmup).start(), /Warmup of .* failed: bad record/);
  });

  test('resolves labels and rejects unknown ones', async () => {
    addVersion('1');
    addVersion('2');
    const m = manager({ kind: 'specific', versions: [1, 2] }, new Map([['stable', 1], ['canary', 2]]));
    await m.start();
    assert.equal(servedVersion(m, { label: 'stable' }), 1);
    assert.throws(() => m.acquire('m', { label: 'nope' }), { code: 'INVALID_ARGUMENT', message: 'Unrecognized servable version label: nope' });
  });

  test('refuses labels at start-up unless labels on unavailable versions are allowed', async () => {
    addVersion('1');
    await assert.rejects(manager({ kind: 'latest', numVersions: 1 }, new Map([['stable', 1]]), false).start(),
      /Request to assign label to version 1 of model m, which is not currently available for inference/);
  });

  test('a label on a version that never loaded finds no servable', async () => {
    addVersion('1');
    const m = manager({ kind: 'latest', numVersions: 1 }, new Map([['stable', 5]]));
    await m.start();
    assert.throws(() => m.acquire('m', { label: 'stable' }), { code: 'NOT_FOUND', message: 'Servable not found for request: Specific(m, 5)' });
  });

  test('answers unknown models and versions with TF Serving messages', async () => {
    addVersion('1');
    const m = manager();
    await m.start();
    assert.throws(() => m.status('other'), { code: 'NOT_FOUND', message: 'Could not find any versions of model other' });
    assert.throws(() => m.status('m', 9), { code: 'NOT_FOUND', message: 'Could not find version 9 of model m' });
    assert.throws(() => m.acquire('other'), { code: 'NOT_FOUND', message: 'Servable not found for request: Latest(other)' });
  });
});
