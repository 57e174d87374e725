// TensorFlow's protobuf schema as this project reads it (serving/proto/saved_model.proto), and the one place that
// turns its values into JavaScript: DataType names, int64 fields, TensorShapeProto dimensions and TensorProto
// contents. The SavedModel loader (Const weights), the warmup replay (PredictLog requests), the REST codec
// (dtype rules) and the metadata JSON all read them through here.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const PROTO_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'proto', 'saved_model.proto');

// keepCase: field names stay as in TensorFlow's schema (tensor_shape, method_name, ...), the same names
// TF Serving's metadata JSON uses.
const root = new protobuf.Root().loadSync(PROTO_PATH, { keepCase: true });
export const SavedModelType = root.lookupType('tensorflow.SavedModel');
export const MetaGraphDefType = root.lookupType('tensorflow.MetaGraphDef');
export const PredictionLogType = root.lookupType('tensorflow.PredictionLog');
const DataTypeEnum = root.lookupEnum('tensorflow.DataType');

/** Options for turning decoded messages into plain objects: enums by name, int64 as decimal strings. */
export const PLAIN_OBJECT_OPTIONS = Object.freeze({
  enums: String, longs: String, bytes: String, defaults: true, arrays: true, objects: true,
});

/** The `DT_*` name of a dtype given as enum number (decoded message) or name (plain object); else DT_INVALID. */
export function dtypeName(dtype) {
  if (typeof dtype === 'number') return DataTypeEnum.valuesById[dtype] ?? 'DT_INVALID';
  if (typeof dtype === 'string' && dtype in DataTypeEnum.values) return dtype;
  return 'DT_INVALID';
}

/** TensorFlow's DataTypeString: DT_FLOAT -> "float". */
export function dtypeString(dtype) {
  return dtypeName(dtype).slice(3).toLowerCase();
}

// TensorFlow.js has float32, int32, bool and string: the wider and narrower types are fed and held as those.
const TFJS_DTYPES = Object.freeze({
  DT_FLOAT: 'float32', DT_DOUBLE: 'float32', DT_HALF: 'float32',
  DT_INT32: 'int32', DT_INT64: 'int32', DT_INT16: 'int32', DT_INT8: 'int32', DT_UINT8: 'int32',
  DT_BOOL: 'bool', DT_STRING: 'string',
});

/** The TensorFlow.js dtype a tensor of `dtype` is held as, or undefined when TensorFlow.js has none. */
export function tfjsDtype(dtype) {
  return TFJS_DTYPES[dtypeName(dtype)];
}

/**
 * An int64/uint64 field as a BigInt, however it arrives: a protobufjs Long (decoded message), a decimal string
 * (plain object), a number or a bigint.
 */
export function int64(value) {
  if (value == null) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'object' && 'low' in value) {
    const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
    return value.unsigned ? bits : BigInt.asIntN(64, bits);
  }
  return BigInt(value);
}

/** A TensorShapeProto's dimension sizes as numbers (-1 where unknown); [] for a missing shape. */
export function shapeDims(tensorShape) {
  return (tensorShape?.dim ?? []).map((d) => Number(int64(d.size)));
}

export const sameShape = (a, b) => a.length === b.length && a.every((d, i) => d === b[i]);
export const shapeString = (shape) => `[${shape.join(',')}]`;
export const elementCount = (shape) => shape.reduce((a, b) => a * b, 1);

/** A fully defined shape, or an error naming `where`. */
function definedShape(tensorShape, where) {
  if (tensorShape?.unknown_rank) throw new Error(`${where}: the tensor shape has unknown rank.`);
  const shape = shapeDims(tensorShape);
  const bad = shape.find((size) => !Number.isSafeInteger(size) || size < 0);
  if (bad !== undefined) throw new Error(`${where}: dimension size ${bad} is not fully defined.`);
  return shape;
}

/** Typed *_val fields shorter than the tensor repeat their last value (zero when empty), as TensorFlow does. */
function filled(ArrayType, values, count) {
  const out = new ArrayType(count);
  const n = Math.min(values.length, count);
  for (let i = 0; i < n; i++) out[i] = values[i];
  if (n > 0 && n < count) out.fill(out[n - 1], n); // typed arrays start out zero
  return out;
}

/** tensor_content (little-endian, packed) read with `read(view, index)`, or an error when its size is wrong. */
function fromContent(ArrayType, bytesPerElement, content, count, read, where) {
  if (content.length !== bytesPerElement * count) {
    throw new Error(`${where}: tensor_content has ${content.length} bytes, expected ${bytesPerElement * count}.`);
  }
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  const out = new ArrayType(count);
  for (let i = 0; i < count; i++) out[i] = read(view, i);
  return out;
}

const SMALL_INTS = {
  DT_INT32: [4, (v, i) => v.getInt32(4 * i, true)],
  DT_INT16: [2, (v, i) => v.getInt16(2 * i, true)],
  DT_INT8: [1, (v, i) => v.getInt8(i)],
  DT_UINT8: [1, (v, i) => v.getUint8(i)],
};

/**
 * The values of a decoded TensorProto as { dtype, shape, values }: Float32Array (DT_FLOAT), Float64Array
 * (DT_DOUBLE), Int32Array (DT_INT32/16/8, DT_UINT8), BigInt64Array (DT_INT64), Uint8Array of 0/1 (DT_BOOL), or an
 * array of Uint8Array (DT_STRING). `where` names the tensor in errors.
 */
export function decodeTensor(proto, where) {
  const dtype = dtypeName(proto.dtype);
  const shape = definedShape(proto.tensor_shape, where);
  const count = elementCount(shape);
  const content = proto.tensor_content?.length > 0 ? proto.tensor_content : null;
  let values;
  switch (dtype) {
    case 'DT_FLOAT':
      values = content ? fromContent(Float32Array, 4, content, count, (v, i) => v.getFloat32(4 * i, true), where)
        : filled(Float32Array, proto.float_val ?? [], count);
      break;
    case 'DT_DOUBLE':
      values = content ? fromContent(Float64Array, 8, content, count, (v, i) => v.getFloat64(8 * i, true), where)
        : filled(Float64Array, proto.double_val ?? [], count);
      break;
    case 'DT_INT32': case 'DT_INT16': case 'DT_INT8': case 'DT_UINT8': {
      const [size, read] = SMALL_INTS[dtype];
      values = content ? fromContent(Int32Array, size, content, count, read, where)
        : filled(Int32Array, proto.int_val ?? [], count);
      break;
    }
    case 'DT_INT64':
      values = content ? fromContent(BigInt64Array, 8, content, count, (v, i) => v.getBigInt64(8 * i, true), where)
        : filled(BigInt64Array, (proto.int64_val ?? []).map(int64), count);
      break;
    case 'DT_BOOL':
      values = content ? fromContent(Uint8Array, 1, content, count, (v, i) => v.getUint8(i), where)
        : filled(Uint8Array, (proto.bool_val ?? []).map((b) => (b ? 1 : 0)), count);
      break;
    case 'DT_STRING': {
      if (content) throw new Error(`${where}: DT_STRING tensors must use string_val, not tensor_content.`);
      const strings = proto.string_val ?? [];
      values = Array.from({ length: count }, (_, i) => strings[Math.min(i, strings.length - 1)] ?? new Uint8Array(0));
      break;
    }
    default:
      throw new Error(`${where}: dtype ${dtype} is not supported by TensorFlow.js.`);
  }
  return { dtype, shape, values };
}
