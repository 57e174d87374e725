// SavedModel warmup as TF Serving does it (--enable_model_warmup, on by default): after a version loads, the
// PredictLog records in assets.extra/tf_serving_warmup_requests (a TFRecord file) are replayed once, so the
// first user request does not pay for the first run. A failing record fails the load, as in TF Serving.

import fs from 'node:fs/promises';
import path from 'node:path';
import { SERVING_SIGNATURE, WARMUP_FILE } from '../lib/serving-names.mjs';
import { PredictionLogType, decodeTensor } from '../lib/tf-proto.mjs';
import { toRunInput } from './request-rows.mjs';

const MAX_RECORDS = 1000; // TF Serving's limit on warmup records

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

/** A request TensorProto as the queue's tensors are: { dtype, shape, values } with strings as Buffers, bools as booleans. */
function requestTensor(proto, alias) {
  const { dtype, shape, values } = decodeTensor(proto, `warmup input "${alias}"`);
  const convert = { DT_STRING: (v) => Buffer.from(v), DT_BOOL: Boolean }[dtype] ?? ((v) => v);
  return { dtype, shape, values: Array.from(values, convert) };
}

/** Replays the warmup records of `versionDir` on `servable`; returns how many ran (0 without a file). */
export async function runWarmup(versionDir, servable) {
  let buffer;
  try {
    buffer = await fs.readFile(path.join(versionDir, WARMUP_FILE));
  } catch {
    return 0;
  }
  const records = readTfRecords(buffer);
  if (records.length > MAX_RECORDS) throw new Error(`Number of warmup records exceeds the maximum (${MAX_RECORDS}) at ${WARMUP_FILE}`);
  for (const record of records) {
    const log = PredictionLogType.decode(record);
    const request = log.predict_log?.request;
    if (!request) throw new Error('Unsupported log_type for warmup: only PredictLog is supported by the local server');
    const inputs = Object.fromEntries(Object.entries(request.inputs ?? {}).map(([alias, t]) => [alias, toRunInput(requestTensor(t, alias))]));
    await servable.run(request.model_spec?.signature_name || SERVING_SIGNATURE, inputs);
  }
  return records.length;
}
