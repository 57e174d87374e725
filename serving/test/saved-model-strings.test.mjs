import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { loadSavedModel } from '../lib/saved-model.mjs';

// TensorFlow keeps every byte of a string; TensorFlow.js's kernels decode with TextDecoder, which drops a leading
// U+FEFF unless told not to. After saved-model.mjs has set TensorFlow.js up, "\ufeffbom" must stay "\ufeffbom".
test('TensorFlow.js string kernels keep a leading U+FEFF once saved-model.mjs has initialised TensorFlow.js', async () => {
  // Initialisation happens before the SavedModel is read, so a missing directory is enough.
  await assert.rejects(loadSavedModel('/nonexistent-model-dir'), /does not contain a SavedModel/);

  const input = tf.tensor(['\ufeffbom', 'bom', '\ufeff', 'a\ufeffb'], undefined, 'string');
  const replaced = tf.string.staticRegexReplace(input, 'b', 'b');
  const { values } = tf.string.stringSplit(replaced, ' ');
  assert.deepEqual(Array.from(replaced.dataSync()), ['\ufeffbom', 'bom', '\ufeff', 'a\ufeffb']);
  assert.deepEqual(Array.from(values.dataSync()), ['\ufeffbom', 'bom', '\ufeff', 'a\ufeffb']);
  tf.dispose([input, replaced, values]);
});
