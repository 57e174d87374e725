import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readTfRecords } from '../server/warmup.mjs';

function frame(data) {
  const header = Buffer.alloc(12);
  header.writeBigUInt64LE(BigInt(data.length));
  return Buffer.concat([header, data, Buffer.alloc(4)]);
}

describe('TFRecord reading', () => {
  test('splits a stream into its records', () => {
    const records = readTfRecords(Buffer.concat([frame(Buffer.from('one')), frame(Buffer.from('')), frame(Buffer.from('three'))]));
    assert.deepEqual(records.map(String), ['one', '', 'three']);
  });

  test('names a truncated record', () => {
    assert.throws(() => readTfRecords(frame(Buffer.from('abc')).subarray(0, 14)), /truncated TFRecord of 3 bytes at byte 0/);
  });
});
