#!/usr/bin/env node
// Test and debugging harness: runs one signature of a SavedModel on TensorFlow.js.
//   node serving/tools/run-saved-model.mjs <versionDir> <signature> [--backend cpu|wasm] [--lines] < inputs.json
// inputs.json is {"<alias>": <nested array>, ...}; the outputs are printed as
// {"<alias>": {"dtype": "DT_FLOAT", "shape": [..], "values": [..flat..]}, ...}.
// --lines keeps the model loaded for many batches (the trainer's `evaluate --saved-model` uses it): it prints
// {"ready": true} once the model has loaded, then reads one inputs object per line of standard input and
// prints one outputs object per line, in order, until standard input ends.
// Errors go to stderr with exit code 1 (2 for wrong usage).
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { loadSavedModel } from '../lib/saved-model.mjs';

function usage(message) {
  process.stderr.write(`${message}\nusage: run-saved-model.mjs <versionDir> <signature> [--backend cpu|wasm] [--lines] < inputs.json\n`);
  process.exit(2);
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

let parsed;
try {
  parsed = parseArgs({ options: { backend: { type: 'string', default: 'cpu' }, lines: { type: 'boolean', default: false } }, allowPositionals: true });
} catch (error) {
  usage(error.message);
}
const { values: { backend, lines }, positionals: positional } = parsed;
if (positional.length !== 2) usage('expected a version directory and a signature name');
if (!['cpu', 'wasm'].includes(backend)) usage(`unknown backend "${backend}"`);
const [versionDir, signature] = positional;

function parseInputs(text, where) {
  let inputs;
  try {
    inputs = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not JSON: ${error.message}`);
  }
  if (inputs == null || typeof inputs !== 'object' || Array.isArray(inputs)) {
    throw new Error(`${where} must be a JSON object {"<input alias>": [...]}`);
  }
  return inputs;
}

async function runLines(model) {
  process.stdout.write('{"ready":true}\n');
  let lineNumber = 0;
  for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') continue;
    const outputs = await model.run(signature, parseInputs(line, `input line ${lineNumber}`));
    process.stdout.write(`${JSON.stringify(outputs)}\n`);
  }
}

try {
  const inputs = lines ? null : parseInputs(await readStdin(), 'standard input');
  const model = await loadSavedModel(versionDir, { backend });
  try {
    if (lines) await runLines(model);
    else process.stdout.write(`${JSON.stringify(await model.run(signature, inputs))}\n`);
  } finally {
    model.dispose();
  }
} catch (error) {
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 1;
}
