import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ExecutionQueue } from '../server/execution-queue.mjs';
import { HttpServer } from '../server/http-server.mjs';
import { Metrics } from '../server/metrics.mjs';
import { ModelManager } from '../server/model-manager.mjs';
import { RestApi } from '../server/rest-api.mjs';
import { standInLoader } from './stand-in-model.mjs';
import { MODEL_NAME, SAVED_MODEL_FILE, TOKEN_COUNT_OUTPUT, TOKEN_IDS_OUTPUT, TOKENIZE_SIGNATURE } from '../lib/serving-names.mjs';

let base;
let manager;
let server;
let url;
const logLines = [];

before(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'rest-test-'));
  for (const v of ['1', '2']) {
    fs.mkdirSync(path.join(base, v));
    fs.writeFileSync(path.join(base, v, SAVED_MODEL_FILE), 'x');
  }
  manager = new ModelManager({
    models: [{ name: MODEL_NAME, basePath: base, policy: { kind: 'specific', versions: [1, 2] }, labels: new Map([['stable', 1]]) }],
    pollSeconds: 0,
    loader: standInLoader,
    allowLabelsForUnavailable: true,
  });
  await manager.start();
  const api = new RestApi({ manager, queue: new ExecutionQueue(), timeoutMs: 30000 });
  server = new HttpServer({ api, maxBodyBytes: 1000, metrics: new Metrics(), metricsPath: '/monitoring/prometheus/metrics', log: (l) => logLines.push(l) });
  const { port } = await server.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}`;
});

after(async () => {
  await server.close();
  await manager.close();
  fs.rmSync(base, { recursive: true, force: true });
});

async function call(method, urlPath, body) {
  const response = await fetch(url + urlPath, { method, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text, json: text && response.headers.get('content-type') === 'application/json' ? JSON.parse(text) : undefined };
}

describe('REST API over loopback', () => {
  test('model status lists every version, newest first', async () => {
    const { status, json } = await call('GET', `/v1/models/${MODEL_NAME}`);
    assert.equal(status, 200);
    assert.deepEqual(json, { model_version_status: [
      { version: '2', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } },
      { version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } },
    ] });
  });

  test('metadata names the served version and its signatures', async () => {
    const { json } = await call('GET', `/v1/models/${MODEL_NAME}/labels/stable/metadata`);
    assert.deepEqual(json.model_spec, { name: MODEL_NAME, signature_name: '', version: '1' });
    const input = json.metadata.signature_def.signature_def.serving_default.inputs.text;
    assert.deepEqual(input, { dtype: 'DT_STRING', tensor_shape: { dim: [{ size: '-1', name: '' }], unknown_rank: false }, name: 'text:0' });
  });

  test('predict in row format answers one object per instance', async () => {
    const { status, json } = await call('POST', `/v1/models/${MODEL_NAME}:predict`, { instances: ['great!!!', 'bad'] });
    assert.equal(status, 200);
    assert.deepEqual(json.predictions.map((p) => p.label), ['positive', 'negative']);
  });

  test('predict on a specific version uses that version', async () => {
    const { json } = await call('POST', `/v1/models/${MODEL_NAME}/versions/1:predict`, { inputs: ['x'] });
    assert.equal(json.outputs.probability[0], 0.001);
  });

  test('the tokenize signature returns token ids and the token count per row', async () => {
    const { json } = await call('POST', `/v1/models/${MODEL_NAME}:predict`, { signature_name: TOKENIZE_SIGNATURE, instances: ['a b'] });
    assert.deepEqual(json, { predictions: [{ [TOKEN_COUNT_OUTPUT]: 2, [TOKEN_IDS_OUTPUT]: [2, 3, 0, 0] }] });
  });

  test('an unknown signature is a 400', async () => {
    const { status, json } = await call('POST', `/v1/models/${MODEL_NAME}:predict`, { signature_name: 'nope', instances: ['a'] });
    assert.equal(status, 400);
    assert.equal(json.error, 'Serving signature name: "nope" not found in signature def');
  });

  test('a version and a label together do not match any route', async () => {
    const { status, json } = await call('GET', `/v1/models/${MODEL_NAME}/versions/1/labels/stable`);
    assert.equal(status, 400);
    assert.equal(json.error, `Malformed request: GET /v1/models/${MODEL_NAME}/versions/1/labels/stable`);
  });

  test('other methods under /v1 are malformed requests', async () => {
    const { status, json } = await call('PUT', `/v1/models/${MODEL_NAME}`, '{}');
    assert.equal(status, 400);
    assert.equal(json.error, `Malformed request: PUT /v1/models/${MODEL_NAME}`);
  });

  test('a path outside /v1 is a plain 404', async () => {
    const { status, type, text } = await call('GET', '/healthz');
    assert.equal(status, 404);
    assert.notEqual(type, 'application/json');
    assert.equal(text, '');
  });

  test('an oversized body is refused with a JSON 413', async () => {
    const { status, json } = await call('POST', `/v1/models/${MODEL_NAME}:predict`, { instances: ['x'.repeat(2000)] });
    assert.equal(status, 413);
    assert.match(json.error, /exceeds the local server's limit of 1000 bytes/);
  });

  test('classify on a predict signature reports the missing classification input', async () => {
    const { status, json } = await call('POST', `/v1/models/${MODEL_NAME}:classify`, { examples: [{ text: 'a' }] });
    assert.equal(status, 400);
    assert.match(json.error, /^No classification inputs found in SignatureDef/);
  });

  test('regress on a two-output signature wants one output', async () => {
    const { status, json } = await call('POST', `/v1/models/${MODEL_NAME}:regress`, { examples: [{ text: 'a' }] });
    assert.equal(status, 400);
    assert.equal(json.error, 'Expected one output Tensor.');
  });

  test('requests are logged and counted', async () => {
    await call('POST', `/v1/models/${MODEL_NAME}:predict`, { instances: ['a'] });
    assert.ok(logLines.some((l) => /^POST \/v1\/models\/sentiment:predict 200 \d+\.\dms$/.test(l)));
    const { text } = await call('GET', '/monitoring/prometheus/metrics');
    assert.match(text, /:tensorflow:serving:request_count\{model_name="sentiment",status="OK"\} \d+/);
  });
});

describe('REST API timeouts', () => {
  test('a prediction slower than --rest_api_timeout_in_ms is a 504', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeout-test-'));
    fs.mkdirSync(path.join(dir, '1'));
    fs.writeFileSync(path.join(dir, '1', SAVED_MODEL_FILE), 'x');
    const slow = new ModelManager({
      models: [{ name: MODEL_NAME, basePath: dir, policy: { kind: 'latest', numVersions: 1 }, labels: new Map() }],
      pollSeconds: 0,
      loader: (d) => standInLoader(d, { runDelayMs: 300 }),
    });
    try {
      await slow.start();
      const api = new RestApi({ manager: slow, queue: new ExecutionQueue(), timeoutMs: 50 });
      const reply = await api.handle('POST', `/v1/models/${MODEL_NAME}:predict`, '{"instances": ["a"]}');
      assert.equal(reply.status, 504);
      assert.deepEqual(JSON.parse(reply.body), { error: 'Deadline Exceeded' });
    } finally {
      await slow.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CORS', () => {
  test('--rest_api_enable_cors_support adds TF Serving\'s CORS headers and answers preflights', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-test-'));
    fs.mkdirSync(path.join(dir, '1'));
    fs.writeFileSync(path.join(dir, '1', SAVED_MODEL_FILE), 'x');
    const m = new ModelManager({ models: [{ name: MODEL_NAME, basePath: dir, policy: { kind: 'latest', numVersions: 1 }, labels: new Map() }], pollSeconds: 0, loader: standInLoader });
    await m.start();
    const s = new HttpServer({ api: new RestApi({ manager: m, queue: new ExecutionQueue(), timeoutMs: 1000 }), maxBodyBytes: 1000, cors: true, log: () => {} });
    try {
      const { port } = await s.listen(0, '127.0.0.1');
      const preflight = await fetch(`http://127.0.0.1:${port}/v1/models/${MODEL_NAME}:predict`, { method: 'OPTIONS', headers: { Origin: 'http://example.com' } });
      assert.equal(preflight.status, 200);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
      const missing = await fetch(`http://127.0.0.1:${port}/v1/models/${MODEL_NAME}`, { method: 'OPTIONS' });
      assert.equal(missing.status, 400);
      assert.deepEqual(await missing.json(), { error: 'Origin header is missing in CORS preflight' });
    } finally {
      await s.close();
      await m.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
