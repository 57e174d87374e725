#!/usr/bin/env node
// Load benchmark of the local server, over loopback only, bounded in time:
//   node serving/benchmark/load-test.mjs [--model_base_path=serving/models/sentiment] [--seconds=10]
// Starts serving/local-server on a free port (default flags, then --enable_batching with config/batching.config),
// and prints Markdown tables:
//  1. one-tweet requests from 1, 8 and 32 clients for --seconds each: requests/s, p50 and p99 latency, non-200s;
//  2. recovery: how long a one-tweet request takes when sent right after the answer to the largest request the
//     server accepts, to one it refuses (the 10 MB body of 91,000 strings), and to one that passes its
//     deadline (a server with --rest_api_timeout_in_ms=2000); a tweet sent while the largest request runs; and
//     the server's peak resident memory (VmRSS) meanwhile; and 8 of the largest requests at once (as many rows as
//     the default queue holds; most pass the 30 s deadline) and 4 bodies of 16 MiB of numbers at once (as many
//     bytes as the server holds at once; numbers are the costliest JSON to decode), for the memory under abuse.
// Percentiles are nearest-rank over every request. The server's stdout goes to a temporary file.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MODEL_NAME } from '../lib/serving-names.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    model_base_path: { type: 'string', default: path.join(here, '..', 'models', MODEL_NAME) },
    seconds: { type: 'string', default: '10' },
  },
});
const seconds = Number(args.seconds);
const TWEET = JSON.stringify({ instances: ['I love this so much, best day ever!'] });
const TEXT = 'I love this so much, best day ever! @friend http://example.com not sure how I feel about it... ';
const textOf = (bytes, i) => `${i} ${TEXT.repeat(Math.ceil(bytes / TEXT.length))}`.slice(0, bytes);
const instances = (n, text) => JSON.stringify({ instances: Array.from({ length: n }, (_, i) => text(i)) });
const LARGEST = instances(1024, (i) => textOf(4096, i)); // --rest_api_max_instances × --rest_api_max_string_bytes
const REFUSED = instances(91_000, (i) => textOf(100, i)); // the body: 91k short strings, ~10 MB
const NUMBERS = `{"instances": [[${'0,'.repeat(8 * 2 ** 20 - 20)}0]]}`; // 16 MiB of numbers: the costliest body to decode

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

/** One request over `agent`; resolves to { status, ms }. */
function post(port, body, agent) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: `/v1/models/${MODEL_NAME}:predict`, method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** serving/local-server with `flags`, once the model is AVAILABLE: { port, pid, stop() }. */
async function startServer(flags) {
  const port = await freePort();
  const log = fs.openSync(path.join(os.tmpdir(), `load-test-server-${port}.log`), 'w');
  const child = spawn(path.join(here, '..', 'local-server'), [`--rest_api_port=${port}`, `--model_base_path=${args.model_base_path}`, ...flags],
    { stdio: ['ignore', log, log] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 600; i++) {
    const status = await fetch(`http://127.0.0.1:${port}/v1/models/${MODEL_NAME}`).then((r) => r.text(), () => '');
    if (status.includes('AVAILABLE')) break;
    if (child.exitCode !== null) throw new Error(`local-server exited (${child.exitCode}); see ${os.tmpdir()}/load-test-server-${port}.log`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const agent = new http.Agent({ keepAlive: true });
  for (let i = 0; i < 5; i++) await post(port, TWEET, agent); // the first runs of a graph are slower
  agent.destroy();
  return { port, pid: child.pid, stop: () => { child.kill('SIGTERM'); return exited; } };
}

/** Peak VmRSS (MiB) of `pid` while `work` runs, sampled every 50 ms. */
async function peakMemoryDuring(pid, work) {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  let peak = rss();
  const timer = setInterval(() => { peak = Math.max(peak, rss()); }, 50);
  try {
    return { result: await work(), peakMiB: Math.max(peak, rss()) };
  } finally {
    clearInterval(timer);
  }
}

const percentile = (sorted, p) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
const round = (x) => Math.round(x);

/** `clients` loops sending one tweet after another for `seconds`: one Markdown row. */
async function loadRow(server, label, clients) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const results = [];
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) results.push(await post(server.port, TWEET, agent));
  }));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const bad = results.filter((r) => r.status !== 200).length;
  return `| ${label} | ${clients} | ${results.length} | ${(results.length / elapsed).toFixed(1)} | ${round(percentile(ms, 0.5))} | ${round(percentile(ms, 0.99))} | ${bad} |`;
}

/** Sends `body`; once it is answered, one tweet. One Markdown row. */
async function recoveryRow(server, label, body) {
  const agent = new http.Agent({ keepAlive: true });
  let during = null;
  const { result: [big, after], peakMiB } = await peakMemoryDuring(server.pid, async () => {
    let answered = false;
    const pending = post(server.port, body, agent).finally(() => { answered = true; });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const probe = answered ? null : await post(server.port, TWEET, agent);
    if (!answered) during = probe;
    const answer = await pending;
    return [answer, await post(server.port, TWEET, agent)];
  });
  agent.destroy();
  const whileRunning = during === null ? '—' : `${round(during.ms)} (${during.status})`;
  return `| ${label} | ${(Buffer.byteLength(body) / 2 ** 20).toFixed(1)} MiB | ${big.status} in ${round(big.ms)} | ${whileRunning} | ${round(after.ms)} (${after.status}) | ${round(peakMiB)} |`;
}

/** `count` copies of `body` at once: statuses, time to the last answer, a tweet after, peak memory. */
async function stressRow(server, label, body, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: count });
  const started = performance.now();
  const { result: answers, peakMiB } = await peakMemoryDuring(server.pid, () => Promise.all(Array.from({ length: count }, () => post(server.port, body, agent))));
  const took = performance.now() - started;
  const after = await post(server.port, TWEET, agent);
  agent.destroy();
  const counts = new Map();
  for (const { status } of answers) counts.set(status, (counts.get(status) ?? 0) + 1);
  const statuses = [...counts].map(([status, n]) => `${n} × ${status}`).join(', ');
  return `| ${label} | ${count} × ${(Buffer.byteLength(body) / 2 ** 20).toFixed(1)} MiB | ${statuses}, last in ${round(took)} | — | ${round(after.ms)} (${after.status}) | ${round(peakMiB)} |`;
}

const loadAverage = () => os.loadavg().map((x) => x.toFixed(2)).join(', ');

async function main() {
  if (!fs.existsSync('/proc/self/status')) throw new Error('load-test needs Linux (/proc) to sample the server\'s memory');
  console.log(`Local server load test, ${new Date().toISOString()}, ${os.cpus().length} CPUs, load average at start ${loadAverage()}`);
  console.log(`Model: ${args.model_base_path}; ${seconds} s per load row\n`);
  console.log('| server | clients | requests | requests/s | p50 ms | p99 ms | non-200 |\n|---|---|---|---|---|---|---|');
  let server = await startServer([]);
  for (const clients of [1, 8, 32]) console.log(await loadRow(server, 'default', clients));
  const recovery = [await recoveryRow(server, 'largest accepted (1,024 × 4,096 bytes)', LARGEST), await recoveryRow(server, 'refused (91,000 strings)', REFUSED)];
  recovery.push(await stressRow(server, '8 largest at once (the queue full)', LARGEST, 8));
  recovery.push(await stressRow(server, '4 bodies of numbers at once (the bytes held at once)', NUMBERS, 4));
  await server.stop();
  server = await startServer(['--enable_batching', `--batching_parameters_file=${path.join(here, '..', 'config', 'batching.config')}`]);
  for (const clients of [8, 32]) console.log(await loadRow(server, '`--enable_batching`', clients));
  await server.stop();
  server = await startServer(['--rest_api_timeout_in_ms=2000']);
  recovery.push(await recoveryRow(server, 'past its deadline (largest, 2 s timeout)', LARGEST));
  await server.stop();
  console.log('\n| request | body | its answer (status in ms) | a tweet sent 1 s into it (ms) | a tweet right after its answer (ms) | peak VmRSS MiB |');
  console.log('|---|---|---|---|---|---|');
  for (const row of recovery) console.log(row);
  console.log(`\nLoad average at the end: ${loadAverage()}`);
}

main().catch((error) => {
  console.error(`load-test: ${error.message}`);
  process.exit(1);
});
