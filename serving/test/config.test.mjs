import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { readBatchingParameters, readModelServerConfig, readMonitoringConfig } from '../server/config.mjs';
import { parseFlags } from '../server/flags.mjs';
import { MODEL_NAME } from '../lib/serving-names.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-test-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name, text) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('model config file', () => {
  test('reads models, policies and labels in TF Serving text format', () => {
    const file = write('models.config', `
      # two models
      model_config_list {
        config {
          name: "${MODEL_NAME}"
          base_path: "/models/${MODEL_NAME}"
          model_platform: "tensorflow"
          model_version_policy { specific { versions: 1 versions: 2 } }
          version_labels { key: "stable" value: 1 }
          version_labels { key: "canary" value: 2 }
        }
        config: { name: "other" base_path: "relative/other" model_version_policy: { latest { num_versions: 2 } } }
        config < name: "all" base_path: "/a" model_version_policy { all {} } >
      }`);
    const [a, b, c] = readModelServerConfig(file);
    assert.equal(a.name, MODEL_NAME);
    assert.equal(a.basePath, `/models/${MODEL_NAME}`);
    assert.deepEqual(a.policy, { kind: 'specific', versions: [1, 2] });
    assert.deepEqual([...a.labels], [['stable', 1], ['canary', 2]]);
    assert.equal(b.basePath, path.join(dir, 'relative/other'));
    assert.deepEqual(b.policy, { kind: 'latest', numVersions: 2 });
    assert.deepEqual(c.policy, { kind: 'all' });
  });

  test('names an unknown field', () => {
    const file = write('bad.config', 'model_config_list { config { name: "m" base_path: "/m" colour: "red" } }');
    assert.throws(() => readModelServerConfig(file), /unknown field 'colour' in ModelConfig/);
  });

  test('names a syntax error with its line', () => {
    const file = write('syntax.config', 'model_config_list {\n config {\n name "m" } }');
    assert.throws(() => readModelServerConfig(file), /line 3: expected ':' after field 'name'/);
  });

  test('requires a base path', () => {
    const file = write('nobase.config', 'model_config_list { config { name: "m" } }');
    assert.throws(() => readModelServerConfig(file), /'base_path' is required/);
  });

  test('names the flag of a file that cannot be read, and the file and line of a syntax error', () => {
    assert.throws(() => readMonitoringConfig(path.join(dir, 'missing.config')), /^ConfigError: Cannot read --monitoring_config_file .*missing\.config: ENOENT/);
    const file = write('bad-batching.config', 'max_batch_size {\n value 3 }');
    assert.throws(() => readBatchingParameters(file), (e) => e.message === `${file}: line 2: expected ':' after field 'value'`);
  });

  test('reads the Prometheus monitoring config with its default path', () => {
    const file = write('monitoring.config', 'prometheus_config { enable: true }');
    assert.deepEqual(readMonitoringConfig(file), { enable: true, path: '/monitoring/prometheus/metrics' });
  });
});

describe('flags', () => {
  test('default to model sentiment on port 8501', () => {
    const options = parseFlags([]);
    assert.equal(options.rest_api_port, 8501);
    assert.equal(options.model_name, MODEL_NAME);
    assert.match(options.model_base_path, /serving[/\\]models[/\\]sentiment$/);
  });

  test('accept --name=value and --name value', () => {
    const options = parseFlags(['--rest_api_port=9000', '--model_name', 'x']);
    assert.equal(options.rest_api_port, 9000);
    assert.equal(options.model_name, 'x');
  });

  test('read a bare boolean flag as true', () => {
    assert.equal(parseFlags(['--allow_version_labels_for_unavailable_models']).allow_version_labels_for_unavailable_models, true);
  });

  test('reject unknown flags by name', () => {
    assert.throws(() => parseFlags(['--enable_model_warmup=true']), /Unknown or unsupported flag --enable_model_warmup/);
  });

  test('reject a non-numeric port', () => {
    assert.throws(() => parseFlags(['--rest_api_port=http']), /--rest_api_port expects an integer, got "http"/);
  });

  test('read --flag=false and absl\'s single-dash spelling', () => {
    const options = parseFlags(['--enable_batching=false', '-rest_api_port=9001']);
    assert.equal(options.enable_batching, false);
    assert.equal(options.rest_api_port, 9001);
    assert.throws(() => parseFlags(['--enable_batching=maybe']), /--enable_batching expects true or false, got "maybe"/);
  });

  test('reject a flag given twice, a missing value and stray arguments', () => {
    assert.throws(() => parseFlags(['--model_name=a', '--model_name=b']), /--model_name given twice/);
    assert.throws(() => parseFlags(['--model_name']), /--model_name needs a value/);
    assert.throws(() => parseFlags(['--enable_batching', 'true']), /Unexpected argument "true"; flags look like --rest_api_port=8501/);
  });

  test('answer --help, -h and --helpfull with the usage instead of parsing', () => {
    for (const flag of ['--help', '-h', '--helpfull']) assert.deepEqual(parseFlags(['--rest_api_port=x', flag]), { help: true });
  });

  test('bind loopback unless --rest_api_host says otherwise', () => {
    assert.equal(parseFlags([]).rest_api_host, '127.0.0.1');
    assert.equal(parseFlags(['--rest_api_host=0.0.0.0']).rest_api_host, '0.0.0.0');
    assert.throws(() => parseFlags(['--rest_api_host=']), /--rest_api_host must not be empty/);
  });
});

describe('batching parameters', () => {
  test('read wrapper values and keep TF defaults for the rest', () => {
    const file = write('batching.config', 'max_batch_size { value: 32 }\nbatch_timeout_micros { value: 2000 }\nnum_batch_threads { value: 4 }\npad_variable_length_inputs: true\n');
    assert.deepEqual(readBatchingParameters(file), { maxBatchSize: 32, maxExecutionBatchSize: 32, batchTimeoutMicros: 2000, maxEnqueuedBatches: 10 });
  });

  test('merge up to max_execution_batch_size when large batches are split', () => {
    const file = write('split.config', 'max_batch_size { value: 1024 }\nenable_large_batch_splitting { value: true }\nmax_execution_batch_size { value: 128 }\n');
    assert.equal(readBatchingParameters(file).maxExecutionBatchSize, 128);
  });

  test('need --enable_batching', () => {
    assert.throws(() => parseFlags(['--batching_parameters_file=/x']), /--batching_parameters_file requires --enable_batching/);
  });
});
