import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, test } from 'node:test';
import { TEXT_INPUT } from '../lib/serving-names.mjs';
import { HttpServer } from '../server/http-server.mjs';
import { decodePredictRequest } from '../server/request-codec.mjs';

const textInput = async () => new Map([[TEXT_INPUT, { dtype: 'DT_STRING' }]]);
const limits = { maxInstances: 2, maxStringBytes: 4 };
const decode = (json) => decodePredictRequest(typeof json === 'string' ? json : JSON.stringify(json), textInput, limits);
const invalid = (pattern) => (e) => e.code === 'INVALID_ARGUMENT' && pattern.test(e.message);

describe('request limits (--rest_api_max_instances, --rest_api_max_string_bytes)', () => {
  test('more instances than the limit is TF Serving\'s task-size error', async () => {
    await assert.rejects(decode({ instances: ['a', 'b', 'c'] }),
      invalid(/^Task size 3 is larger than maximum input batch size 2 \(--rest_api_max_instances\)$/));
    assert.deepEqual((await decode({ instances: ['a', 'b'] })).tensors.get(TEXT_INPUT).shape, [2]);
  });

  test('the columnar format is limited along dimension 0', async () => {
    await assert.rejects(decode({ inputs: ['a', 'b', 'c'] }), invalid(/^Task size 3 is larger/));
    await assert.rejects(decode({ inputs: { [TEXT_INPUT]: ['a', 'b', 'c'] } }), invalid(/^Task size 3 is larger/));
  });

  test('the count is checked before any instance is converted', async () => {
    const many = `{"instances": [${Array(1000).fill('1').join(',')}]}`;
    await assert.rejects(decode(many), invalid(/^Task size 1000 is larger/));
  });

  test('a string longer than the limit in UTF-8 bytes is refused with its place', async () => {
    await assert.rejects(decode({ instances: ['ok', 'toolong'] }),
      invalid(/^Failed to process element: 1 of 'instances' list\. Error: INVALID_ARGUMENT: A string of 7 bytes is longer than the local server's limit of 4 bytes \(--rest_api_max_string_bytes\)$/));
    await assert.rejects(decode({ instances: ['ééé'] }), invalid(/A string of 6 bytes/));
    assert.equal((await decode({ instances: ['éé'] })).tensors.get(TEXT_INPUT).values[0].length, 4);
  });

  test('base64 strings are limited by their decoded bytes', async () => {
    await assert.rejects(decode({ instances: [{ b64: Buffer.from('12345').toString('base64') }] }), invalid(/A string of 5 bytes/));
    assert.equal((await decode({ instances: [{ b64: Buffer.from('1234').toString('base64') }] })).tensors.get(TEXT_INPUT).values[0].length, 4);
  });
});

/** An HttpServer whose REST API answers only when `release()` is called. */
async function blockedServer(maxBodyBytes) {
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const api = { handle: async () => { await gate; return { status: 200, body: '{}', code: 'OK' }; } };
  const server = new HttpServer({ api, maxBodyBytes, log: () => {} });
  const { port } = await server.listen(0, '127.0.0.1');
  return { server, release, url: `http://127.0.0.1:${port}/v1/models/m:predict` };
}

/** POSTs `body` in chunks (no Content-Length); resolves to { status, json }. */
function postChunked(url, chunks) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST' }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('request bytes held at once', () => {
  test('a request that would hold more than 4 × --rest_api_max_body_bytes is a 503 at once', async () => {
    const { server, release, url } = await blockedServer(100);
    try {
      const body = 'x'.repeat(100);
      const held = [1, 2, 3, 4].map(() => fetch(url, { method: 'POST', body }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refused = await fetch(url, { method: 'POST', body: 'y' });
      assert.equal(refused.status, 503);
      assert.match((await refused.json()).error, /holds 400 bytes of other requests, its limit \(4 × --rest_api_max_body_bytes\)/);
      release();
      assert.deepEqual((await Promise.all(held)).map((r) => r.status), [200, 200, 200, 200]);
      assert.equal((await fetch(url, { method: 'POST', body })).status, 200, 'answered requests give their bytes back');
    } finally {
      await server.close();
    }
  });

  test('a chunked body is counted as it arrives', async () => {
    const { server, release, url } = await blockedServer(100);
    try {
      const held = [100, 100, 100, 50].map((n) => fetch(url, { method: 'POST', body: 'x'.repeat(n) }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { status } = await postChunked(url, ['y'.repeat(30), 'y'.repeat(30)]);
      assert.equal(status, 503);
      release();
      await Promise.all(held);
    } finally {
      await server.close();
    }
  });

  test('stopping waits for requests in flight only as long as the grace period', async () => {
    const { server, release, url } = await blockedServer(100);
    const pending = fetch(url, { method: 'POST', body: 'x' }).catch((error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    assert.equal(await server.stopAccepting(100), false);
    assert.ok(performance.now() - started < 500);
    release();
    assert.equal(await server.drained(1000), true);
    await server.closeConnections();
    assert.equal((await pending).status, 200);
  });
});
