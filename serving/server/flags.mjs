// Command-line flags, named and defaulted as tensorflow_model_server names them (main.cc), for the subset
// the local server supports. Anything else is rejected with a clear message instead of being ignored.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MODEL_NAME } from '../lib/serving-names.mjs';

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
const oneOf = (...allowed) => (name, text) => {
  if (!allowed.includes(text)) throw new FlagError(`--${name} must be ${allowed.join(' or ')}, got "${text}"`);
  return text;
};

/** name -> { parse, value (the default), help }; every flag is given as --name=value or --name value. */
export const FLAGS = Object.freeze({
  port: { parse: integer(0, 65535), value: 8500, help: 'gRPC port of tensorflow_model_server; accepted for compatibility, gRPC is not served' },
  rest_api_port: { parse: integer(1, 65535), value: 8501, help: 'Port for the HTTP/REST API' },
  rest_api_host: { parse: string, value: '127.0.0.1', help: 'Local server only: address the REST API binds (TF Serving has no such flag and binds all interfaces); 0.0.0.0 to accept other machines' },
  rest_api_enable_cors_support: { parse: boolean, value: false, help: 'Add CORS headers (Access-Control-Allow-Origin: *) to REST replies' },
  rest_api_timeout_in_ms: { parse: integer(1, 2 ** 31 - 1), value: 30000, help: 'Timeout for a REST call (queueing plus graph execution)' },
  model_name: { parse: string, value: MODEL_NAME, help: 'Name of the model (ignored with --model_config_file)' },
  model_base_path: { parse: string, value: path.join(servingDir, 'models', MODEL_NAME), help: 'Folder holding the numeric version folders (ignored with --model_config_file)' },
  model_config_file: { parse: string, value: '', help: 'ModelServerConfig text file (model_config_list); overrides --model_name/--model_base_path' },
  file_system_poll_wait_seconds: { parse: integer(0, 86400), value: 1, help: 'Seconds between polls for new or removed versions; 0 polls once at start' },
  allow_version_labels_for_unavailable_models: { parse: boolean, value: false, help: 'Allow version labels (model config file) on versions not yet available; needed for labels at start-up' },
  enable_batching: { parse: boolean, value: false, help: 'Merge queued requests for the same version and signature into one run (BatchingSession)' },
  batching_parameters_file: { parse: string, value: '', help: 'BatchingParameters text file (max_batch_size, batch_timeout_micros, max_enqueued_batches)' },
  monitoring_config_file: { parse: string, value: '', help: 'MonitoringConfig text file; enables Prometheus metrics on the REST port' },
  tfjs_backend: { parse: oneOf('wasm', 'cpu'), value: 'wasm', help: 'Local server only: TensorFlow.js backend for the numeric ops (wasm: WebAssembly SIMD, string ops stay on cpu; cpu: pure JavaScript)' },
  graph_workers: { parse: integer(1, 64), value: 1, help: 'Local server only: TensorFlow.js worker threads, each running one graph at a time (up to one per core); one more, a spare, takes over when a run is aborted' },
  rest_api_max_body_bytes: { parse: integer(1, 2 ** 31 - 1), value: 16 * 1024 * 1024, help: 'Local server only: largest accepted request body (TF Serving sets no limit)' },
  rest_api_max_instances: { parse: integer(1, 2 ** 31 - 1), value: 1024, help: 'Local server only: most instances (rows) in one :predict request; more is TF Serving\'s "Task size ... is larger than maximum input batch size" (400)' },
  rest_api_max_string_bytes: { parse: integer(1, 2 ** 31 - 1), value: 4096, help: 'Local server only: longest string value in a :predict request, in UTF-8 bytes (a tweet is at most 1,120); longer is a 400' },
});

const HELP = new Set(['help', 'helpfull', 'h']);

export function usage() {
  const lines = ['usage: serving/local-server [--flag=value ...]', '', 'Flags (as tensorflow_model_server names them):'];
  for (const [name, { value, help }] of Object.entries(FLAGS)) {
    lines.push(`  --${name}=${value === '' ? '""' : value}`, `        ${help}`);
  }
  return lines.join('\n');
}

// util.parseArgs splits the command line; booleans are declared as such so that a bare --enable_batching means
// true, while --enable_batching=false (the way tensorflow_model_server spells it) still arrives as a value.
const PARSE_ARGS_OPTIONS = Object.fromEntries([
  ...Object.entries(FLAGS).map(([name, { parse }]) => [name, { type: parse === boolean ? 'boolean' : 'string' }]),
  ['help', { type: 'boolean', short: 'h' }],
  ['helpfull', { type: 'boolean' }],
]);

/** Parses `--name=value` or `--name value` (absl's single-dash `-name=value` too); returns { help: true } for --help. */
export function parseFlags(argv) {
  // absl flags accept one dash as well as two; util.parseArgs would read -name as a group of short options.
  const args = argv.map((arg) => (/^-[A-Za-z0-9_]{2,}/.test(arg) ? `-${arg}` : arg));
  const { tokens } = parseArgs({ args, options: PARSE_ARGS_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const options = Object.fromEntries(Object.entries(FLAGS).map(([name, { value }]) => [name, value]));
  const given = new Set();
  for (const token of tokens) {
    if (token.kind === 'option' && HELP.has(token.name)) return { help: true };
  }
  for (const token of tokens) {
    if (token.kind !== 'option') {
      const text = token.kind === 'positional' ? token.value : '--';
      throw new FlagError(`Unexpected argument "${text}"; flags look like --rest_api_port=8501`);
    }
    const { name } = token;
    const spec = Object.hasOwn(FLAGS, name) ? FLAGS[name] : undefined;
    if (spec === undefined) {
      throw new FlagError(`Unknown or unsupported flag --${name}. The local server supports: ${Object.keys(FLAGS).map((f) => `--${f}`).join(', ')}`);
    }
    let text = token.value;
    if (text === undefined && spec.parse === boolean) text = 'true'; // a bare boolean flag means true
    if (text === undefined) throw new FlagError(`--${name} needs a value`);
    if (given.has(name)) throw new FlagError(`--${name} given twice`);
    given.add(name);
    options[name] = spec.parse(name, text);
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
