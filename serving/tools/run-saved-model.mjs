#!/usr/bin/env node
// Test and debugging harness: runs one signature of a SavedModel on TensorFlow.js.
//   node serving/tools/run-saved-model.mjs <versionDir> <signature> [--backend cpu|wasm] < inputs.json
// inputs.json is {"<alias>": <nested array>, ...}; the outputs are printed as
// {"<alias>": {"dtype": "DT_FLOAT", "shape": [..], "values": [..flat..]}, ...}.
// Errors go to stderr with exit code 1 (2 for wrong usage).
import { loadSavedModel } from '../lib/saved-model.mjs';

function usage(message) {
  process.stderr.write(`${message}\nusage: run-saved-model.mjs <versionDir> <signature> [--backend cpu|wasm] < inputs.json\n`);
  process.exit(2);
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const args = process.argv.slice(2);
let backend = 'cpu';
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--backend') backend = args[++i] ?? usage('--backend needs a value');
  else positional.push(args[i]);
}
if (positional.length !== 2) usage('expected a version directory and a signature name');
if (!['cpu', 'wasm'].includes(backend)) usage(`unknown backend "${backend}"`);
const [versionDir, signature] = positional;

try {
  let inputs;
  try {
    inputs = JSON.parse(await readStdin());
  } catch (error) {
    throw new Error(`standard input is not JSON: ${error.message}`);
  }
  if (inputs == null || typeof inputs !== 'object' || Array.isArray(inputs)) {
    throw new Error('standard input must be a JSON object {"<input alias>": [...]}');
  }
  const model = await loadSavedModel(versionDir, { backend });
  try {
    const outputs = await model.run(signature, inputs);
    process.stdout.write(`${JSON.stringify(outputs)}\n`);
  } finally {
    model.dispose();
  }
} catch (error) {
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 1;
}
