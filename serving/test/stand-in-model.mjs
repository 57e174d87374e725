// A stand-in for serving/lib/saved-model.mjs's loadSavedModel, for these unit tests only: the same interface
// and signature layout as the exported sentiment model, with a trivial "model" (P(positive) rises with the
// number of '!' characters) so tests can tell answers apart without TensorFlow.js.

const DT_FLOAT = 1;
const DT_STRING = 7;
const DT_INT64 = 9;

const info = (name, dtype, dims) => ({ name, dtype, tensorShape: { dim: dims.map((size) => ({ size, name: '' })), unknownRank: false } });

export const SEQUENCE_LENGTH = 4;

export function standInModel(version, { runDelayMs = 0 } = {}) {
  let disposed = false;
  const signatureDefs = {
    serving_default: {
      inputs: { text: info('text:0', DT_STRING, [-1]) },
      outputs: { probability: info('probability:0', DT_FLOAT, [-1]), label: info('label:0', DT_STRING, [-1]) },
      methodName: 'tensorflow/serving/predict',
    },
    tokenize: {
      inputs: { text: info('text:0', DT_STRING, [-1]) },
      outputs: { token_ids: info('token_ids:0', DT_INT64, [-1, SEQUENCE_LENGTH]) },
      methodName: 'tensorflow/serving/predict',
    },
  };
  return {
    version,
    signatureDefs,
    get disposed() {
      return disposed;
    },
    async run(signatureKey, inputs) {
      if (disposed) throw new Error('run after dispose');
      if (runDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, runDelayMs));
      const texts = inputs.text.flat(Infinity);
      if (signatureKey === 'tokenize') {
        const ids = texts.flatMap((t) => Array.from({ length: SEQUENCE_LENGTH }, (_, i) => (i < t.split(' ').length ? i + 2 : 0)));
        return { token_ids: { dtype: 'int32', shape: [texts.length, SEQUENCE_LENGTH], values: Int32Array.from(ids) } };
      }
      const p = texts.map((t) => Math.min(1, (t.split('!').length - 1) / 4 + version / 1000));
      return {
        probability: { dtype: 'float32', shape: [texts.length], values: Float32Array.from(p) },
        label: { dtype: 'string', shape: [texts.length], values: p.map((x) => (x > 0.5 ? 'positive' : 'negative')) },
      };
    },
    dispose() {
      disposed = true;
    },
  };
}

/** A loader over version folders: the version number comes from the folder name; 'broken' marker fails. */
export async function standInLoader(dir, options) {
  const fs = await import('node:fs');
  const path = await import('node:path');
  if (fs.existsSync(path.join(dir, 'broken'))) {
    const error = new Error(`Could not parse ${path.join(dir, 'saved_model.pb')}`);
    error.code = 'DATA_LOSS';
    throw error;
  }
  return standInModel(Number(path.basename(dir)), options);
}
