// SavedModel warmup as TF Serving does it (--enable_model_warmup, on by default): after a version loads, the
// PredictLog records in assets.extra/tf_serving_warmup_requests (a TFRecord file) are replayed once, so the
// first user request does not pay for the first run. A failing record fails the load, as in TF Serving.

import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dtypeName } from './codec.mjs';
import { toRunInput } from './execution-queue.mjs';

export const WARMUP_FILE = path.join('assets.extra', 'tf_serving_warmup_requests');
const PROTO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'proto', 'saved_model.proto');
const MAX_RECORDS = 1000; // TF Serving's limit on warmup records

let predictionLogType;

async function predictionLog() {
  if (predictionLogType === undefined) {
    const { default: protobuf } = await import('protobufjs');
    predictionLogType = new protobuf.Root().loadSync(PROTO, { keepCase: true }).lookupType('tensorflow.PredictionLog');
  }
  return predictionLogType;
}

/** The records of a TFRecord stream: uint64 length, 4-byte length CRC, data, 4-byte data CRC. */
export function readTfRecords(buffer) {
  const records = [];
  let offset = 0;
  while (offset < buffer.length) {
    if (offset + 12 > buffer.length) throw new Error(`truncated TFRecord header at byte ${offset}`);
    const length = Number(buffer.readBigUInt64LE(offset));
    const start = offset + 12;
    if (start + length + 4 > buffer.length) throw new Error(`truncated TFRecord of ${length} bytes at byte ${offset}`);
    records.push(buffer.subarray(start, start + length));
    offset = start + length + 4;
  }
  return records;
}

const toNumber = (v) => (typeof v === 'object' && v !== null && 'low' in v ? Number(BigInt.asIntN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0))) : Number(v));

/** A TensorProto as { dtype, shape, values } (string, float, int32 and int64 tensors). */
function tensorFromProto(proto) {
  const dtype = dtypeName(proto.dtype);
  const shape = (proto.tensor_shape?.dim ?? []).map((d) => toNumber(d.size));
  const count = shape.reduce((a, b) => a * b, 1);
  const content = proto.tensor_content?.length ? Buffer.from(proto.tensor_content) : null;
  let values;
  switch (dtype) {
    case 'DT_STRING': values = (proto.string_val ?? []).map((b) => Buffer.from(b)); break;
    case 'DT_FLOAT': values = content ? Array.from(new Float32Array(content.buffer, content.byteOffset, count)) : [...(proto.float_val ?? [])]; break;
    case 'DT_INT32': values = content ? Array.from(new Int32Array(content.buffer.slice(content.byteOffset, content.byteOffset + 4 * count))) : [...(proto.int_val ?? [])]; break;
    case 'DT_INT64': values = content ? Array.from({ length: count }, (_, i) => Number(content.readBigInt64LE(8 * i))) : (proto.int64_val ?? []).map(toNumber); break;
    default: throw new Error(`warmup tensors of type ${dtype} are not supported`);
  }
  // A typed field with fewer values than elements repeats its last value (TensorProto semantics).
  while (values.length < count && values.length > 0) values.push(values[values.length - 1]);
  return { dtype, shape, values };
}

/** Replays the warmup records of `versionDir` on `servable`; returns how many ran (0 without a file). */
export async function runWarmup(versionDir, servable) {
  let buffer;
  try {
    buffer = await fs.readFile(path.join(versionDir, WARMUP_FILE));
  } catch {
    return 0;
  }
  const type = await predictionLog();
  const records = readTfRecords(buffer);
  if (records.length > MAX_RECORDS) throw new Error(`Number of warmup records exceeds the maximum (${MAX_RECORDS}) at ${WARMUP_FILE}`);
  for (const record of records) {
    const log = type.decode(record);
    const request = log.predict_log?.request;
    if (!request) throw new Error('Unsupported log_type for warmup: only PredictLog is supported by the local server');
    const inputs = Object.fromEntries(Object.entries(request.inputs ?? {}).map(([alias, t]) => [alias, toRunInput(tensorFromProto(t))]));
    await servable.run(request.model_spec?.signature_name || 'serving_default', inputs);
  }
  return records.length;
}
