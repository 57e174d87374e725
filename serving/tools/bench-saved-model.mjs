#!/usr/bin/env node
// Inference speed of a SavedModel on TensorFlow.js (the local serving engine).
//   node serving/tools/bench-saved-model.mjs <versionDir> [--backend cpu|wasm] [--batches 1,32] [--runs 20]
// Prints one JSON line per batch size: load time, first run, and the median/mean of warm runs in milliseconds.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadSavedModel } from '../lib/saved-model.mjs';
import { SERVING_SIGNATURE } from '../lib/serving-names.mjs';

const USAGE = 'usage: bench-saved-model.mjs <versionDir> [--backend cpu|wasm] [--batches 1,32] [--runs 20]\n';
let parsed;
try {
  parsed = parseArgs({
    options: {
      backend: { type: 'string', default: 'cpu' },
      batches: { type: 'string', default: '1,32' },
      runs: { type: 'string', default: '20' },
      signature: { type: 'string', default: SERVING_SIGNATURE },
    },
    allowPositionals: true,
  });
} catch (error) {
  process.stderr.write(`${error.message}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals: positional } = parsed;
const options = { backend: values.backend, batches: values.batches.split(',').map(Number), runs: Number(values.runs), signature: values.signature };
if (positional.length !== 1) {
  process.stderr.write(USAGE);
  process.exit(2);
}

const words = ['love', 'hate', 'this', 'day', 'so', 'happy', 'sad', 'work', 'today', 'great', 'awful', 'the', 'a', 'lol'];
function tweet(i) {
  const n = 5 + (i * 7) % 20;
  return Array.from({ length: n }, (_, j) => words[(i * 31 + j * 17) % words.length]).join(' ') + (i % 3 === 0 ? '!!! @user http://t.co/x' : '');
}

try {
  let start = performance.now();
  const model = await loadSavedModel(positional[0], { backend: options.backend });
  const loadMs = performance.now() - start;
  for (const batch of options.batches) {
    const text = Array.from({ length: batch }, (_, i) => tweet(i));
    start = performance.now();
    await model.run(options.signature, { text });
    const firstMs = performance.now() - start;
    const times = [];
    for (let r = 0; r < options.runs; r++) {
      start = performance.now();
      await model.run(options.signature, { text });
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const round = (x) => Math.round(x * 10) / 10;
    process.stdout.write(`${JSON.stringify({
      backend: options.backend, signature: options.signature, batch, runs: options.runs,
      loadMs: round(loadMs), firstRunMs: round(firstMs),
      medianMs: round(times[Math.floor(times.length / 2)]), meanMs: round(times.reduce((a, b) => a + b, 0) / times.length),
      tweetsPerSecond: Math.round(batch / (times[Math.floor(times.length / 2)] / 1000)),
    })}\n`);
  }
  model.dispose();
} catch (error) {
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 1;
}
