// Runs a TensorFlow SavedModel (binary saved_model.pb, Const weights only) on TensorFlow.js.
//
// The SavedModel is decoded with the project's own schema (serving/proto/saved_model.proto) and converted in
// memory into a TensorFlow.js graph model: every Const's TensorProto becomes a weight, the backward closure of
// the init op (hash-table imports) becomes the model initializer. TensorFlow.js executes every op with its own
// kernels; the one op it lacks, StringLower, gets an ASCII stand-in (TensorFlow's default encoding "").
//
//   const model = await loadSavedModel('serving/models/sentiment/3', { backend: 'cpu' | 'wasm' });
//   model.signatureDefs            // decoded SignatureDefs, TF Serving's metadata field names (snake_case)
//   await model.run('serving_default', { text: ['I love this!'] })
//     // → { probability: { dtype: 'DT_FLOAT', shape: [1], values: [0.97] }, label: { dtype: 'DT_STRING', ... } }
//   model.dispose();
//
// The parts: saved-model-file.mjs (reading the file), graph-model-artifacts.mjs (conversion), tfjs-runtime.mjs
// (string decoding and StringLower), phase-plan.mjs and graph-executor.mjs (cpu/wasm execution),
// signature-runner.mjs and run-diagnostics.mjs (running a signature, saying where it failed).
import * as tf from '@tensorflow/tfjs-core';
import * as tfconv from '@tensorflow/tfjs-converter';
import { createExecutor } from './graph-executor.mjs';
import { toGraphModelArtifacts } from './graph-model-artifacts.mjs';
import { readMetaGraph } from './saved-model-file.mjs';
import { SERVE_TAG } from './serving-names.mjs';
import { runSignature } from './signature-runner.mjs';
import { MetaGraphDefType, PLAIN_OBJECT_OPTIONS } from './tf-proto.mjs';
import { initialiseTfjs } from './tfjs-runtime.mjs';

const BACKENDS = ['cpu', 'wasm'];

async function prepareBackend(backend) {
  if (!BACKENDS.includes(backend)) throw new Error(`Unknown TensorFlow.js backend "${backend}" (cpu or wasm).`);
  if (backend === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    await initialiseTfjs('wasm');
  }
  // The graph (weights, tables) is loaded on cpu; in wasm mode the numeric phases run on wasm.
  await initialiseTfjs('cpu');
}

async function loadGraphModel(versionDir, metaGraph) {
  const artifacts = toGraphModelArtifacts(metaGraph);
  try {
    return await tfconv.loadGraphModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new Error(`TensorFlow.js could not load the graph of ${versionDir}: ${error.message}`);
  }
}

/**
 * Loads <versionDir>/saved_model.pb for execution.
 * @param {string} versionDir a SavedModel version directory, e.g. serving/models/sentiment/3
 * @param {{tags?: string[], backend?: 'cpu'|'wasm'}} [options]
 */
export async function loadSavedModel(versionDir, options = {}) {
  const backend = options.backend ?? 'cpu';
  await prepareBackend(backend);
  const metaGraph = await readMetaGraph(versionDir, options.tags ?? [SERVE_TAG]);
  const model = await loadGraphModel(versionDir, metaGraph);
  const graph = {
    model,
    graphDef: metaGraph.graph_def,
    signatureDefs: MetaGraphDefType.toObject(metaGraph, PLAIN_OBJECT_OPTIONS).signature_def,
    executor: createExecutor(model, metaGraph.graph_def, backend),
  };
  let disposed = false;
  return {
    signatureDefs: graph.signatureDefs,
    /** Runs a signature. inputs: {alias: array | tf.Tensor}; returns {alias: {dtype, shape, values}}. */
    async run(signatureKey, inputs) {
      if (disposed) throw new Error('The model has been disposed.');
      return runSignature(graph, signatureKey, inputs);
    },
    dispose() {
      if (!disposed) {
        disposed = true;
        model.dispose();
      }
    },
  };
}
