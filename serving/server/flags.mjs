// Command-line flags, named and defaulted as tensorflow_model_server names them (main.cc), for the subset
// the local server supports. Anything else is rejected with a clear message instead of being ignored.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class FlagError extends Error {
  constructor(message) {
    super(message);
    this.name = 'FlagError';
  }
}

const servingDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const integer = (min, max) => (name, text) => {
  if (!/^[-+]?\d+$/.test(text)) throw new FlagError(`--${name} expects an integer, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max) throw new FlagError(`--${name} must be between ${min} and ${max}, got ${value}`);
  return value;
};
const boolean = (name, text) => {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new FlagError(`--${name} expects true or false, got "${text}"`);
};
const string = (name, text) => {
  if (text === '') throw new FlagError(`--${name} must not be empty`);
  return text;
};

/** name -> [parse, default, help]. */
export const FLAGS = Object.freeze({
  port: [integer(0, 65535), 8500, 'gRPC port of tensorflow_model_server; accepted for compatibility, gRPC is not served'],
  rest_api_port: [integer(1, 65535), 8501, 'Port for the HTTP/REST API'],
  rest_api_host: [string, '127.0.0.1', 'Local server only: address the REST API binds (TF Serving has no such flag and binds all interfaces); 0.0.0.0 to accept other machines'],
  rest_api_enable_cors_support: [boolean, false, 'Add CORS headers (Access-Control-Allow-Origin: *) to REST replies'],
  rest_api_timeout_in_ms: [integer(1, 2 ** 31 - 1), 30000, 'Timeout for a REST call (queueing plus graph execution)'],
  model_name: [string, 'sentiment', 'Name of the model (ignored with --model_config_file)'],
  model_base_path: [string, path.join(servingDir, 'models', 'sentiment'), 'Folder holding the numeric version folders (ignored with --model_config_file)'],
  model_config_file: [string, '', 'ModelServerConfig text file (model_config_list); overrides --model_name/--model_base_path'],
  file_system_poll_wait_seconds: [integer(0, 86400), 1, 'Seconds between polls for new or removed versions; 0 polls once at start'],
  allow_version_labels_for_unavailable_models: [boolean, false, 'Allow version labels (model config file) on versions not yet available; needed for labels at start-up'],
  enable_batching: [boolean, false, 'Merge queued requests for the same version and signature into one run (BatchingSession)'],
  batching_parameters_file: [string, '', 'BatchingParameters text file (max_batch_size, batch_timeout_micros, max_enqueued_batches)'],
  monitoring_config_file: [string, '', 'MonitoringConfig text file; enables Prometheus metrics on the REST port'],
  tfjs_backend: [(name, text) => {
    if (text !== 'wasm' && text !== 'cpu') throw new FlagError(`--${name} must be wasm or cpu, got "${text}"`);
    return text;
  }, 'wasm', 'Local server only: TensorFlow.js backend for the numeric ops (wasm: WebAssembly SIMD, string ops stay on cpu; cpu: pure JavaScript)'],
  graph_workers: [integer(1, 64), 1, 'Local server only: TensorFlow.js worker threads, each running one graph at a time (up to one per core)'],
  rest_api_max_body_bytes: [integer(1, 2 ** 31 - 1), 16 * 1024 * 1024, 'Local server only: largest accepted request body (TF Serving sets no limit)'],
});

export function usage() {
  const lines = ['usage: serving/local-server [--flag=value ...]', '', 'Flags (as tensorflow_model_server names them):'];
  for (const [name, [, value, help]] of Object.entries(FLAGS)) {
    lines.push(`  --${name}=${value === '' ? '""' : value}`, `        ${help}`);
  }
  return lines.join('\n');
}

/** Parses `--name=value` or `--name value`; returns { help: true } for --help. */
export function parseFlags(argv) {
  const options = Object.fromEntries(Object.entries(FLAGS).map(([name, [, value]]) => [name, value]));
  const given = new Set();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h' || arg === '--helpfull') return { help: true };
    const match = /^--?([A-Za-z0-9_]+)(?:=(.*))?$/s.exec(arg);
    if (match === null) throw new FlagError(`Unexpected argument "${arg}"; flags look like --rest_api_port=8501`);
    const [, name, inline] = match;
    const spec = FLAGS[name];
    if (spec === undefined) {
      throw new FlagError(`Unknown or unsupported flag --${name}. The local server supports: ${Object.keys(FLAGS).map((f) => `--${f}`).join(', ')}`);
    }
    let text = inline;
    if (text === undefined && spec[0] === boolean) text = 'true'; // a bare boolean flag means true
    if (text === undefined) {
      if (i + 1 >= argv.length) throw new FlagError(`--${name} needs a value`);
      text = argv[++i];
    }
    if (given.has(name)) throw new FlagError(`--${name} given twice`);
    given.add(name);
    options[name] = spec[0](name, text);
  }
  if (options.port !== 0 && options.port === options.rest_api_port) {
    throw new FlagError(`--port and --rest_api_port must differ (both ${options.port})`);
  }
  if (options.batching_parameters_file && !options.enable_batching) {
    throw new FlagError('--batching_parameters_file requires --enable_batching');
  }
  options.explicit = given;
  return options;
}
