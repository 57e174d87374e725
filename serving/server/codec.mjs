// JSON <-> tensor conversion with TF Serving's rules (tensorflow_serving/util/json_tensor.cc): request
// tensors are typed by the signature's input dtypes, responses use the row (`predictions`) or columnar
// (`outputs`) layout, floats print shortest-round-trip with a trailing `.0`, non-finite values as bare tokens.

import { dtypeName, dtypeString, sameShape, shapeString } from '../lib/tf-proto.mjs';
import { JsonNumber, debugString, isObject, jsonTypeName, parseJson } from './json.mjs';
import { invalidArgument, unimplemented } from './status.mjs';

export const ROW = 'row';
export const COLUMNAR = 'columnar';

const B64_KEY = 'b64';
const INT32 = [-(2 ** 31), 2 ** 31 - 1];
const UINT32 = [0, 2 ** 32 - 1];
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n];
const UINT64 = [0n, 2n ** 64n - 1n];

function typeError(value, dtype) {
  return invalidArgument(
    `JSON Value: ${debugString(value)} Type: ${jsonTypeName(value)} is not of expected type: ${dtypeString(dtype)}`);
}

function formatError(value, ...parts) {
  return invalidArgument(`JSON Value: ${debugString(value)} ${parts.join('')}`);
}

const isIntegerIn = (value, [lo, hi]) =>
  value instanceof JsonNumber && value.isInteger && value.value >= lo && value.value <= hi;

function isBigIntegerIn(value, [lo, hi]) {
  if (!(value instanceof JsonNumber) || !value.isInteger) return false;
  const big = BigInt(value.text);
  return big >= lo && big <= hi;
}

function isBase64Object(value) {
  return isObject(value) && value.size === 1 && typeof value.get(B64_KEY) === 'string';
}

function decodeBase64(value) {
  if (!isBase64Object(value)) throw invalidArgument(`JSON Value: ${debugString(value)} not formatted correctly for base64 data`);
  const text = value.get(B64_KEY);
  // absl::Base64Unescape accepts standard and unpadded base64; anything else is an error.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
    throw invalidArgument('Unable to base64 decode');
  }
  return Buffer.from(text, 'base64');
}

/** One scalar JSON value converted to the JS value stored for `dtype`. */
function convertScalar(value, dtype) {
  switch (dtype) {
    case 'DT_FLOAT':
    case 'DT_DOUBLE':
      if (!(value instanceof JsonNumber)) throw typeError(value, dtype);
      return dtype === 'DT_FLOAT' ? Math.fround(value.value) : value.value;
    case 'DT_INT32': case 'DT_INT16': case 'DT_INT8': case 'DT_UINT8':
      if (!isIntegerIn(value, INT32)) throw typeError(value, dtype);
      return value.value;
    case 'DT_UINT32':
      if (!isIntegerIn(value, UINT32)) throw typeError(value, dtype);
      return value.value;
    case 'DT_INT64':
      if (!isBigIntegerIn(value, INT64)) throw typeError(value, dtype);
      return BigInt(value.text);
    case 'DT_UINT64':
      if (!isBigIntegerIn(value, UINT64)) throw typeError(value, dtype);
      return BigInt(value.text);
    case 'DT_STRING':
      if (typeof value !== 'string') throw typeError(value, dtype);
      return Buffer.from(value, 'utf8');
    case 'DT_BOOL':
      if (typeof value !== 'boolean') throw typeError(value, dtype);
      return value;
    default:
      throw unimplemented(`Conversion of JSON Value: ${debugString(value)} to type: ${dtypeString(dtype)}`);
  }
}

/** Shape of a dense nested list, read from the first element at each level (GetDenseTensorShape). */
function denseShape(value) {
  const shape = [];
  for (let v = value; Array.isArray(v); v = v[0]) {
    shape.push(v.length);
    if (v.length === 0) break;
  }
  return shape;
}

/** Flattens `value` into `out`, checking it is rectangular with `shape` (FillTensorProto). */
function fillValues(value, level, shape, dtype, out) {
  const rank = shape.length;
  if (!Array.isArray(value)) {
    if (level !== rank) {
      throw invalidArgument(`JSON Value: ${debugString(value)} found at incorrect level: ${level + 1} in the JSON DOM. Expected at level: ${rank}`);
    }
    if (isObject(value)) {
      if (dtype !== 'DT_STRING') throw typeError(value, dtype);
      out.push(decodeBase64(value));
    } else {
      out.push(convertScalar(value, dtype));
    }
    return;
  }
  if (level >= rank) throw invalidArgument(`Encountered list at unexpected level: ${level} expected < ${rank}`);
  if (value.length !== shape[level]) {
    throw invalidArgument(`Encountered list at unexpected size: ${value.length} at level: ${level} expected size: ${shape[level]}`);
  }
  for (const item of value) fillValues(item, level + 1, shape, dtype, out);
}

function tensorFromJson(value, dtype) {
  const shape = denseShape(value);
  const values = [];
  fillValues(value, 0, shape, dtype, values);
  return { dtype, shape, values };
}

const isElementObject = (value) => isObject(value) && !isBase64Object(value);

function tensorsFromInstances(instances, inputInfos) {
  const names = [...inputInfos.keys()].sort();
  if (!isObject(instances[0]) && names.length > 1) {
    throw invalidArgument('instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map');
  }
  const elementsAreObjects = isElementObject(instances[0]);
  const parts = new Map(); // alias -> { shape, count, values }
  const addItem = (item, name) => {
    const info = inputInfos.get(name);
    if (info === undefined) throw invalidArgument(`JSON object: does not have named input: ${name}`);
    const tensor = tensorFromJson(item, info.dtype);
    const seen = parts.get(name);
    if (seen === undefined) {
      parts.set(name, { shape: tensor.shape, count: tensor.values.length, values: [...tensor.values] });
      return;
    }
    if (seen.count !== tensor.values.length) throw invalidArgument(`Expecting tensor size: ${seen.count} but got: ${tensor.values.length}`);
    if (!sameShape(seen.shape, tensor.shape)) throw invalidArgument(`Expecting shape ${shapeString(seen.shape)} but got: ${shapeString(tensor.shape)}`);
    for (const v of tensor.values) seen.values.push(v);
  };
  instances.forEach((element, index) => {
    if (elementsAreObjects) {
      if (!isElementObject(element)) throw invalidArgument(`Expecting object but got list at item ${index} of input list`);
      for (const [name, item] of element) {
        try {
          addItem(item, name);
        } catch (error) {
          throw invalidArgument(`Failed to process element: ${index} key: ${name} of 'instances' list. Error: ${error.code}: ${error.message}`);
        }
      }
      const keys = [...element.keys()].sort();
      if (keys.length !== names.length || keys.some((k, i) => k !== names[i])) {
        throw invalidArgument(`Failed to process element: ${index} of 'instances' list. JSON object: ${debugString(element)} keys must be equal to: ${names.join(',')}`);
      }
    } else {
      if (isElementObject(element)) throw invalidArgument(`Expecting value/list but got object at item ${index} of input list`);
      try {
        addItem(element, names[0]);
      } catch (error) {
        throw invalidArgument(`Failed to process element: ${index} of 'instances' list. Error: ${error.code}: ${error.message}`);
      }
    }
  });
  const tensors = new Map();
  for (const [name, part] of parts) {
    tensors.set(name, { dtype: inputInfos.get(name).dtype, shape: [instances.length, ...part.shape], values: part.values });
  }
  return tensors;
}

function tensorsFromInputs(inputs, inputInfos) {
  const tensors = new Map();
  if (!isObject(inputs) || isBase64Object(inputs)) {
    if (inputInfos.size > 1) {
      throw invalidArgument('inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map');
    }
    const [name, info] = [...inputInfos][0];
    tensors.set(name, tensorFromJson(inputs, info.dtype));
    return tensors;
  }
  for (const [name, info] of inputInfos) {
    if (!inputs.has(name)) throw invalidArgument(`Missing named input: ${name} in 'inputs' object.`);
    tensors.set(name, tensorFromJson(inputs.get(name), info.dtype));
  }
  return tensors;
}

/**
 * Decodes a :predict body. `resolveInputs(signatureName)` returns the signature's inputs as a Map
 * alias -> { dtype: 'DT_*' } (it is called after the JSON is parsed, as in TF Serving, so a bad body is
 * reported before an unknown model). Returns { signatureName, format, tensors: Map alias -> tensor }.
 */
export async function decodePredictRequest(body, resolveInputs) {
  const doc = parseJson(body);
  if (!isObject(doc)) throw formatError(doc, 'Is not object');
  let signatureName = '';
  if (doc.has('signature_name')) {
    signatureName = doc.get('signature_name');
    if (typeof signatureName !== 'string') {
      throw invalidArgument(`JSON Value: ${debugString(doc)} not formatted correctly. 'signature_name' key must be a string value.`);
    }
  }
  const inputInfos = await resolveInputs(signatureName);
  if (inputInfos.size === 0) throw invalidArgument(`Failed to get input map for signature: ${signatureName || 'DEFAULT'}`);
  const hasInstances = doc.has('instances');
  const hasInputs = doc.has('inputs');
  if (hasInstances && hasInputs) {
    throw formatError(doc, "Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist ");
  }
  if (hasInstances) {
    const instances = doc.get('instances');
    if (!Array.isArray(instances)) throw formatError(doc, "Expecting 'instances' to be an list/array");
    if (instances.length === 0) throw formatError(doc, "No values in 'instances' array");
    return { signatureName, format: ROW, tensors: tensorsFromInstances(instances, inputInfos) };
  }
  if (hasInputs) return { signatureName, format: COLUMNAR, tensors: tensorsFromInputs(doc.get('inputs'), inputInfos) };
  throw invalidArgument("Missing 'inputs' or 'instances' key");
}

/** Checks a :classify/:regress body the way TF Serving does before it looks at the signature. */
export function checkClassifyRegressRequest(body) {
  const doc = parseJson(body);
  if (!isObject(doc)) throw formatError(doc, 'Is not object');
  if (doc.has('signature_name') && typeof doc.get('signature_name') !== 'string') {
    throw invalidArgument(`JSON Value: ${debugString(doc)} not formatted correctly. 'signature_name' key must be a string value.`);
  }
  const examples = doc.get('examples');
  if (examples === undefined) throw formatError(doc, "When method is classify, key 'examples' is expected and was not found");
  if (!Array.isArray(examples)) throw formatError(doc, "Expecting 'examples' value to be an list/array");
  if (examples.length === 0) throw formatError(doc, "'examples' value is an empty array");
  return { signatureName: doc.get('signature_name') ?? '' };
}

// ---- responses -------------------------------------------------------------------------------------------

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
