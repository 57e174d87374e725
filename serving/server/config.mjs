// What the server serves: one model from --model_name/--model_base_path, or the models of a TF Serving
// ModelServerConfig text file (model_config_list), with version policies and version labels; and the optional
// MonitoringConfig (Prometheus).

import fs from 'node:fs';
import path from 'node:path';
import { TextProtoError, parseTextProto } from './text-proto.mjs';

export class ConfigError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ConfigError';
  }
}

const KNOWN = {
  ModelServerConfig: ['model_config_list', 'custom_model_config'],
  ModelConfigList: ['config'],
  ModelConfig: ['name', 'base_path', 'model_type', 'model_platform', 'model_version_policy', 'version_labels', 'logging_config'],
  ServableVersionPolicy: ['latest', 'all', 'specific'],
  Latest: ['num_versions'],
  Specific: ['versions'],
  All: [],
  LabelEntry: ['key', 'value'],
  MonitoringConfig: ['prometheus_config'],
  BatchingParameters: ['max_batch_size', 'batch_timeout_micros', 'max_enqueued_batches', 'num_batch_threads', 'thread_pool_name',
    'enable_large_batch_splitting', 'max_execution_batch_size', 'allowed_batch_sizes', 'pad_variable_length_inputs'],
  Wrapper: ['value'],
  PrometheusConfig: ['enable', 'path'],
};

function checkFields(message, type, where) {
  for (const field of Object.keys(message)) {
    if (!KNOWN[type].includes(field)) throw new ConfigError(`${where}: unknown field '${field}' in ${type}`);
  }
}

function single(message, field, where) {
  const values = message[field];
  if (values === undefined) return undefined;
  if (values.length > 1) throw new ConfigError(`${where}: field '${field}' given ${values.length} times`);
  return values[0];
}

function expectString(value, field, where) {
  if (value !== undefined && typeof value !== 'string') throw new ConfigError(`${where}: '${field}' must be a quoted string`);
  return value;
}

function expectInteger(value, field, where) {
  if (!Number.isSafeInteger(value)) throw new ConfigError(`${where}: '${field}' must be an integer`);
  return value;
}

function expectMessage(value, field, where) {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || 'enum' in value) throw new ConfigError(`${where}: '${field}' must be a message { ... }`);
  return value;
}

function readPolicy(message, where) {
  if (message === undefined) return { kind: 'latest', numVersions: 1 };
  checkFields(message, 'ServableVersionPolicy', where);
  const kinds = Object.keys(message);
  if (kinds.length !== 1) throw new ConfigError(`${where}: model_version_policy must hold exactly one of latest, all, specific`);
  const body = expectMessage(single(message, kinds[0], where), kinds[0], where);
  if (kinds[0] === 'latest') {
    checkFields(body, 'Latest', where);
    const n = single(body, 'num_versions', where) ?? 1;
    if (expectInteger(n, 'num_versions', where) < 1) throw new ConfigError(`${where}: latest.num_versions must be at least 1`);
    return { kind: 'latest', numVersions: n };
  }
  if (kinds[0] === 'specific') {
    checkFields(body, 'Specific', where);
    const versions = (body.versions ?? []).map((v) => expectInteger(v, 'versions', where));
    if (versions.length === 0) throw new ConfigError(`${where}: specific policy needs at least one 'versions' entry`);
    return { kind: 'specific', versions: [...new Set(versions)] };
  }
  checkFields(body, 'All', where);
  return { kind: 'all' };
}

function readModelConfig(message, index, configDir) {
  const where = `model_config_list.config[${index}]`;
  checkFields(message, 'ModelConfig', where);
  const name = expectString(single(message, 'name', where), 'name', where);
  if (!name) throw new ConfigError(`${where}: 'name' is required`);
  const basePath = expectString(single(message, 'base_path', where), 'base_path', where);
  if (!basePath) throw new ConfigError(`${where} (${name}): 'base_path' is required`);
  const platform = expectString(single(message, 'model_platform', where), 'model_platform', where) ?? 'tensorflow';
  if (platform !== 'tensorflow') throw new ConfigError(`${where} (${name}): model_platform "${platform}" is not supported (only "tensorflow")`);
  if (message.model_type !== undefined) throw new ConfigError(`${where} (${name}): the deprecated model_type field is not supported; use model_platform`);
  const labels = new Map();
  for (const entry of message.version_labels ?? []) {
    expectMessage(entry, 'version_labels', where);
    checkFields(entry, 'LabelEntry', where);
    const key = expectString(single(entry, 'key', where), 'key', where);
    const value = expectInteger(single(entry, 'value', where), 'value', where);
    if (!key) throw new ConfigError(`${where} (${name}): a version label needs a key`);
    labels.set(key, value);
  }
  return {
    name,
    basePath: path.resolve(configDir, basePath),
    policy: readPolicy(expectMessage(single(message, 'model_version_policy', where), 'model_version_policy', where), where),
    labels,
  };
}

/** The text-format message in the file given with --`flag`; a syntax error names the file and line. */
function readTextProtoFile(file, flag) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read --${flag} ${file}: ${error.message}`);
  }
  try {
    return parseTextProto(text);
  } catch (error) {
    if (error instanceof TextProtoError) throw new ConfigError(`${file}: ${error.message}`);
    throw error;
  }
}

/** Parses a ModelServerConfig text file into [{ name, basePath, policy, labels }]. */
export function readModelServerConfig(file) {
  const root = readTextProtoFile(file, 'model_config_file');
  checkFields(root, 'ModelServerConfig', file);
  if (root.custom_model_config !== undefined) throw new ConfigError(`${file}: custom_model_config is not supported`);
  const list = expectMessage(single(root, 'model_config_list', file), 'model_config_list', file);
  if (list === undefined) throw new ConfigError(`${file}: model_config_list is missing`);
  checkFields(list, 'ModelConfigList', file);
  const models = (list.config ?? []).map((c, i) => readModelConfig(expectMessage(c, 'config', file), i, path.dirname(path.resolve(file))));
  const names = new Set();
  for (const model of models) {
    if (names.has(model.name)) throw new ConfigError(`${file}: model name "${model.name}" appears twice`);
    names.add(model.name);
  }
  return models;
}

/** Parses a MonitoringConfig text file into { enable, path }. */
export function readMonitoringConfig(file) {
  const root = readTextProtoFile(file, 'monitoring_config_file');
  checkFields(root, 'MonitoringConfig', file);
  const prometheus = expectMessage(single(root, 'prometheus_config', file), 'prometheus_config', file) ?? {};
  checkFields(prometheus, 'PrometheusConfig', file);
  const enable = single(prometheus, 'enable', file);
  const metricsPath = expectString(single(prometheus, 'path', file), 'path', file);
  return {
    enable: enable?.enum === 'true' || enable === 1,
    path: metricsPath || '/monitoring/prometheus/metrics',
  };
}

/**
 * Parses a BatchingParameters text file (wrapper fields written `max_batch_size { value: 32 }`). The local
 * server uses max_batch_size, batch_timeout_micros and max_enqueued_batches; the thread and padding options
 * have no meaning on one JS thread and are accepted as TF Serving accepts them. Defaults are TF's.
 */
export function readBatchingParameters(file) {
  const defaults = { maxBatchSize: 1000, batchTimeoutMicros: 0, maxEnqueuedBatches: 10 };
  if (!file) return { ...defaults, maxExecutionBatchSize: defaults.maxBatchSize };
  const root = readTextProtoFile(file, 'batching_parameters_file');
  checkFields(root, 'BatchingParameters', file);
  const wrapped = (field) => {
    const message = expectMessage(single(root, field, file), field, file);
    if (message === undefined) return undefined;
    checkFields(message, 'Wrapper', file);
    return single(message, 'value', file);
  };
  const positive = (field, fallback) => {
    const value = wrapped(field) ?? fallback;
    if (!Number.isSafeInteger(value) || value < (field === 'batch_timeout_micros' ? 0 : 1)) {
      throw new ConfigError(`${file}: ${field} must be a ${field === 'batch_timeout_micros' ? 'non-negative' : 'positive'} integer`);
    }
    return value;
  };
  const maxBatchSize = positive('max_batch_size', defaults.maxBatchSize);
  const splitting = wrapped('enable_large_batch_splitting')?.enum === 'true';
  return {
    maxBatchSize,
    // With large batch splitting TF runs at most max_execution_batch_size rows at once; merge up to that.
    maxExecutionBatchSize: splitting ? positive('max_execution_batch_size', maxBatchSize) : maxBatchSize,
    batchTimeoutMicros: positive('batch_timeout_micros', defaults.batchTimeoutMicros),
    maxEnqueuedBatches: positive('max_enqueued_batches', defaults.maxEnqueuedBatches),
  };
}
