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
import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfconv from '@tensorflow/tfjs-converter';
import { SAVED_MODEL_FILE, SERVE_TAG } from './serving-names.mjs';
import { MetaGraphDefType, PLAIN_OBJECT_OPTIONS, SavedModelType, decodeTensor, dtypeName, int64, tfjsDtype } from './tf-proto.mjs';

export const INIT_OP_SIGNATURE_KEY = '__saved_model_init_op';

let initialised;

async function initialiseTfjs(backend) {
  initialised ??= (async () => {
    tf.env().set('PROD', true); // no "install tfjs-node" banner, no debug checks
    keepByteOrderMarks();
    registerStringLower();
  })();
  await initialised;
  if (tf.getBackend() !== backend) {
    if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend "${backend}" could not be initialised.`);
  }
}

// TensorFlow.js's string kernels (StaticRegexReplace, StringSplit, table lookups) decode tensor bytes with the
// platform's TextDecoder, which drops a leading U+FEFF: "\ufeffbom" would read as "bom". TensorFlow keeps every
// byte, so decode with ignoreBOM (the BOM stays a character) and leave everything else as the platform does it.
function keepByteOrderMarks() {
  const platform = tf.env().platform;
  const decoders = new Map();
  platform.decode = (bytes, encoding) => {
    if (bytes.length === 0) return '';
    if (!decoders.has(encoding)) decoders.set(encoding, new TextDecoder(encoding, { ignoreBOM: true }));
    return decoders.get(encoding).decode(bytes);
  };
}

// TensorFlow's StringLower with encoding """" lower-cases ASCII A-Z byte by byte and leaves every other byte alone.
function registerStringLower() {
  tfconv.registerOp('StringLower', (node) => {
    const encoding = node.attrs.encoding ?? '';
    if (encoding !== '') {
      throw new Error(`Node "${node.name}" (StringLower): only the ASCII encoding "" is supported, not "${encoding}".`);
    }
    const input = node.inputs[0];
    // The backend's raw UTF-8 bytes (synchronous, so graphs without tables can use execute()).
    const lowered = tf.backend().readSync(input.dataId).map((bytes) => {
      const out = Uint8Array.from(bytes);
      for (let i = 0; i < out.length; i++) if (out[i] >= 0x41 && out[i] <= 0x5a) out[i] += 0x20;
      return out;
    });
    return tf.tensor(lowered, input.shape, 'string');
  });
}

function nodeNameOf(tensorName) {
  return tensorName.startsWith('^') ? tensorName.slice(1) : tensorName.split(':')[0];
}

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

const weightOf = (dtype, shape, array) => ({ dtype, shape, bytes: new Uint8Array(array.buffer, array.byteOffset, array.byteLength) });

/** Converts a Const's TensorProto into {dtype, shape, bytes} for a TensorFlow.js weight. */
function constToWeight(nodeName, tensor) {
  const where = `Const node "${nodeName}"`;
  if (tensor == null) throw new Error(`${where} has no "value" attr.`);
  const { dtype, shape, values } = decodeTensor(tensor, where);
  switch (dtype) {
    case 'DT_FLOAT': return weightOf('float32', shape, values);
    case 'DT_DOUBLE': return weightOf('float32', shape, Float32Array.from(values));
    case 'DT_INT64': {
      // TensorFlow.js has no int64: values must fit in int32.
      const index = values.findIndex((v) => v < INT32_MIN || v > INT32_MAX);
      if (index >= 0) {
        throw new Error(`${where}: int64 value ${values[index]} at index ${index} does not fit in int32, which TensorFlow.js requires.`);
      }
      return weightOf('int32', shape, Int32Array.from(values, Number));
    }
    case 'DT_STRING': {
      const total = values.reduce((sum, s) => sum + 4 + s.length, 0);
      const out = new Uint8Array(total);
      const view = new DataView(out.buffer);
      let offset = 0;
      for (const s of values) {
        view.setUint32(offset, s.length, true);
        out.set(s, offset + 4);
        offset += 4 + s.length;
      }
      return { dtype: 'string', shape, bytes: out };
    }
    default: // the small integer types arrive as Int32Array, bool as 0/1 bytes
      return weightOf(tfjsDtype(dtype), shape, values);
  }
}

/** Converts an AttrValue into the proto3-JSON shape TensorFlow.js reads (bytes as base64, enums by name). */
function attrToJson(attr) {
  const shapeJson = (s) => ({
    dim: (s.dim ?? []).map((d) => ({ size: String(int64(d.size)) })),
    unknownRank: Boolean(s.unknown_rank),
  });
  const b64 = (bytes) => Buffer.from(bytes).toString('base64');
  switch (attr.value) {
    case 's': return { s: b64(attr.s) };
    case 'i': return { i: String(int64(attr.i)) };
    case 'f': return { f: attr.f };
    case 'b': return { b: attr.b };
    case 'type': return { type: dtypeName(attr.type) };
    case 'shape': return { shape: shapeJson(attr.shape) };
    case 'tensor': return {}; // Const values travel as weights
    case 'func': return { func: { name: attr.func.name } };
    case 'placeholder': return { placeholder: attr.placeholder };
    case 'list': {
      const l = attr.list;
      return {
        list: {
          s: (l.s ?? []).map(b64),
          i: (l.i ?? []).map((v) => String(int64(v))),
          f: l.f ?? [],
          b: l.b ?? [],
          type: (l.type ?? []).map(dtypeName),
          shape: (l.shape ?? []).map(shapeJson),
        },
      };
    }
    default: return {};
  }
}

function nodeToJson(node) {
  const attr = {};
  for (const [key, value] of Object.entries(node.attr ?? {})) attr[key] = attrToJson(value);
  return { name: node.name, op: node.op, input: [...(node.input ?? [])], attr };
}

/** Names of every node the given nodes depend on (data and control inputs), including themselves. */
function backwardClosure(nodesByName, roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length > 0) {
    const name = stack.pop();
    if (seen.has(name)) continue;
    const node = nodesByName.get(name);
    if (node == null) throw new Error(`The init op depends on node "${name}", which is not in the graph.`);
    seen.add(name);
    for (const input of node.input ?? []) stack.push(nodeNameOf(input));
  }
  return seen;
}

function findInitOp(metaGraph) {
  const signature = metaGraph.signature_def?.[INIT_OP_SIGNATURE_KEY];
  if (signature != null) {
    const output = signature.outputs?.[INIT_OP_SIGNATURE_KEY];
    if (output?.name == null) throw new Error(`Signature ${INIT_OP_SIGNATURE_KEY} has no output named ${INIT_OP_SIGNATURE_KEY}.`);
    return nodeNameOf(output.name);
  }
  for (const key of ['saved_model_main_op', 'legacy_init_op']) {
    const values = metaGraph.collection_def?.[key]?.node_list?.value;
    if (values != null) {
      if (values.length !== 1) throw new Error(`Collection ${key} must hold exactly one op, it holds ${values.length}.`);
      return nodeNameOf(values[0]);
    }
  }
  return null;
}

function sameTagSet(tags, wanted) {
  const a = new Set(tags);
  return a.size === wanted.size && [...wanted].every((t) => a.has(t));
}

/**
 * Decodes <versionDir>/saved_model.pb and picks the MetaGraphDef whose tag set is exactly `tags`.
 * @returns {{savedModel: object, metaGraph: object}} protobufjs messages
 */
async function readSavedModel(versionDir, tags = [SERVE_TAG]) {
  const file = path.join(versionDir, SAVED_MODEL_FILE);
  let bytes;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new Error(`${versionDir} does not contain a SavedModel (should have a file called saved_model.pb): ${error.message}`);
  }
  let savedModel;
  try {
    savedModel = SavedModelType.decode(bytes);
  } catch (error) {
    throw new Error(`${file} is not a binary SavedModel: ${error.message}`);
  }
  const wanted = new Set(tags);
  const metaGraph = (savedModel.meta_graphs ?? []).find((m) => sameTagSet(m.meta_info_def?.tags ?? [], wanted));
  if (metaGraph == null) {
    const found = (savedModel.meta_graphs ?? []).map((m) => `{ ${(m.meta_info_def?.tags ?? []).join(', ')} }`).join(', ');
    throw new Error(`${file}: could not find meta graph def matching supplied tags: { ${[...wanted].join(', ')} } (found ${found || 'none'}).`);
  }
  return { savedModel, metaGraph };
}

/** Converts a decoded MetaGraphDef into TensorFlow.js model artifacts (topology, weights, initializer). */
function toGraphModelArtifacts(metaGraph) {
  const graphDef = metaGraph.graph_def;
  if (graphDef == null || (graphDef.node ?? []).length === 0) throw new Error('The MetaGraphDef has no graph.');
  const nodesByName = new Map();
  for (const node of graphDef.node) {
    if (nodesByName.has(node.name)) throw new Error(`The graph has two nodes named "${node.name}".`);
    nodesByName.set(node.name, node);
  }
  for (const node of graphDef.node) {
    for (const input of node.input ?? []) {
      if (!nodesByName.has(nodeNameOf(input))) {
        throw new Error(`Node "${node.name}" (${node.op}) has input "${input}", which names no node in the graph.`);
      }
    }
  }

  const weightSpecs = [];
  const chunks = [];
  let total = 0;
  for (const node of graphDef.node) {
    if (node.op !== 'Const') continue;
    const declared = node.attr?.dtype?.type;
    const tensor = node.attr?.value?.tensor;
    const weight = constToWeight(node.name, tensor);
    if (declared != null && dtypeName(declared) !== dtypeName(tensor.dtype)) {
      throw new Error(`Const node "${node.name}": dtype attr ${dtypeName(declared)} differs from its value's ${dtypeName(tensor.dtype)}.`);
    }
    weightSpecs.push({ name: node.name, shape: weight.shape, dtype: weight.dtype });
    chunks.push(weight.bytes);
    total += weight.bytes.length;
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    weightData.set(chunk, offset);
    offset += chunk.length;
  }

  const producer = graphDef.versions?.producer ?? 0;
  const versions = { producer, minConsumer: graphDef.versions?.min_consumer ?? 0 };
  const modelTopology = { node: graphDef.node.map(nodeToJson), versions };

  let modelInitializer;
  const initOp = findInitOp(metaGraph);
  if (initOp != null) {
    if (!nodesByName.has(initOp)) throw new Error(`The init op "${initOp}" is not a node of the graph.`);
    const closure = backwardClosure(nodesByName, [initOp]);
    // NoOps only group control dependencies; TensorFlow.js would treat them as data inputs.
    const initNodes = graphDef.node.filter((n) => closure.has(n.name) && n.op !== 'NoOp').map(nodeToJson);
    if (initNodes.length > 0) modelInitializer = { node: initNodes, versions };
  }

  return { modelTopology, weightSpecs, weightData: weightData.buffer, modelInitializer, format: 'graph-model' };
}

function describeTensorInfo(info) {
  return `${info.name} (${dtypeName(info.dtype)})`;
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
  const bad = value.flat(Infinity).find((v) => (tfjsType === 'string'
    ? !(typeof v === 'string' || v instanceof Uint8Array)
    : tfjsType === 'bool' ? typeof v !== 'boolean' : typeof v !== 'number'));
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

const NO_FETCHABLE_OUTPUT = new Set(['NoOp', 'LookupTableImportV2', 'InitializeTableV2', 'HashTableV2']);

/** The ancestors of `outputNames` (data inputs only), in topological order. */
function topologicalAncestors(graphDef, outputNames) {
  const byName = new Map(graphDef.node.map((n) => [n.name, n]));
  const order = [];
  const state = new Map();
  const stack = outputNames.map((n) => [nodeNameOf(n), false]);
  while (stack.length > 0) {
    const [name, expanded] = stack.pop();
    if (expanded) {
      state.set(name, 'done');
      order.push(byName.get(name));
      continue;
    }
    if (state.has(name) || !byName.has(name)) continue;
    state.set(name, 'open');
    stack.push([name, true]);
    for (const input of byName.get(name).input ?? []) {
      if (!input.startsWith('^') && !state.has(nodeNameOf(input))) stack.push([nodeNameOf(input), false]);
    }
  }
  return order;
}

/**
 * After a failed run, finds the first node (in topological order) whose execution fails, by bisecting over
 * prefixes of the order: fetching a prefix executes exactly that prefix, so "fails" is monotone in its length.
 */
async function findFailingNode(model, graphDef, feeds, outputNames, originalError, disposeResult) {
  const candidates = topologicalAncestors(graphDef, outputNames)
    .filter((n) => !NO_FETCHABLE_OUTPUT.has(n.op) && n.op !== 'Placeholder' && n.op !== 'Const');
  // Only the original failure counts: fetching some intermediate outputs can fail for reasons of its own.
  const fails = async (count) => {
    try {
      disposeResult(await model.executeAsync(feeds, candidates.slice(0, count).map((n) => n.name)));
      return null;
    } catch (error) {
      return error.message === originalError.message ? error : null;
    }
  };
  let low = 1;
  let high = candidates.length;
  let error = await fails(high);
  if (error == null) return null;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const middleError = await fails(middle);
    if (middleError != null) {
      high = middle;
      error = middleError;
    } else low = middle + 1;
  }
  return { node: candidates[low - 1], error };
}

function unknownOpHint(error, graphDef) {
  const match = /Unknown op '([^']+)'/.exec(error.message);
  if (match == null) return '';
  const nodes = graphDef.node.filter((n) => n.op === match[1]).map((n) => `"${n.name}"`);
  return ` (nodes using it: ${nodes.slice(0, 5).join(', ')}${nodes.length > 5 ? ', ...' : ''})`;
}

// TensorFlow.js's wasm backend cannot hold strings (nor table resources): with backend 'wasm', nodes that touch
// them run on the cpu backend and the numeric rest on wasm, in phases, handing tensors over at the boundaries.
const STRING_SIDE_OPS = new Set([
  'StringLower', 'StaticRegexReplace', 'RegexReplace', 'StringSplit', 'StringSplitV2', 'StringToHashBucketFast',
  'HashTableV2', 'LookupTableFindV2', 'LookupTableImportV2', 'InitializeTableV2',
]);

function touchesStrings(node) {
  if (STRING_SIDE_OPS.has(node.op)) return true;
  for (const value of Object.values(node.attr ?? {})) {
    if (value.value === 'type' && ['DT_STRING', 'DT_RESOURCE'].includes(dtypeName(value.type))) return true;
    if (value.value === 'list' && (value.list.type ?? []).some((t) => ['DT_STRING', 'DT_RESOURCE'].includes(dtypeName(t)))) return true;
  }
  return false;
}

/**
 * Splits the nodes needed for `outputNames` into alternating cpu/wasm phases (Consts belong to no phase).
 * Returns [{ backend, fetch: tensor names to compute in this phase }], in execution order.
 */
function planPhases(graphDef, outputNames) {
  const order = topologicalAncestors(graphDef, outputNames);
  const phase = new Map();
  for (const node of order) {
    if (node.op === 'Const') continue;
    const side = touchesStrings(node) ? 0 : 1; // 0 = cpu, 1 = wasm; phases alternate cpu, wasm, cpu, ...
    let p = side;
    for (const input of node.input ?? []) {
      if (input.startsWith('^')) continue;
      const q = phase.get(nodeNameOf(input));
      if (q === undefined) continue;
      const needed = q % 2 === side ? q : q + 1;
      if (needed > p) p = needed;
    }
    phase.set(node.name, p);
  }
  const last = Math.max(...phase.values());
  const phases = Array.from({ length: last + 1 }, (_, i) => ({ backend: i % 2 === 0 ? 'cpu' : 'wasm', fetch: new Set() }));
  for (const node of order) {
    const p = phase.get(node.name);
    for (const input of node.input ?? []) {
      if (input.startsWith('^')) continue;
      const q = phase.get(nodeNameOf(input));
      if (q !== undefined && q < p) phases[q].fetch.add(input.includes(':') ? input : `${input}:0`);
    }
  }
  for (const name of outputNames) {
    const q = phase.get(nodeNameOf(name));
    if (q !== undefined) phases[q].fetch.add(name);
  }
  return phases.filter((p) => p.fetch.size > 0).map((p) => ({ backend: p.backend, fetch: [...p.fetch] }));
}

let phaseLock = Promise.resolve();

/**
 * Loads <versionDir>/saved_model.pb for execution.
 * @param {string} versionDir a SavedModel version directory, e.g. serving/models/sentiment/3
 * @param {{tags?: string[], backend?: 'cpu'|'wasm'}} [options]
 */
export async function loadSavedModel(versionDir, options = {}) {
  const tags = options.tags ?? [SERVE_TAG];
  const backend = options.backend ?? 'cpu';
  if (!['cpu', 'wasm'].includes(backend)) throw new Error(`Unknown TensorFlow.js backend "${backend}" (cpu or wasm).`);
  if (backend === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    await initialiseTfjs('wasm');
  }
  // The graph (weights, tables) is loaded on cpu; in wasm mode the numeric phases run on wasm.
  await initialiseTfjs('cpu');

  const { metaGraph } = await readSavedModel(versionDir, tags);
  const variablesIndex = path.join(versionDir, 'variables', 'variables.index');
  if (await fs.stat(variablesIndex).then(() => true, () => false)) {
    throw new Error(`${versionDir} stores weights in variables/, which this loader does not support: only Const weights are.`);
  }

  const artifacts = toGraphModelArtifacts(metaGraph);
  let model;
  try {
    model = await tfconv.loadGraphModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new Error(`TensorFlow.js could not load the graph of ${versionDir}: ${error.message}`);
  }

  const plain = MetaGraphDefType.toObject(metaGraph, PLAIN_OBJECT_OPTIONS);
  const signatureDefs = plain.signature_def;
  let disposed = false;
  // Fetched tensors belong to the caller, except weights (a fetched Const is the model's own tensor).
  const weightIds = new Set(Object.values(model.weights).flat().map((t) => t.id));
  const disposeResult = (result) => {
    for (const t of Array.isArray(result) ? result : [result]) if (t != null && !weightIds.has(t.id)) t.dispose();
  };
  // Graphs with hash tables need executeAsync; TensorFlow.js warns when it is used without need.
  let needsAsync = false;
  const plans = new Map();
  const executePhased = async (feeds, names) => {
    const key = names.join('\u0000');
    if (!plans.has(key)) plans.set(key, planPhases(metaGraph.graph_def, names));
    const known = { ...feeds };
    const produced = [];
    const release = phaseLock;
    let unlock;
    phaseLock = new Promise((resolve) => { unlock = resolve; });
    await release;
    try {
      for (const phase of plans.get(key)) {
        await tf.setBackend(phase.backend);
        // Phases with tables need executeAsync; the others use execute() (TensorFlow.js warns otherwise).
        let result;
        if (!phase.async) {
          try {
            result = model.execute(known, phase.fetch);
          } catch (error) {
            if (!/dynamic op|executeAsync/.test(error.message)) throw error;
            phase.async = true;
          }
        }
        result ??= await model.executeAsync(known, phase.fetch);
        const tensors = Array.isArray(result) ? result : [result];
        phase.fetch.forEach((name, i) => { known[name] = tensors[i]; });
        produced.push(...tensors);
      }
    } catch (error) {
      disposeResult(produced);
      throw error;
    } finally {
      await tf.setBackend('cpu');
      unlock();
    }
    const outputs = names.map((name) => known[name]);
    disposeResult(produced.filter((t) => !outputs.includes(t)));
    return outputs;
  };
  const execute = async (feeds, names) => {
    if (backend === 'wasm') return executePhased(feeds, names);
    if (!needsAsync) {
      try {
        return model.execute(feeds, names);
      } catch (error) {
        if (!/dynamic op|executeAsync/.test(error.message)) throw error;
        needsAsync = true;
      }
    }
    return model.executeAsync(feeds, names);
  };

  return {
    signatureDefs,
    /**
     * Runs a signature. inputs: {alias: array | tf.Tensor}; returns {alias: {dtype, shape, values}}.
     */
    async run(signatureKey, inputs) {
      if (disposed) throw new Error('The model has been disposed.');
      const signature = signatureDefs[signatureKey];
      if (signature == null || signatureKey === INIT_OP_SIGNATURE_KEY) {
        throw new Error(`Serving signature key "${signatureKey}" not found.`);
      }
      const expected = Object.keys(signature.inputs);
      const given = Object.keys(inputs ?? {});
      const missing = expected.filter((a) => !given.includes(a));
      const extra = given.filter((a) => !expected.includes(a));
      if (missing.length > 0 || extra.length > 0) {
        throw new Error(`Signature "${signatureKey}" expects inputs {${expected.join(', ')}}; ` +
          `missing {${missing.join(', ')}}, extra {${extra.join(', ')}}.`);
      }
      const feeds = {};
      const owned = [];
      let outputs = [];
      try {
        for (const alias of expected) {
          const { tensor, owned: isOwned } = toInputTensor(alias, signature.inputs[alias], inputs[alias]);
          if (isOwned) owned.push(tensor);
          feeds[signature.inputs[alias].name] = tensor;
        }
        const aliases = Object.keys(signature.outputs);
        const names = aliases.map((a) => signature.outputs[a].name);
        try {
          const result = await execute(feeds, names);
          outputs = Array.isArray(result) ? result : [result];
        } catch (error) {
          const wanted = aliases.map((a) => describeTensorInfo(signature.outputs[a])).join(', ');
          let where = unknownOpHint(error, metaGraph.graph_def);
          if (where === '') {
            const failing = await findFailingNode(model, metaGraph.graph_def, feeds, names, error, disposeResult).catch(() => null);
            if (failing != null) where = ` (first failing node: "${failing.node.name}", op ${failing.node.op})`;
          }
          throw new Error(`Running signature "${signatureKey}" (outputs ${wanted}) failed: ${error.message}${where}`);
        }
        const response = {};
        for (let i = 0; i < aliases.length; i++) {
          response[aliases[i]] = await toOutput(signature.outputs[aliases[i]], outputs[i]);
        }
        return response;
      } finally {
        for (const t of owned) t.dispose();
        disposeResult(outputs);
      }
    },
    dispose() {
      if (!disposed) {
        disposed = true;
        model.dispose();
      }
    },
  };
}
