// A stand-in for the servables GraphRunner.load gives the model manager, for these unit tests only: the same
// interface, and signatures shaped exactly as serving/lib/saved-model.mjs decodes the exported sentiment model's
// (SignatureDef plain objects: TensorFlow's field names, dtypes by name, int64 sizes as decimal strings), with a
// trivial "model" (P(positive) rises with the number of '!' characters) so tests can tell answers apart without
// TensorFlow.js.

import fs from 'node:fs';
import path from 'node:path';
import {
  LABEL_OUTPUT, NEGATIVE_LABEL, POSITIVE_LABEL, PREDICT_METHOD, PROBABILITY_OUTPUT, SAVED_MODEL_FILE, SERVING_SIGNATURE,
  TEXT_INPUT, TOKEN_COUNT_OUTPUT, TOKEN_IDS_OUTPUT, TOKENIZE_SIGNATURE,
} from '../lib/serving-names.mjs';

const info = (name, dtype, dims) => ({ name, dtype, tensor_shape: { dim: dims.map((size) => ({ size: String(size), name: '' })), unknown_rank: false } });

export const SEQUENCE_LENGTH = 4;

/**
 * @param {number} version shifts every probability by version / 1000, so answers tell versions apart
 * @param {{ runDelayMs?: number, warmup?: () => Promise<number> }} [options]
 */
export function standInModel(version, { runDelayMs = 0, warmup = async () => 0 } = {}) {
  let disposed = false;
  const input = { [TEXT_INPUT]: info('text:0', 'DT_STRING', [-1]) };
  const signatureDefs = {
    [SERVING_SIGNATURE]: {
      inputs: input,
      outputs: { [PROBABILITY_OUTPUT]: info('probability:0', 'DT_FLOAT', [-1]), [LABEL_OUTPUT]: info('label:0', 'DT_STRING', [-1]) },
      method_name: PREDICT_METHOD,
      defaults: {},
    },
    [TOKENIZE_SIGNATURE]: {
      inputs: input,
      outputs: {
        [TOKEN_IDS_OUTPUT]: info('token_ids:0', 'DT_INT64', [-1, SEQUENCE_LENGTH]),
        [TOKEN_COUNT_OUTPUT]: info('token_count:0', 'DT_INT64', [-1]),
      },
      method_name: PREDICT_METHOD,
      defaults: {},
    },
  };
  return {
    signatureDefs,
    get disposed() {
      return disposed;
    },
    async run(signatureKey, inputs) {
      if (disposed) throw new Error('run after dispose');
      if (runDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, runDelayMs));
      const texts = inputs[TEXT_INPUT].flat(Infinity);
      if (signatureKey === TOKENIZE_SIGNATURE) {
        const counts = texts.map((t) => t.split(' ').length);
        const ids = counts.flatMap((n) => Array.from({ length: SEQUENCE_LENGTH }, (_, i) => (i < n ? i + 2 : 0)));
        return {
          [TOKEN_IDS_OUTPUT]: { dtype: 'DT_INT64', shape: [texts.length, SEQUENCE_LENGTH], values: ids },
          [TOKEN_COUNT_OUTPUT]: { dtype: 'DT_INT64', shape: [texts.length], values: counts },
        };
      }
      const p = texts.map((t) => Math.fround(Math.min(1, (t.split('!').length - 1) / 4 + version / 1000)));
      return {
        [PROBABILITY_OUTPUT]: { dtype: 'DT_FLOAT', shape: [texts.length], values: p },
        [LABEL_OUTPUT]: { dtype: 'DT_STRING', shape: [texts.length], values: p.map((x) => (x > 0.5 ? POSITIVE_LABEL : NEGATIVE_LABEL)) },
      };
    },
    warmup,
    dispose() {
      disposed = true;
    },
  };
}

/** A loader over version folders: the version number comes from the folder name; a 'broken' marker fails. */
export async function standInLoader(dir, options) {
  if (fs.existsSync(path.join(dir, 'broken'))) {
    const error = new Error(`Could not parse ${path.join(dir, SAVED_MODEL_FILE)}`);
    error.code = 'DATA_LOSS';
    throw error;
  }
  return standInModel(Number(path.basename(dir)), options);
}
