// TF Serving's REST API (http_rest_api_handler.cc, http_rest_api_util.cc): routes /v1 requests to model
// status, metadata, predict, classify and regress, and turns every failure into `{"error": "..."}` with the
// HTTP status of its TensorFlow error code.

import { SERVING_SIGNATURE } from '../lib/serving-names.mjs';
import { dtypeName, int64 } from '../lib/tf-proto.mjs';
import { NO_LIMITS, checkClassifyRegressRequest, decodePredictRequest } from './request-codec.mjs';
import { encodePredictResponse, errorBody, normaliseOutput, prettyJson } from './response-codec.mjs';
import { ServingError, failedPrecondition, internal, invalidArgument, unimplemented } from './status.mjs';

const PREDICT_PATH = /^\/v1\/models\/([^/:]+)(?:(?:\/versions\/(\d+))|(?:\/labels\/([^/:]+)))?:(classify|regress|predict)$/i;
const STATUS_PATH = /^\/v1\/models(?:\/([^/:]+))?(?:(?:\/versions\/(\d+))|(?:\/labels\/([^/:]+)))?(?:\/(metadata))?$/i;
export const V1_PATH = /^\/v1\/.*$/is;
const MAX_INT64 = 2n ** 63n - 1n;

/** curl_easy_unescape: %XX sequences become bytes, everything else is kept. */
function unescapeArg(text) {
  const bytes = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

// Signatures are SignatureDef messages as plain objects (serving/lib/tf-proto.mjs PLAIN_OBJECT_OPTIONS): field names
// as in TensorFlow's schema, dtypes by name, int64 sizes as decimal strings.
const byKey = ([a], [b]) => (a < b ? -1 : 1);

function tensorInfoJson(info) {
  const json = { dtype: dtypeName(info.dtype) };
  if (info.tensor_shape != null) {
    json.tensor_shape = {
      dim: (info.tensor_shape.dim ?? []).map((d) => ({ size: String(int64(d.size)), name: d.name ?? '' })),
      unknown_rank: Boolean(info.tensor_shape.unknown_rank),
    };
  }
  json.name = info.name ?? '';
  return json;
}

function signatureDefJson(signature) {
  const map = (m) => Object.fromEntries(Object.entries(m ?? {}).sort(byKey).map(([k, v]) => [k, tensorInfoJson(v)]));
  return {
    inputs: map(signature.inputs),
    outputs: map(signature.outputs),
    method_name: signature.method_name ?? '',
    defaults: {},
  };
}

function signatureOf(servable, name) {
  return Object.hasOwn(servable.signatureDefs, name) ? servable.signatureDefs[name] : undefined;
}

function tensorInfos(map) {
  return new Map(Object.entries(map ?? {}).map(([alias, info]) => [alias, { dtype: dtypeName(info.dtype), name: info.name }]));
}

function parseModelInfo(method, urlPath) {
  const match = method === 'POST' ? PREDICT_PATH.exec(urlPath) : method === 'GET' ? STATUS_PATH.exec(urlPath) : null;
  if (match === null) return { parsed: false };
  const [, rawName, versionText, rawLabel, tail] = match;
  const info = { parsed: true, name: rawName === undefined ? '' : unescapeArg(rawName) };
  if (versionText !== undefined) {
    const version = BigInt(versionText);
    if (version > MAX_INT64) throw invalidArgument(`Failed to convert version: ${versionText} to numeric.`);
    info.version = Number(version);
  }
  if (rawLabel !== undefined) info.label = unescapeArg(rawLabel);
  if (method === 'POST') info.method = tail;
  else info.subresource = tail;
  return info;
}

/** FillModelSpecWithNameVersionAndLabel. */
function modelSpec(info) {
  if (info.version !== undefined && info.label !== undefined) {
    throw invalidArgument(`Both model version (${info.version}) and model version label (${info.label}) cannot be supplied.`);
  }
  return { version: info.version, label: info.label };
}

export class RestApi {
  /**
   * @param {{ manager: import('./model-manager.mjs').ModelManager, queue: import('./execution-queue.mjs').ExecutionQueue,
   *           timeoutMs: number, limits?: { maxInstances: number, maxStringBytes: number } }} deps limits are the
   *   local server's --rest_api_max_instances and --rest_api_max_string_bytes
   */
  constructor({ manager, queue, timeoutMs, limits = NO_LIMITS }) {
    this.manager = manager;
    this.queue = queue;
    this.timeoutMs = timeoutMs;
    this.limits = limits;
  }

  /**
   * Handles one /v1 request. Returns { status, body, model?, api?, code } (body is JSON text); never throws.
   */
  async handle(method, urlPath, body, headers = {}) {
    const started = Date.now();
    let info = { parsed: false };
    try {
      if (method === 'OPTIONS') {
        if (/https?:\/\//.test(headers.origin ?? '')) return { status: 200, body: '', code: 'OK' };
        throw failedPrecondition('Origin header is missing in CORS preflight');
      }
      info = parseModelInfo(method, urlPath);
      let result;
      if (info.parsed && method === 'POST' && info.method === 'predict') result = await this.predict(info, body, started);
      else if (info.parsed && method === 'POST' && (info.method === 'classify' || info.method === 'regress')) result = await this.classifyOrRegress(info, body);
      else if (info.parsed && method === 'GET' && info.subresource === 'metadata') result = this.metadata(info);
      else if (info.parsed && method === 'GET') result = this.status(info);
      else throw invalidArgument(`Malformed request: ${method} ${urlPath}`);
      return { status: 200, body: result, model: info.name, api: info.method ?? 'status', code: 'OK' };
    } catch (error) {
      const serving = error instanceof ServingError ? error : internal(String(error?.message ?? error));
      return { status: serving.httpStatus, body: errorBody(serving.message), model: info.name, api: info.method, code: serving.code };
    }
  }

  status(info) {
    if (!info.name) throw invalidArgument('Missing model name in request.');
    modelSpec(info);
    // GetModelStatusImpl only looks at a version; a label is accepted and ignored (all versions are listed).
    return prettyJson({ model_version_status: this.manager.status(info.name, info.version) }, '', ' ');
  }

  metadata(info) {
    if (!info.name) throw invalidArgument('Missing model name in request.');
    const handle = this.manager.acquire(info.name, modelSpec(info));
    try {
      const signatures = Object.entries(handle.servable.signatureDefs).sort(byKey);
      return prettyJson({
        model_spec: { name: handle.name, signature_name: '', version: String(handle.version) },
        metadata: { signature_def: { signature_def: Object.fromEntries(signatures.map(([k, v]) => [k, signatureDefJson(v)])) } },
      }, '', ' ');
    } finally {
      handle.release();
    }
  }

  async predict(info, body, started) {
    const spec = modelSpec(info);
    let handle = null;
    try {
      const request = await decodePredictRequest(body, (signatureName) => {
        handle = this.manager.acquire(info.name, spec);
        const key = signatureName || SERVING_SIGNATURE;
        const signature = signatureOf(handle.servable, key);
        if (signature === undefined) throw invalidArgument(`Serving signature name: "${key}" not found in signature def`);
        return tensorInfos(signature.inputs);
      }, this.limits);
      const key = request.signatureName || SERVING_SIGNATURE;
      const outputInfos = tensorInfos(signatureOf(handle.servable, key).outputs);
      // The queue answers DEADLINE_EXCEEDED (504) at the deadline and stops the work that was for this request.
      const raw = await this.queue.runSignature(handle.servable, key, request.tensors, started + this.timeoutMs);
      const outputs = new Map();
      for (const [alias, outputInfo] of outputInfos) {
        const output = raw[alias];
        if (output === undefined) throw internal(`The model returned no value for output ${alias}`);
        outputs.set(alias, normaliseOutput(output, outputInfo.dtype));
      }
      return encodePredictResponse(outputs, request.format);
    } catch (error) {
      if (error instanceof ServingError) throw error;
      // Kernel failures (bad shapes and the like) are InvalidArgument in TensorFlow as well.
      throw invalidArgument(String(error?.message ?? error));
    } finally {
      handle?.release();
    }
  }

  async classifyOrRegress(info, body) {
    const spec = modelSpec(info);
    const { signatureName } = checkClassifyRegressRequest(body);
    const handle = this.manager.acquire(info.name, spec);
    try {
      const key = signatureName || SERVING_SIGNATURE;
      const signature = signatureOf(handle.servable, key);
      if (signature === undefined) throw invalidArgument(`No signature was found with the name: ${key}`);
      const inputs = Object.entries(signature.inputs ?? {});
      const outputs = Object.entries(signature.outputs ?? {});
      const describe = () => JSON.stringify(signatureDefJson(signature));
      if (inputs.length !== 1) throw invalidArgument('Expected one input Tensor.');
      if (info.method === 'classify') {
        if (outputs.length !== 1 && outputs.length !== 2) throw invalidArgument(`Expected one or two output Tensors, found ${outputs.length}`);
        if (inputs[0][0] !== 'inputs') throw invalidArgument(`No classification inputs found in SignatureDef: ${describe()}`);
      } else {
        if (outputs.length !== 1) throw invalidArgument('Expected one output Tensor.');
        if (inputs[0][0] !== 'inputs') throw invalidArgument(`No regression inputs found in SignatureDef: ${describe()}`);
      }
      throw unimplemented(`The local server does not run :${info.method} (serialized tf.Example inputs); use :predict`);
    } finally {
      handle.release();
    }
  }
}
