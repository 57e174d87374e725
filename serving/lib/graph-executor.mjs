// Executes fetches on a loaded TensorFlow.js graph model: directly on the cpu backend, or in cpu/wasm phases
// (phase-plan.mjs) on the wasm backend. execute() is used until a graph needs executeAsync (hash tables), which
// TensorFlow.js would otherwise warn about on every run. The caller owns the fetched tensors.

import * as tf from '@tensorflow/tfjs-core';
import { planPhases } from './phase-plan.mjs';

// The backend is global to TensorFlow.js: one phased execution at a time switches it.
let phaseLock = Promise.resolve();

const needsExecuteAsync = (error) => /dynamic op|executeAsync/.test(error.message);

async function withPhaseLock(work) {
  const release = phaseLock;
  let unlock;
  phaseLock = new Promise((resolve) => { unlock = resolve; });
  await release;
  try {
    return await work();
  } finally {
    await tf.setBackend('cpu');
    unlock();
  }
}

/**
 * The executor of one graph model.
 * @returns {{ execute(feeds, names): Promise<tf.Tensor[]|tf.Tensor>, disposeResult(result): void }}
 */
export function createExecutor(model, graphDef, backend) {
  // Fetched tensors belong to the caller, except weights (a fetched Const is the model's own tensor).
  const weightIds = new Set(Object.values(model.weights).flat().map((t) => t.id));
  const disposeResult = (result) => {
    for (const t of Array.isArray(result) ? result : [result]) if (t != null && !weightIds.has(t.id)) t.dispose();
  };

  /** execute(), or executeAsync() from the first time a graph (or phase) turns out to need it. */
  const executeOnce = async (state, feeds, fetch) => {
    if (!state.async) {
      try {
        return model.execute(feeds, fetch);
      } catch (error) {
        if (!needsExecuteAsync(error)) throw error;
        state.async = true;
      }
    }
    return model.executeAsync(feeds, fetch);
  };

  const runPhases = async (phases, feeds, names) => {
    const known = { ...feeds };
    const produced = [];
    try {
      for (const phase of phases) {
        await tf.setBackend(phase.backend);
        const result = await executeOnce(phase, known, phase.fetch);
        const tensors = Array.isArray(result) ? result : [result];
        phase.fetch.forEach((name, i) => { known[name] = tensors[i]; });
        produced.push(...tensors);
      }
    } catch (error) {
      disposeResult(produced);
      throw error;
    }
    const outputs = names.map((name) => known[name]);
    disposeResult(produced.filter((t) => !outputs.includes(t)));
    return outputs;
  };

  const plans = new Map();
  const executePhased = (feeds, names) => {
    const key = names.join('\u0000');
    if (!plans.has(key)) plans.set(key, planPhases(graphDef, names));
    return withPhaseLock(() => runPhases(plans.get(key), feeds, names));
  };

  const whole = { async: false };
  const execute = (feeds, names) => (backend === 'wasm' ? executePhased(feeds, names) : executeOnce(whole, feeds, names));
  return { execute, disposeResult };
}
