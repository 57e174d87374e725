// TensorFlow.js set up once per thread for TensorFlow's string semantics: production mode, UTF-8 decoding that keeps
// a leading U+FEFF as TensorFlow does, and StringLower (which TensorFlow.js lacks) with TensorFlow's default ASCII
// encoding. Then the requested backend is selected.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfconv from '@tensorflow/tfjs-converter';

let initialised;

// TensorFlow.js's string kernels (StaticRegexReplace, StringSplit, table lookups) decode tensor bytes with the
// platform's TextDecoder, which drops a leading U+FEFF: "\ufeffbom" would read as "bom". TensorFlow keeps every
// byte, so decode with ignoreBOM (the BOM stays a character) and leave everything else as the platform does it.
function keepByteOrderMarks() {
  const platform = tf.env().platform;
  const decoders = new Map();
  platform.decode = (bytes, encoding) => {
    if (bytes.length === 0) return '';
    if (!decoders.has(encoding)) decoders.set(encoding, new TextDecoder(encoding, { ignoreBOM: true }));
    return decoders.get(encoding).decode(bytes);
  };
}

/** ASCII A-Z lowered byte by byte; every other byte is left alone. */
function lowerAscii(bytes) {
  const out = Uint8Array.from(bytes);
  for (let i = 0; i < out.length; i++) if (out[i] >= 0x41 && out[i] <= 0x5a) out[i] += 0x20;
  return out;
}

// TensorFlow's StringLower with encoding "" lower-cases ASCII A-Z byte by byte and leaves every other byte alone.
function registerStringLower() {
  tfconv.registerOp('StringLower', (node) => {
    const encoding = node.attrs.encoding ?? '';
    if (encoding !== '') {
      throw new Error(`Node "${node.name}" (StringLower): only the ASCII encoding "" is supported, not "${encoding}".`);
    }
    const input = node.inputs[0];
    // The backend's raw UTF-8 bytes (synchronous, so graphs without tables can use execute()).
    const lowered = tf.backend().readSync(input.dataId).map(lowerAscii);
    return tf.tensor(lowered, input.shape, 'string');
  });
}

/** Sets TensorFlow.js up (once) and makes `backend` ('cpu' or 'wasm') the current one. */
export async function initialiseTfjs(backend) {
  initialised ??= (async () => {
    tf.env().set('PROD', true); // no "install tfjs-node" banner, no debug checks
    keepByteOrderMarks();
    registerStringLower();
  })();
  await initialised;
  if (tf.getBackend() !== backend) {
    if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend "${backend}" could not be initialised.`);
  }
}
