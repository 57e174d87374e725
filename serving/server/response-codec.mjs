// Tensor -> JSON conversion of :predict responses with TF Serving's rules (tensorflow_serving/util/json_tensor.cc):
// the row (`predictions`) or columnar (`outputs`) layout, floats printed shortest-round-trip with a trailing `.0`,
// non-finite values as bare tokens, and rapidjson's pretty layout, which error bodies use too.

import { dtypeName, dtypeString } from '../lib/tf-proto.mjs';
import { COLUMNAR } from './request-codec.mjs';
import { invalidArgument } from './status.mjs';

/** Raw JSON text that the pretty printer writes as is. */
class Raw {
  constructor(text) {
    this.text = text;
  }
}

/** C printf "%.<precision>g". */
function formatG(value, precision) {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, expText] = value.toExponential(precision - 1).split('e');
  const exponent = Number(expText);
  const strip = (s) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exponent < -4 || exponent >= precision) {
    const sign = exponent < 0 ? '-' : '+';
    return `${strip(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return strip(value.toFixed(Math.max(0, precision - 1 - exponent)));
}

/** TF Serving's WriteDecimal: "%g", else max_digits10 when that does not round-trip, plus ".0" for whole numbers. */
export function formatDecimal(value, isFloat32) {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value < 0 ? '-Infinity' : 'Infinity';
  const roundTrips = (text) => (isFloat32 ? Math.fround(Number(text)) === value : Number(text) === value);
  let text = formatG(value, 6);
  if (!roundTrips(text)) text = formatG(value, isFloat32 ? 9 : 17);
  if (!text.includes('.') && !text.includes('e')) text += '.0';
  return text;
}

function scalarJson(value, dtype, asBytes) {
  switch (dtype) {
    case 'DT_FLOAT': return new Raw(formatDecimal(Number(value), true));
    case 'DT_DOUBLE': return new Raw(formatDecimal(Number(value), false));
    case 'DT_BOOL': return new Raw(value ? 'true' : 'false');
    case 'DT_STRING': {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
      if (asBytes) return new Raw(`{"b64": ${JSON.stringify(bytes.toString('base64'))}}`);
      return new Raw(JSON.stringify(bytes.toString('utf8')));
    }
    case 'DT_INT8': case 'DT_INT16': case 'DT_INT32': case 'DT_UINT8': case 'DT_UINT16':
    case 'DT_UINT32': case 'DT_INT64': case 'DT_UINT64':
      return new Raw(BigInt(typeof value === 'bigint' ? value : Math.trunc(Number(value))).toString());
    default:
      throw invalidArgument(`Failed to write JSON value for tensor type: ${dtypeString(dtype)}`);
  }
}

/** Nested JSON of `tensor` starting at dimension `dim`, consuming values from `cursor.offset`. */
function nestedJson(tensor, dim, cursor, asBytes) {
  if (dim > tensor.shape.length - 1) return scalarJson(tensor.values[cursor.offset++], tensor.dtype, asBytes);
  const items = [];
  for (let i = 0; i < tensor.shape[dim]; i++) items.push(nestedJson(tensor, dim + 1, cursor, asBytes));
  return items;
}

const isNamedBytes = (name, tensor) => tensor.dtype === 'DT_STRING' && name.endsWith('_bytes');

/** Normalises an output of SavedModel.run ({dtype, shape, values}) to { dtype: 'DT_*', shape, values }. */
export function normaliseOutput(output, signatureDtype) {
  const dtype = signatureDtype && signatureDtype !== 'DT_INVALID' ? signatureDtype : dtypeName(output.dtype);
  return { dtype, shape: [...output.shape].map(Number), values: output.values };
}

/** `{"predictions": ...}` (row) or `{"outputs": ...}` (columnar) for a Map alias -> tensor. */
export function encodePredictResponse(outputs, format) {
  if (outputs.size === 0) throw invalidArgument('Cannot convert empty tensor map to JSON');
  const names = [...outputs.keys()].sort();
  if (format === COLUMNAR) {
    const encode = (name) => nestedJson(outputs.get(name), 0, { offset: 0 }, isNamedBytes(name, outputs.get(name)));
    if (names.length === 1) return prettyJson({ outputs: encode(names[0]) });
    return prettyJson({ outputs: Object.fromEntries(names.map((n) => [n, encode(n)])) });
  }
  let batch = -1;
  for (const name of names) {
    const tensor = outputs.get(name);
    if (tensor.shape.length === 0) throw invalidArgument(`Tensor name: ${name} has no shape information `);
    if (batch >= 0 && batch !== tensor.shape[0]) {
      throw invalidArgument(`Tensor name: ${name} has inconsistent batch size: ${tensor.shape[0]} expecting: ${batch}`);
    }
    batch = tensor.shape[0];
  }
  const cursors = new Map(names.map((n) => [n, { offset: 0 }]));
  const rows = [];
  for (let item = 0; item < batch; item++) {
    const row = names.map((n) => nestedJson(outputs.get(n), 1, cursors.get(n), isNamedBytes(n, outputs.get(n))));
    rows.push(names.length === 1 ? row[0] : Object.fromEntries(names.map((n, i) => [n, row[i]])));
  }
  return prettyJson({ predictions: rows });
}

/**
 * Pretty JSON. Default: rapidjson PrettyWriter's layout (4 spaces; lists of scalars on one line), used for
 * predictions and errors. With unit ' ': protobuf's JSON printer layout (1 space), used for status and metadata.
 */
export function prettyJson(value, indent = '', unit = '    ') {
  if (value instanceof Raw) return value.text;
  const inner = indent + unit;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (unit === '    ' && value.every((v) => v instanceof Raw || Array.isArray(v))) {
      return `[${value.map((v) => prettyJson(v, indent, unit)).join(', ')}]`;
    }
    return `[\n${value.map((v) => inner + prettyJson(v, inner, unit)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${prettyJson(v, inner, unit)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** The body of every error reply. */
export function errorBody(message) {
  return prettyJson({ error: message });
}
