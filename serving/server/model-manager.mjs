// Which versions of which models are served: polls each model's base path like TF Serving's
// FileSystemStoragePathSource, applies the version policy, loads new versions before unloading the ones they
// replace (availability preserving), drains in-flight requests before disposing a version, and records each
// version's state (START, LOADING, AVAILABLE, UNLOADING, END + status) for the model status API.

import fs from 'node:fs/promises';
import path from 'node:path';
import { SAVED_MODEL_FILE, SAVED_MODEL_TEXT_FILE } from '../lib/serving-names.mjs';
import { invalidArgument, isStatusCode, notFound } from './status.mjs';

const MODEL_FILES = [SAVED_MODEL_FILE, SAVED_MODEL_TEXT_FILE];

class VersionState {
  constructor(version, dir) {
    this.version = version;
    this.dir = dir;
    this.state = 'START';
    this.error = null; // { code, message } once a load failed
    this.servable = null;
    this.inflight = 0;
    this.stamp = '';
    this.drained = null; // resolves when inflight drops to 0 during UNLOADING
  }

  get statusJson() {
    return {
      version: String(this.version),
      state: this.state,
      status: { error_code: this.error?.code ?? 'OK', error_message: this.error?.message ?? '' },
    };
  }
}

class ModelState {
  constructor(config) {
    this.config = config;
    this.versions = new Map(); // version -> VersionState
    this.warned = new Set(); // log-once keys
  }
}

export class ModelManager {
  /**
   * @param {{ models: {name, basePath, policy, labels: Map<string, number>}[], pollSeconds: number,
   *           loader: (dir: string) => Promise<Servable>, log?: (line: string) => void,
   *           allowLabelsForUnavailable?: boolean }} options
   *   A Servable (GraphRunner.load's, or a test's stand-in) is { signatureDefs, run(signatureKey, inputs),
   *   warmup(): Promise<number of records replayed>, dispose() }.
   */
  constructor({ models, pollSeconds, loader, log = () => {}, allowLabelsForUnavailable = false }) {
    this.allowLabelsForUnavailable = allowLabelsForUnavailable;
    this.models = new Map(models.map((m) => [m.name, new ModelState(m)]));
    this.pollSeconds = pollSeconds;
    this.loader = loader;
    this.log = log;
    this.timer = null;
    this.polling = null;
    this.unloads = new Set();
    this.stopped = false;
  }

  /** Polls until every model has served or failed its first versions, as TF Serving waits at start-up. */
  async start() {
    // ServerCore applies version labels before it loads anything, so without the flag a label fails start-up.
    if (!this.allowLabelsForUnavailable) {
      for (const model of this.models.values()) {
        for (const [, version] of model.config.labels) {
          throw new Error(`Request to assign label to version ${version} of model ${model.config.name}, which is not currently available for inference (labels in the initial config need --allow_version_labels_for_unavailable_models)`);
        }
      }
    }
    for (;;) {
      await this.pollOnce();
      const pending = [...this.models.values()].filter((m) => ![...m.versions.values()].some((v) => v.state === 'AVAILABLE' || v.state === 'END'));
      if (pending.length === 0) break;
      if (this.stopped) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(this.pollSeconds, 1) * 1000));
    }
    for (const model of this.models.values()) {
      const versions = [...model.versions.values()];
      if (!versions.some((v) => v.state === 'AVAILABLE')) {
        const failed = versions.find((v) => v.error !== null);
        throw new Error(`Model ${model.config.name} could not be loaded: ${failed?.error.message ?? 'no versions'}`);
      }
    }
    this.schedulePoll();
  }

  schedulePoll() {
    if (this.stopped || this.pollSeconds <= 0) return;
    this.timer = setTimeout(async () => {
      this.polling = this.pollOnce().catch((error) => this.log(`Polling failed: ${error.message}`));
      await this.polling;
      this.polling = null;
      this.schedulePoll();
    }, this.pollSeconds * 1000);
    this.timer.unref();
  }

  warnOnce(model, key, line) {
    if (model.warned.has(key)) return;
    model.warned.add(key);
    this.log(line);
  }

  /** Numeric version folders that hold a complete SavedModel: Map version -> { dir, stamp }. */
  async scan(model) {
    const { name, basePath } = model.config;
    let entries;
    try {
      entries = await fs.readdir(basePath, { withFileTypes: true });
    } catch {
      entries = [];
    }
    const found = new Map();
    for (const entry of entries) {
      if (!/^\d+$/.test(entry.name) || !(entry.isDirectory() || entry.isSymbolicLink())) continue;
      const version = Number(entry.name);
      if (!Number.isSafeInteger(version)) continue;
      const dir = path.join(basePath, entry.name);
      if (found.has(version)) {
        this.warnOnce(model, `dup:${entry.name}`, `Warning: duplicate version directories for version ${version} of ${name}; using ${found.get(version).dir}`);
        continue;
      }
      let stamp = null;
      for (const file of MODEL_FILES) {
        try {
          const stat = await fs.stat(path.join(dir, file));
          if (stat.isFile()) {
            stamp = `${file}:${stat.size}:${stat.mtimeMs}`;
            break;
          }
        } catch {
          // not there (yet)
        }
      }
      if (stamp === null) {
        // A folder still being written (exporters write elsewhere and rename, but copies may not): wait for it.
        this.warnOnce(model, `incomplete:${version}:${dir}`, `Version ${version} of ${name} at ${dir} has no ${SAVED_MODEL_FILE} yet; waiting for it`);
        continue;
      }
      found.set(version, { dir, stamp });
    }
    if (found.size === 0) {
      this.warnOnce(model, `none:${basePath}`, `No versions of servable ${name} found under base path ${basePath}. Did you forget to name your leaf directory as a number (eg. '/1/')?`);
    } else {
      model.warned.delete(`none:${basePath}`);
    }
    return found;
  }

  aspired(model, found) {
    const versions = [...found.keys()].sort((a, b) => b - a);
    const { policy } = model.config;
    if (policy.kind === 'latest') return new Set(versions.slice(0, policy.numVersions));
    if (policy.kind === 'specific') return new Set(versions.filter((v) => policy.versions.includes(v)));
    return new Set(versions);
  }

  /** One poll of every model: load what is newly aspired, then unload what is no longer wanted. */
  async pollOnce() {
    for (const model of this.models.values()) {
      if (this.stopped) return;
      const found = await this.scan(model);
      const aspired = this.aspired(model, found);
      for (const version of [...aspired].sort((a, b) => a - b)) {
        const { dir, stamp } = found.get(version);
        const current = model.versions.get(version);
        const retry = current?.state === 'END' && (current.error === null || current.stamp !== stamp);
        if (current === undefined || retry) await this.load(model, version, dir, stamp);
      }
      const anyAspiredAvailable = [...aspired].some((v) => model.versions.get(v)?.state === 'AVAILABLE');
      for (const state of model.versions.values()) {
        if (state.state !== 'AVAILABLE' || aspired.has(state.version)) continue;
        // Availability preserving: keep serving an old version until a wanted one is up, unless its files are gone.
        if (anyAspiredAvailable || !found.has(state.version)) this.unload(model, state);
      }
    }
  }

  async load(model, version, dir, stamp) {
    const state = new VersionState(version, dir);
    state.stamp = stamp;
    model.versions.set(version, state);
    state.state = 'LOADING';
    const started = performance.now();
    this.log(`Loading servable version {name: ${model.config.name} version: ${version}} from ${dir}`);
    try {
      state.servable = await this.loader(dir);
      try {
        // As in TF Serving, a version becomes AVAILABLE only once its warmup requests have run.
        const records = await state.servable.warmup();
        if (records > 0) this.log(`Finished reading warmup data for model at ${dir}. Number of warmup records read: ${records}.`);
      } catch (error) {
        await state.servable.dispose?.();
        state.servable = null;
        throw Object.assign(new Error(`Warmup of ${dir} failed: ${error?.message ?? error}`), { code: error?.code });
      }
      state.state = 'AVAILABLE';
      this.log(`Successfully loaded servable version {name: ${model.config.name} version: ${version}} in ${(performance.now() - started).toFixed(0)} ms`);
    } catch (error) {
      const code = isStatusCode(error?.code) && error.code !== 'OK' ? error.code : 'UNKNOWN';
      state.error = { code, message: String(error?.message ?? error) };
      state.state = 'END';
      this.log(`Loading servable version {name: ${model.config.name} version: ${version}} failed: ${code}: ${state.error.message}`);
    }
  }

  unload(model, state) {
    state.state = 'UNLOADING';
    this.log(`Unloading servable version {name: ${model.config.name} version: ${state.version}}`);
    const done = (async () => {
      if (state.inflight > 0) await new Promise((resolve) => { state.drained = resolve; });
      try {
        await state.servable?.dispose?.();
      } catch (error) {
        this.log(`Disposing version ${state.version} of ${model.config.name} failed: ${error.message}`);
      }
      state.servable = null;
      state.state = 'END';
      this.log(`Done unloading servable version {name: ${model.config.name} version: ${state.version}}`);
    })();
    this.unloads.add(done);
    done.finally(() => this.unloads.delete(done));
  }

  /** GetModelStatus: every tracked version, newest first. */
  status(name, version) {
    const model = this.models.get(name);
    const versions = model ? [...model.versions.values()] : [];
    if (version !== undefined) {
      const state = versions.find((v) => v.version === version);
      if (state === undefined) throw notFound(`Could not find version ${version} of model ${name}`);
      return [state.statusJson];
    }
    if (versions.length === 0) throw notFound(`Could not find any versions of model ${name}`);
    return versions.sort((a, b) => b.version - a.version).map((v) => v.statusJson);
  }

  /**
   * A handle on a served version for one request: { name, version, servable, release() }. Either `version`
   * or `label` may be given (ServerCore::GetServableHandle semantics); call release() when done.
   */
  acquire(name, { version, label } = {}) {
    const model = this.models.get(name);
    let wanted = version;
    if (label !== undefined) {
      wanted = model?.config.labels.get(label);
      if (wanted === undefined) throw invalidArgument(`Unrecognized servable version label: ${label}`);
    }
    let state;
    if (wanted === undefined) {
      state = model && [...model.versions.values()].filter((v) => v.state === 'AVAILABLE').sort((a, b) => b.version - a.version)[0];
      if (state === undefined) throw notFound(`Servable not found for request: Latest(${name})`);
    } else {
      state = model?.versions.get(wanted);
      if (state?.state !== 'AVAILABLE') throw notFound(`Servable not found for request: Specific(${name}, ${wanted})`);
    }
    state.inflight++;
    let released = false;
    return {
      name,
      version: state.version,
      servable: state.servable,
      release: () => {
        if (released) return;
        released = true;
        state.inflight--;
        if (state.inflight === 0 && state.drained) state.drained();
      },
    };
  }

  /** Stops polling for new and removed versions. */
  stopPolling() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Stops polling, waits for pending unloads, disposes everything still loaded. */
  async close() {
    this.stopPolling();
    await this.polling;
    await Promise.all(this.unloads);
    for (const model of this.models.values()) {
      for (const state of model.versions.values()) {
        if (state.state === 'AVAILABLE') this.unload(model, state);
      }
    }
    await Promise.all(this.unloads);
  }
}
