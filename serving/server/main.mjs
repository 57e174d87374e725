// Entry point of the TF-Serving-compatible local server: flags -> model configs -> model manager -> REST.
// Started by serving/local-server; exits non-zero with a one-line message on bad flags or config.

import path from 'node:path';
import { ConfigError, readBatchingParameters, readModelServerConfig, readMonitoringConfig } from './config.mjs';
import { ExecutionQueue } from './execution-queue.mjs';
import { FlagError, parseFlags, usage } from './flags.mjs';
import { GraphRunner } from './graph-runner.mjs';
import { HttpServer } from './http-server.mjs';
import { Metrics } from './metrics.mjs';
import { ModelManager } from './model-manager.mjs';
import { RestApi } from './rest-api.mjs';
import { schedulingParameters } from './scheduling.mjs';
import { ServingError } from './status.mjs';

/** On SIGTERM/SIGINT, requests in flight get this long to be answered; the rest are answered 503. */
const SHUTDOWN_GRACE_MS = 800;
/** The process exits by then whatever happens (worker threads are terminated mid-computation). */
const EXIT_DEADLINE_MS = 1800;

const log = (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
const fail = (message) => {
  process.stderr.write(`local-server: ${message}\n`);
  process.exit(2);
};

function modelsFrom(options) {
  if (options.model_config_file) {
    if (options.explicit.has('model_name') || options.explicit.has('model_base_path')) {
      log('--model_config_file given: --model_name and --model_base_path are ignored');
    }
    return readModelServerConfig(options.model_config_file);
  }
  return [{
    name: options.model_name,
    basePath: path.resolve(options.model_base_path),
    policy: { kind: 'latest', numVersions: 1 },
    labels: new Map(),
  }];
}

async function main() {
  let options;
  let models;
  let monitoring = { enable: false };
  let batching = null;
  try {
    options = parseFlags(process.argv.slice(2));
    if (options.help) {
      process.stdout.write(`${usage()}\n`);
      return;
    }
    models = modelsFrom(options);
    if (options.monitoring_config_file) monitoring = readMonitoringConfig(options.monitoring_config_file);
    if (options.enable_batching) batching = readBatchingParameters(options.batching_parameters_file);
  } catch (error) {
    if (error instanceof FlagError || error instanceof ConfigError) fail(`${error.message} (see serving/local-server --help)`);
    throw error;
  }

  log(`TF-Serving-compatible local server (TensorFlow.js, ${options.tfjs_backend} backend); REST only: gRPC --port=${options.port} is not served`);
  for (const m of models) log(`Model ${m.name}: base path ${m.basePath}, policy ${JSON.stringify(m.policy)}`);

  const runner = new GraphRunner({
    workers: options.graph_workers,
    backend: options.tfjs_backend,
    log,
    onFatal: (error) => {
      // Every loaded version lived in the worker: exit so a supervisor restarts the server cleanly.
      process.stderr.write(`local-server: the TensorFlow.js worker died (${error.message}); exiting\n`);
      process.exit(1);
    },
  });
  const manager = new ModelManager({
    loader: runner.load,
    models, pollSeconds: options.file_system_poll_wait_seconds, log, allowLabelsForUnavailable: options.allow_version_labels_for_unavailable_models,
  });
  const scheduling = schedulingParameters(batching);
  const queue = new ExecutionQueue({ concurrency: options.graph_workers, scheduling });
  if (batching) log(`Batching on: ${JSON.stringify(batching)}`);
  log(`Limits: ${options.rest_api_max_instances} instances and ${options.rest_api_max_string_bytes}-byte strings per request; runs of at most ${scheduling.runRows} rows and ${scheduling.runTextBytes} string bytes; ${scheduling.maxQueuedRows} rows may wait`);
  const metrics = monitoring.enable ? new Metrics() : null;
  const api = new RestApi({
    manager, queue, timeoutMs: options.rest_api_timeout_in_ms,
    limits: { maxInstances: options.rest_api_max_instances, maxStringBytes: options.rest_api_max_string_bytes },
  });
  const server = new HttpServer({
    api, maxBodyBytes: options.rest_api_max_body_bytes, metrics, metricsPath: monitoring.enable ? monitoring.path : null, cors: options.rest_api_enable_cors_support, log,
  });

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: answering the requests in flight for up to ${SHUTDOWN_GRACE_MS} ms, then exiting`);
    const force = setTimeout(() => {
      log(`Not stopped within ${EXIT_DEADLINE_MS} ms; exiting anyway`);
      process.exit(1);
    }, EXIT_DEADLINE_MS);
    force.unref();
    manager.stopPolling();
    if (!(await server.stopAccepting(SHUTDOWN_GRACE_MS))) {
      queue.close(new ServingError('UNAVAILABLE', 'The server is shutting down'));
      await server.drained(EXIT_DEADLINE_MS - SHUTDOWN_GRACE_MS - 400, 0);
    }
    await server.closeConnections();
    await runner.close();
    log('Server stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  try {
    await manager.start();
  } catch (error) {
    fail(error.message);
  }
  if (stopping) return;
  try {
    await server.listen(options.rest_api_port, options.rest_api_host);
  } catch (error) {
    fail(`Cannot listen on REST address ${options.rest_api_host}:${options.rest_api_port}: ${error.message}`);
  }
  if (metrics) log(`Prometheus metrics at http://localhost:${options.rest_api_port}${monitoring.path}`);
  log(`Exporting HTTP/REST API at:${options.rest_api_host}:${options.rest_api_port} ...`);
}

main().catch((error) => {
  process.stderr.write(`local-server: unexpected error: ${error?.stack ?? error}\n`);
  process.exit(1);
});
