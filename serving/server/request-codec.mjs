// JSON -> tensor conversion of :predict requests with TF Serving's rules (tensorflow_serving/util/json_tensor.cc):
// the row (`instances`) and columnar (`inputs`) formats, tensors typed by the signature's input dtypes. The local
// server's limits (--rest_api_max_instances, --rest_api_max_string_bytes) are checked while converting, before any
// tensor is built.

import { dtypeString, sameShape, shapeString } from '../lib/tf-proto.mjs';
import { debugString, isIntegerLiteral, isJsonNumber, isObject, jsonTypeName, numberText, numberValue, parseJson } from './json.mjs';
import { invalidArgument, unimplemented } from './status.mjs';

export const ROW = 'row';
export const COLUMNAR = 'columnar';

const B64_KEY = 'b64';
/** No limits beyond TF Serving's own (for callers that do not set the local server's). */
export const NO_LIMITS = Object.freeze({ maxInstances: Infinity, maxStringBytes: Infinity });
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
  isJsonNumber(value) && isIntegerLiteral(value) && numberValue(value) >= lo && numberValue(value) <= hi;

function isBigIntegerIn(value, [lo, hi]) {
  if (!isJsonNumber(value) || !isIntegerLiteral(value)) return false;
  const big = BigInt(numberText(value));
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

/** A string value's bytes, refused when longer than --rest_api_max_string_bytes. */
function checkStringBytes(length, limits) {
  if (length > limits.maxStringBytes) {
    throw invalidArgument(`A string of ${length} bytes is longer than the local server's limit of ${limits.maxStringBytes} bytes (--rest_api_max_string_bytes)`);
  }
}

/** The refusal of a request with more rows than --rest_api_max_instances, in TF Serving's batching words. */
function tooManyInstances(rows, limits) {
  return invalidArgument(`Task size ${rows} is larger than maximum input batch size ${limits.maxInstances} (--rest_api_max_instances)`);
}

/** One scalar JSON value converted to the JS value stored for `dtype`. */
function convertScalar(value, dtype, limits) {
  switch (dtype) {
    case 'DT_FLOAT':
    case 'DT_DOUBLE':
      if (!isJsonNumber(value)) throw typeError(value, dtype);
      return dtype === 'DT_FLOAT' ? Math.fround(numberValue(value)) : numberValue(value);
    case 'DT_INT32': case 'DT_INT16': case 'DT_INT8': case 'DT_UINT8':
      if (!isIntegerIn(value, INT32)) throw typeError(value, dtype);
      return numberValue(value);
    case 'DT_UINT32':
      if (!isIntegerIn(value, UINT32)) throw typeError(value, dtype);
      return numberValue(value);
    case 'DT_INT64':
      if (!isBigIntegerIn(value, INT64)) throw typeError(value, dtype);
      return BigInt(numberText(value));
    case 'DT_UINT64':
      if (!isBigIntegerIn(value, UINT64)) throw typeError(value, dtype);
      return BigInt(numberText(value));
    case 'DT_STRING':
      if (typeof value !== 'string') throw typeError(value, dtype);
      checkStringBytes(Buffer.byteLength(value, 'utf8'), limits);
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
function fillValues(value, level, shape, dtype, out, limits) {
  const rank = shape.length;
  if (!Array.isArray(value)) {
    if (level !== rank) {
      throw invalidArgument(`JSON Value: ${debugString(value)} found at incorrect level: ${level + 1} in the JSON DOM. Expected at level: ${rank}`);
    }
    if (isObject(value)) {
      if (dtype !== 'DT_STRING') throw typeError(value, dtype);
      const bytes = decodeBase64(value);
      checkStringBytes(bytes.length, limits);
      out.push(bytes);
    } else {
      out.push(convertScalar(value, dtype, limits));
    }
    return;
  }
  if (level >= rank) throw invalidArgument(`Encountered list at unexpected level: ${level} expected < ${rank}`);
  if (value.length !== shape[level]) {
    throw invalidArgument(`Encountered list at unexpected size: ${value.length} at level: ${level} expected size: ${shape[level]}`);
  }
  for (const item of value) fillValues(item, level + 1, shape, dtype, out, limits);
}

function tensorFromJson(value, dtype, limits) {
  const shape = denseShape(value);
  const values = [];
  fillValues(value, 0, shape, dtype, values, limits);
  return { dtype, shape, values };
}

const isElementObject = (value) => isObject(value) && !isBase64Object(value);

function tensorsFromInstances(instances, inputInfos, limits) {
  if (instances.length > limits.maxInstances) throw tooManyInstances(instances.length, limits);
  const names = [...inputInfos.keys()].sort();
  if (!isObject(instances[0]) && names.length > 1) {
    throw invalidArgument('instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map');
  }
  const elementsAreObjects = isElementObject(instances[0]);
  const parts = new Map(); // alias -> { shape, count, values }
  const addItem = (item, name) => {
    const info = inputInfos.get(name);
    if (info === undefined) throw invalidArgument(`JSON object: does not have named input: ${name}`);
    const tensor = tensorFromJson(item, info.dtype, limits);
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

/** A columnar input's value, refused before conversion when its dimension 0 is over --rest_api_max_instances. */
function columnFromJson(value, dtype, limits) {
  const rows = Array.isArray(value) ? value.length : 0;
  if (rows > limits.maxInstances) throw tooManyInstances(rows, limits);
  return tensorFromJson(value, dtype, limits);
}

function tensorsFromInputs(inputs, inputInfos, limits) {
  const tensors = new Map();
  if (!isObject(inputs) || isBase64Object(inputs)) {
    if (inputInfos.size > 1) {
      throw invalidArgument('inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map');
    }
    const [name, info] = [...inputInfos][0];
    tensors.set(name, columnFromJson(inputs, info.dtype, limits));
    return tensors;
  }
  for (const [name, info] of inputInfos) {
    if (!inputs.has(name)) throw invalidArgument(`Missing named input: ${name} in 'inputs' object.`);
    tensors.set(name, columnFromJson(inputs.get(name), info.dtype, limits));
  }
  return tensors;
}

/**
 * Decodes a :predict body. `resolveInputs(signatureName)` returns the signature's inputs as a Map
 * alias -> { dtype: 'DT_*' } (it is called after the JSON is parsed, as in TF Serving, so a bad body is
 * reported before an unknown model). `limits` ({ maxInstances, maxStringBytes }) are the local server's.
 * Returns { signatureName, format, tensors: Map alias -> tensor }.
 */
export async function decodePredictRequest(body, resolveInputs, limits = NO_LIMITS) {
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
    return { signatureName, format: ROW, tensors: tensorsFromInstances(instances, inputInfos, limits) };
  }
  if (hasInputs) return { signatureName, format: COLUMNAR, tensors: tensorsFromInputs(doc.get('inputs'), inputInfos, limits) };
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
