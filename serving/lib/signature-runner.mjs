// Runs one signature of a loaded graph: checks the inputs against the SignatureDef, feeds them as tensors, fetches
// every output and returns them as plain { dtype, shape, values }, disposing every tensor it made.

import * as tf from '@tensorflow/tfjs-core';
import { INIT_OP_SIGNATURE } from './serving-names.mjs';
import { whereRunFailed } from './run-diagnostics.mjs';
import { dtypeName, tfjsDtype } from './tf-proto.mjs';

function describeTensorInfo(info) {
  return `${info.name} (${dtypeName(info.dtype)})`;
}

function isValueOf(tfjsType) {
  if (tfjsType === 'string') return (v) => typeof v === 'string' || v instanceof Uint8Array;
  if (tfjsType === 'bool') return (v) => typeof v === 'boolean';
  return (v) => typeof v === 'number';
}

function toInputTensor(alias, info, value) {
  const dtype = dtypeName(info.dtype);
  const tfjsType = tfjsDtype(dtype);
  if (tfjsType == null) throw new Error(`Input "${alias}" has dtype ${dtype}, which TensorFlow.js cannot feed.`);
  if (value instanceof tf.Tensor) {
    if (value.dtype !== tfjsType) throw new Error(`Input "${alias}" must be ${dtype} (${tfjsType}), got a ${value.dtype} tensor.`);
    return { tensor: value, owned: false };
  }
  if (!Array.isArray(value)) throw new Error(`Input "${alias}" must be an array or a tf.Tensor.`);
  const isValue = isValueOf(tfjsType);
  const bad = value.flat(Infinity).find((v) => !isValue(v));
  if (bad !== undefined) {
    throw new Error(`Input "${alias}" must hold ${dtype} values; ${JSON.stringify(bad)} is not one.`);
  }
  try {
    return { tensor: tf.tensor(value, undefined, tfjsType), owned: true };
  } catch (error) {
    throw new Error(`Input "${alias}" (${dtype}) is not a valid tensor: ${error.message}`);
  }
}

async function toOutput(info, tensor) {
  const dtype = dtypeName(info.dtype);
  const data = await tensor.data();
  return { dtype, shape: [...tensor.shape], values: Array.from(data) };
}

function checkInputNames(signatureKey, signature, inputs) {
  const expected = Object.keys(signature.inputs);
  const given = Object.keys(inputs ?? {});
  const missing = expected.filter((a) => !given.includes(a));
  const extra = given.filter((a) => !expected.includes(a));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`Signature "${signatureKey}" expects inputs {${expected.join(', ')}}; ` +
      `missing {${missing.join(', ')}}, extra {${extra.join(', ')}}.`);
  }
  return expected;
}

/** Feeds by tensor name; `owned` collects the tensors made here (the caller disposes them). */
function feedsFor(signature, aliases, inputs, owned) {
  const feeds = {};
  for (const alias of aliases) {
    const { tensor, owned: isOwned } = toInputTensor(alias, signature.inputs[alias], inputs[alias]);
    if (isOwned) owned.push(tensor);
    feeds[signature.inputs[alias].name] = tensor;
  }
  return feeds;
}

async function fetchOutputs(graph, signatureKey, signature, feeds) {
  const aliases = Object.keys(signature.outputs);
  const names = aliases.map((a) => signature.outputs[a].name);
  try {
    const result = await graph.executor.execute(feeds, names);
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    const wanted = aliases.map((a) => describeTensorInfo(signature.outputs[a])).join(', ');
    const where = await whereRunFailed({ model: graph.model, graphDef: graph.graphDef, disposeResult: graph.executor.disposeResult }, feeds, names, error);
    throw new Error(`Running signature "${signatureKey}" (outputs ${wanted}) failed: ${error.message}${where}`);
  }
}

/**
 * Runs `signatureKey` of `graph` ({ model, graphDef, signatureDefs, executor }) on inputs {alias: array | tf.Tensor};
 * returns {alias: {dtype, shape, values}}.
 */
export async function runSignature(graph, signatureKey, inputs) {
  const signature = graph.signatureDefs[signatureKey];
  if (signature == null || signatureKey === INIT_OP_SIGNATURE) {
    throw new Error(`Serving signature key "${signatureKey}" not found.`);
  }
  const aliases = checkInputNames(signatureKey, signature, inputs);
  const owned = [];
  let outputs = [];
  try {
    const feeds = feedsFor(signature, aliases, inputs, owned);
    outputs = await fetchOutputs(graph, signatureKey, signature, feeds);
    const response = {};
    const outputAliases = Object.keys(signature.outputs);
    for (let i = 0; i < outputAliases.length; i++) {
      response[outputAliases[i]] = await toOutput(signature.outputs[outputAliases[i]], outputs[i]);
    }
    return response;
  } finally {
    for (const t of owned) t.dispose();
    graph.executor.disposeResult(outputs);
  }
}
