// Converts a decoded MetaGraphDef into the artifacts tf.loadGraphModel reads: the GraphDef as proto3 JSON, every
// Const's TensorProto as a weight (TensorFlow.js takes Const values from the weights, not from the `value` attr),
// and the backward closure of the init op (hash-table imports) as the model initializer.

import { INIT_OP_SIGNATURE } from './serving-names.mjs';
import { backwardClosure, indexNodes, nodeNameOf } from './graph-def.mjs';
import { decodeTensor, dtypeName, int64, tfjsDtype } from './tf-proto.mjs';

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const INIT_OP_COLLECTIONS = ['saved_model_main_op', 'legacy_init_op'];

const weightOf = (dtype, shape, array) => ({ dtype, shape, bytes: new Uint8Array(array.buffer, array.byteOffset, array.byteLength) });

/** TensorFlow.js has no int64: values must fit in int32. */
function int64Weight(where, shape, values) {
  const index = values.findIndex((v) => v < INT32_MIN || v > INT32_MAX);
  if (index >= 0) {
    throw new Error(`${where}: int64 value ${values[index]} at index ${index} does not fit in int32, which TensorFlow.js requires.`);
  }
  return weightOf('int32', shape, Int32Array.from(values, Number));
}

/** TensorFlow.js string weights: per element a uint32 little-endian byte length, then the bytes. */
function stringWeight(shape, values) {
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

/** Converts a Const's TensorProto into {dtype, shape, bytes} for a TensorFlow.js weight. */
function constToWeight(nodeName, tensor) {
  const where = `Const node "${nodeName}"`;
  if (tensor == null) throw new Error(`${where} has no "value" attr.`);
  const { dtype, shape, values } = decodeTensor(tensor, where);
  switch (dtype) {
    case 'DT_FLOAT': return weightOf('float32', shape, values);
    case 'DT_DOUBLE': return weightOf('float32', shape, Float32Array.from(values));
    case 'DT_INT64': return int64Weight(where, shape, values);
    case 'DT_STRING': return stringWeight(shape, values);
    default: // the small integer types arrive as Int32Array, bool as 0/1 bytes
      return weightOf(tfjsDtype(dtype), shape, values);
  }
}

const shapeJson = (s) => ({
  dim: (s.dim ?? []).map((d) => ({ size: String(int64(d.size)) })),
  unknownRank: Boolean(s.unknown_rank),
});
const b64 = (bytes) => Buffer.from(bytes).toString('base64');

function listAttrToJson(l) {
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

/** Converts an AttrValue into the proto3-JSON shape TensorFlow.js reads (bytes as base64, enums by name). */
function attrToJson(attr) {
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
    case 'list': return listAttrToJson(attr.list);
    default: return {};
  }
}

function nodeToJson(node) {
  const attr = {};
  for (const [key, value] of Object.entries(node.attr ?? {})) attr[key] = attrToJson(value);
  return { name: node.name, op: node.op, input: [...(node.input ?? [])], attr };
}

/** The init op's node name: the __saved_model_init_op signature, else the main-op collections; null if none. */
function findInitOp(metaGraph) {
  const signature = metaGraph.signature_def?.[INIT_OP_SIGNATURE];
  if (signature != null) {
    const output = signature.outputs?.[INIT_OP_SIGNATURE];
    if (output?.name == null) throw new Error(`Signature ${INIT_OP_SIGNATURE} has no output named ${INIT_OP_SIGNATURE}.`);
    return nodeNameOf(output.name);
  }
  for (const key of INIT_OP_COLLECTIONS) {
    const values = metaGraph.collection_def?.[key]?.node_list?.value;
    if (values != null) {
      if (values.length !== 1) throw new Error(`Collection ${key} must hold exactly one op, it holds ${values.length}.`);
      return nodeNameOf(values[0]);
    }
  }
  return null;
}

/** Every Const node's value as one weight buffer and its specs, in graph order. */
function packWeights(nodes) {
  const weightSpecs = [];
  const chunks = [];
  let total = 0;
  for (const node of nodes) {
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
  return { weightSpecs, weightData: weightData.buffer };
}

/** The init op's backward closure as a GraphDef for TensorFlow.js's modelInitializer, or undefined. */
function initializerGraph(metaGraph, nodesByName, versions) {
  const initOp = findInitOp(metaGraph);
  if (initOp == null) return undefined;
  if (!nodesByName.has(initOp)) throw new Error(`The init op "${initOp}" is not a node of the graph.`);
  const closure = backwardClosure(nodesByName, [initOp]);
  // NoOps only group control dependencies; TensorFlow.js would treat them as data inputs.
  const initNodes = metaGraph.graph_def.node.filter((n) => closure.has(n.name) && n.op !== 'NoOp').map(nodeToJson);
  return initNodes.length > 0 ? { node: initNodes, versions } : undefined;
}

/** Converts a decoded MetaGraphDef into TensorFlow.js model artifacts (topology, weights, initializer). */
export function toGraphModelArtifacts(metaGraph) {
  const graphDef = metaGraph.graph_def;
  if (graphDef == null || (graphDef.node ?? []).length === 0) throw new Error('The MetaGraphDef has no graph.');
  const nodesByName = indexNodes(graphDef);
  const { weightSpecs, weightData } = packWeights(graphDef.node);
  const producer = graphDef.versions?.producer ?? 0;
  const versions = { producer, minConsumer: graphDef.versions?.min_consumer ?? 0 };
  const modelTopology = { node: graphDef.node.map(nodeToJson), versions };
  const modelInitializer = initializerGraph(metaGraph, nodesByName, versions);
  return { modelTopology, weightSpecs, weightData, modelInitializer, format: 'graph-model' };
}
