import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COLUMNAR, ROW, decodePredictRequest } from '../server/request-codec.mjs';
import { encodePredictResponse, formatDecimal } from '../server/response-codec.mjs';
import { isIntegerLiteral, numberText, parseJson } from '../server/json.mjs';

const textInput = async () => new Map([['text', { dtype: 'DT_STRING' }]]);
const twoInputs = async () => new Map([['a', { dtype: 'DT_FLOAT' }], ['b', { dtype: 'DT_INT32' }]]);
const rejects = (promise, code, pattern) => assert.rejects(promise, (e) => e.code === code && pattern.test(e.message));

describe('request decoding', () => {
  test('row format with bare strings gives a [n] string tensor', async () => {
    const { format, tensors } = await decodePredictRequest('{"instances": ["I love it", "meh"]}', textInput);
    assert.equal(format, ROW);
    assert.deepEqual(tensors.get('text').shape, [2]);
    assert.deepEqual(tensors.get('text').values.map(String), ['I love it', 'meh']);
  });

  test('row format accepts named objects and b64 values', async () => {
    const { tensors } = await decodePredictRequest('{"instances": [{"text": {"b64": "aGk="}}]}', textInput);
    assert.equal(tensors.get('text').values[0].toString(), 'hi');
  });

  test('columnar format keeps the given shape', async () => {
    const { format, tensors } = await decodePredictRequest('{"inputs": {"a": [[1, 2.5]], "b": [3]}}', twoInputs);
    assert.equal(format, COLUMNAR);
    assert.deepEqual(tensors.get('a').shape, [1, 2]);
    assert.deepEqual(tensors.get('b').values, [3]);
  });

  test('NaN and Infinity tokens are accepted for floats', async () => {
    const { tensors } = await decodePredictRequest('{"inputs": {"a": [NaN, -Infinity], "b": [1]}}', twoInputs);
    assert.ok(Number.isNaN(tensors.get('a').values[0]));
    assert.equal(tensors.get('a').values[1], -Infinity);
  });

  test('a number where a string is expected names both types', () =>
    rejects(decodePredictRequest('{"instances": [1]}', textInput), 'INVALID_ARGUMENT',
      /^Failed to process element: 0 of 'instances' list\. Error: INVALID_ARGUMENT: JSON Value: 1 Type: Number is not of expected type: string$/));

  test('a decimal is not an int32', () =>
    rejects(decodePredictRequest('{"inputs": {"a": [1], "b": [1.0]}}', twoInputs), 'INVALID_ARGUMENT', /JSON Value: 1\.0 Type: Number is not of expected type: int32/));

  test('both instances and inputs are rejected', () =>
    rejects(decodePredictRequest('{"instances": ["a"], "inputs": ["b"]}', textInput), 'INVALID_ARGUMENT', /expecting only one of 'inputs' or 'instances' keys to exist/));

  test('neither instances nor inputs is rejected', () =>
    rejects(decodePredictRequest('{"signature_name": "serving_default"}', textInput), 'INVALID_ARGUMENT', /^Missing 'inputs' or 'instances' key$/));

  test('empty instances are rejected', () =>
    rejects(decodePredictRequest('{"instances": []}', textInput), 'INVALID_ARGUMENT', /No values in 'instances' array/));

  test('ragged lists are rejected', () =>
    rejects(decodePredictRequest('{"inputs": {"a": [[1, 2], [3]], "b": [1]}}', twoInputs), 'INVALID_ARGUMENT', /Encountered list at unexpected size: 1 at level: 1 expected size: 2/));

  test('a missing named input is reported', () =>
    rejects(decodePredictRequest('{"inputs": {"a": [1]}}', twoInputs), 'INVALID_ARGUMENT', /^Missing named input: b in 'inputs' object\.$/));

  test('object keys must equal the signature inputs', () =>
    rejects(decodePredictRequest('{"instances": [{"a": 1}]}', twoInputs), 'INVALID_ARGUMENT', /keys must be equal to: a,b/));

  test('bad JSON reports rapidjson-style position', () =>
    rejects(decodePredictRequest('{"instances": [', textInput), 'INVALID_ARGUMENT', /^JSON Parse error: .* at offset: \d+$/));

  test('an empty body is the empty document error', () =>
    rejects(decodePredictRequest('', textInput), 'INVALID_ARGUMENT', /^JSON Parse error: The document is empty$/));

  test('a non-object document is rejected', () =>
    rejects(decodePredictRequest('[1]', textInput), 'INVALID_ARGUMENT', /^JSON Value: \[1\] Is not object$/));

  test('signature_name must be a string', () =>
    rejects(decodePredictRequest('{"signature_name": 1, "instances": ["a"]}', textInput), 'INVALID_ARGUMENT', /'signature_name' key must be a string value/));

  test('int64 values beyond 2^53 stay exact', async () => {
    const { tensors } = await decodePredictRequest('{"inputs": [9007199254740993]}', async () => new Map([['x', { dtype: 'DT_INT64' }]]));
    assert.equal(tensors.get('x').values[0], 9007199254740993n);
  });

  test('half precision inputs are unimplemented', () =>
    rejects(decodePredictRequest('{"inputs": [1]}', async () => new Map([['x', { dtype: 'DT_HALF' }]])), 'UNIMPLEMENTED', /Conversion of JSON Value: 1 to type: half/));
});

describe('response encoding', () => {
  const outputs = new Map([
    ['probability', { dtype: 'DT_FLOAT', shape: [2], values: Float32Array.from([0.97, 1]) }],
    ['label', { dtype: 'DT_STRING', shape: [2], values: ['positive', 'positive'] }],
  ]);

  test('row format gives one object per example', () => {
    const json = JSON.parse(encodePredictResponse(outputs, ROW));
    assert.deepEqual(json, { predictions: [{ label: 'positive', probability: 0.97 }, { label: 'positive', probability: 1 }] });
  });

  test('whole floats keep a decimal point', () => {
    assert.match(encodePredictResponse(outputs, ROW), /"probability": 1\.0\b/);
  });

  test('columnar format gives one list per output', () => {
    assert.deepEqual(JSON.parse(encodePredictResponse(outputs, COLUMNAR)), { outputs: { label: ['positive', 'positive'], probability: [0.97, 1] } });
  });

  test('a single output is written without its name', () => {
    const one = new Map([['token_ids', { dtype: 'DT_INT64', shape: [1, 3], values: Int32Array.from([5, 1, 0]) }]]);
    assert.deepEqual(JSON.parse(encodePredictResponse(one, ROW)), { predictions: [[5, 1, 0]] });
    assert.deepEqual(JSON.parse(encodePredictResponse(one, COLUMNAR)), { outputs: [[5, 1, 0]] });
  });

  test('outputs named *_bytes are base64 objects', () => {
    const bytes = new Map([['raw_bytes', { dtype: 'DT_STRING', shape: [1], values: [Buffer.from([0xff, 0x00])] }]]);
    assert.deepEqual(JSON.parse(encodePredictResponse(bytes, ROW)), { predictions: [{ b64: '/wA=' }] });
  });

  test('scalar outputs cannot be written in row format', () => {
    const scalar = new Map([['s', { dtype: 'DT_FLOAT', shape: [], values: [1] }]]);
    assert.throws(() => encodePredictResponse(scalar, ROW), /Tensor name: s has no shape information/);
  });

  test('inconsistent batch sizes are rejected in row format', () => {
    const bad = new Map([['a', { dtype: 'DT_FLOAT', shape: [2], values: [1, 2] }], ['b', { dtype: 'DT_FLOAT', shape: [1], values: [1] }]]);
    assert.throws(() => encodePredictResponse(bad, ROW), /Tensor name: b has inconsistent batch size: 1 expecting: 2/);
  });

  test('non-finite floats are bare tokens', () => {
    const nan = new Map([['x', { dtype: 'DT_FLOAT', shape: [3], values: [NaN, Infinity, -Infinity] }]]);
    assert.match(encodePredictResponse(nan, COLUMNAR), /\[NaN, Infinity, -Infinity\]/);
  });

  test('floats print like TF Serving (%g, else 9 digits, .0 for whole numbers)', () => {
    assert.equal(formatDecimal(Math.fround(0.2), true), '0.2');
    assert.equal(formatDecimal(Math.fround(0.123456789), true), '0.123456791');
    assert.equal(formatDecimal(3, true), '3.0');
    assert.equal(formatDecimal(9000000, true), '9e+06');
    assert.equal(formatDecimal(0.1 + 0.2, false), '0.30000000000000004');
  });
});

describe('lenient JSON', () => {
  test('keeps the written form of numbers', () => {
    const doc = parseJson('{"x": [1, 1.0, -2e3, 0.5, 1e+21, -0, 12345678901234567890, NaN]}');
    assert.deepEqual(doc.get('x').map((n) => [numberText(n), isIntegerLiteral(n)]), [
      ['1', true], ['1.0', false], ['-2e3', false], ['0.5', false], ['1e+21', false], ['-0', true], ['12345678901234567890', true], ['NaN', false],
    ]);
  });

  test('numbers a plain number stands for exactly are parsed as plain numbers', () => {
    assert.deepEqual(parseJson('[1, -17, 0.25, 123456789012345]'), [1, -17, 0.25, 123456789012345]);
    assert.equal(typeof parseJson('[1.0]')[0], 'object');
  });

  test('ignores trailing content after the root value as rapidjson does', () => {
    assert.ok(parseJson('{} trailing') instanceof Map);
  });
});
