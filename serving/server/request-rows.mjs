// Request tensors by rows (dimension 0), as the execution queue splits and merges them: a request tensor is
// { dtype, shape, values } with values flat in row-major order (strings as Buffers, int64 as BigInt), and a request
// is a Map alias -> tensor.

import { elementCount, sameShape } from '../lib/tf-proto.mjs';
import { invalidArgument } from './status.mjs';

/** A request tensor as SavedModel.run takes it: a nested array (strings as text, bytes when not UTF-8). */
export function toRunInput(tensor) {
  const convert = (value) => {
    if (Buffer.isBuffer(value)) {
      const text = value.toString('utf8');
      return Buffer.from(text, 'utf8').equals(value) ? text : new Uint8Array(value);
    }
    return typeof value === 'bigint' ? Number(value) : value;
  };
  const values = tensor.values.map(convert);
  const nest = (dim, offset) => {
    if (dim === tensor.shape.length) return [values[offset], offset + 1];
    const out = [];
    let next = offset;
    for (let i = 0; i < tensor.shape[dim]; i++) {
      const [item, after] = nest(dim + 1, next);
      out.push(item);
      next = after;
    }
    return [out, next];
  };
  return nest(0, 0)[0];
}

/** SavedModel.run's inputs for a request. */
export const toRunInputs = (tensors) => Object.fromEntries([...tensors].map(([alias, t]) => [alias, toRunInput(t)]));

/** Rows of a request (its common dim 0), or null when it cannot be split or merged (a scalar, unequal dims 0). */
export function rowsOf(tensors) {
  let rows = null;
  for (const tensor of tensors.values()) {
    if (tensor.shape.length === 0) return null;
    if (rows !== null && rows !== tensor.shape[0]) return null;
    rows = tensor.shape[0];
  }
  return rows;
}

/** Bytes of string data in each row (0 for numeric inputs): what the string kernels' work grows with. */
export function textBytesPerRow(tensors, rows) {
  const bytes = new Array(rows).fill(0);
  for (const tensor of tensors.values()) {
    if (tensor.dtype !== 'DT_STRING') continue;
    const perRow = elementCount(tensor.shape.slice(1));
    tensor.values.forEach((value, i) => { bytes[Math.floor(i / perRow)] += value.length; });
  }
  return bytes;
}

/** Rows [start, end) of a request. */
export function sliceRows(tensors, start, end) {
  const out = new Map();
  for (const [alias, t] of tensors) {
    const perRow = elementCount(t.shape.slice(1));
    out.set(alias, { dtype: t.dtype, shape: [end - start, ...t.shape.slice(1)], values: t.values.slice(start * perRow, end * perRow) });
  }
  return out;
}

/** Whether two requests can share a run: the same aliases, and equal shapes apart from dimension 0. */
export function sameRowShapes(a, b) {
  return a.size === b.size && [...a].every(([alias, t]) => b.has(alias) && sameShape(b.get(alias).shape.slice(1), t.shape.slice(1)));
}

/** Requests stacked along dimension 0, in order (they must have the same row shapes). */
export function concatRows(parts) {
  if (parts.length === 1) return parts[0];
  const out = new Map();
  for (const [alias, t] of parts[0]) {
    const tensors = parts.map((p) => p.get(alias));
    const rows = tensors.reduce((n, x) => n + x.shape[0], 0);
    out.set(alias, { dtype: t.dtype, shape: [rows, ...t.shape.slice(1)], values: tensors.flatMap((x) => x.values) });
  }
  return out;
}

/** Checks that every output of a run over `rows` rows is batch-major, as TF Serving's batching requires. */
export function checkBatchedOutputs(outputs, rows) {
  for (const output of Object.values(outputs)) {
    if (output.shape.length === 0) throw invalidArgument('Batched output tensor has 0 dimensions');
    if (output.shape[0] !== rows) {
      throw invalidArgument("Batched output tensor's 0th dimension does not equal the sum of the 0th dimension sizes of the input tensors");
    }
  }
}

/** Rows [start, end) of a run's outputs ({alias: {dtype, shape, values}}). */
export function sliceOutputs(outputs, start, end) {
  const own = {};
  for (const [alias, output] of Object.entries(outputs)) {
    const perRow = elementCount(output.shape.slice(1));
    own[alias] = {
      dtype: output.dtype,
      shape: [end - start, ...output.shape.slice(1)],
      values: Array.prototype.slice.call(output.values, start * perRow, end * perRow),
    };
  }
  return own;
}

/** Outputs of consecutive row ranges joined along dimension 0. */
export function concatOutputs(pieces) {
  if (pieces.length === 1) return pieces[0];
  const joined = {};
  for (const [alias, first] of Object.entries(pieces[0])) {
    const all = pieces.map((p) => p[alias]);
    joined[alias] = {
      dtype: first.dtype,
      shape: [all.reduce((n, o) => n + o.shape[0], 0), ...first.shape.slice(1)],
      values: all.flatMap((o) => Array.from(o.values)),
    };
  }
  return joined;
}
