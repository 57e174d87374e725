// TensorFlow.js's wasm backend cannot hold strings (nor table resources): with backend 'wasm', the nodes that touch
// them run on the cpu backend and the numeric rest on wasm, in alternating phases that hand tensors over at their
// boundaries. This plans those phases for a set of fetched tensors.

import { nodeNameOf, topologicalAncestors } from './graph-def.mjs';
import { dtypeName } from './tf-proto.mjs';

const STRING_SIDE_OPS = new Set([
  'StringLower', 'StaticRegexReplace', 'RegexReplace', 'StringSplit', 'StringSplitV2', 'StringToHashBucketFast',
  'HashTableV2', 'LookupTableFindV2', 'LookupTableImportV2', 'InitializeTableV2',
]);
const STRING_SIDE_TYPES = ['DT_STRING', 'DT_RESOURCE'];

function touchesStrings(node) {
  if (STRING_SIDE_OPS.has(node.op)) return true;
  for (const value of Object.values(node.attr ?? {})) {
    if (value.value === 'type' && STRING_SIDE_TYPES.includes(dtypeName(value.type))) return true;
    if (value.value === 'list' && (value.list.type ?? []).some((t) => STRING_SIDE_TYPES.includes(dtypeName(t)))) return true;
  }
  return false;
}

const dataInputs = (node) => (node.input ?? []).filter((input) => !input.startsWith('^'));

/** Phase index of every non-Const node: even = cpu, odd = wasm; never earlier than a data input's phase. */
function assignPhases(order) {
  const phase = new Map();
  for (const node of order) {
    if (node.op === 'Const') continue;
    const side = touchesStrings(node) ? 0 : 1; // 0 = cpu, 1 = wasm; phases alternate cpu, wasm, cpu, ...
    let p = side;
    for (const input of dataInputs(node)) {
      const q = phase.get(nodeNameOf(input));
      if (q === undefined) continue;
      const needed = q % 2 === side ? q : q + 1;
      if (needed > p) p = needed;
    }
    phase.set(node.name, p);
  }
  return phase;
}

/**
 * Splits the nodes needed for `outputNames` into alternating cpu/wasm phases (Consts belong to no phase).
 * Returns [{ backend, fetch: tensor names to compute in this phase }], in execution order.
 */
export function planPhases(graphDef, outputNames) {
  const order = topologicalAncestors(graphDef, outputNames);
  const phase = assignPhases(order);
  const last = Math.max(...phase.values());
  const phases = Array.from({ length: last + 1 }, (_, i) => ({ backend: i % 2 === 0 ? 'cpu' : 'wasm', fetch: new Set() }));
  // A tensor crosses a boundary when a later phase consumes it: the earlier phase fetches it.
  for (const node of order) {
    const p = phase.get(node.name);
    for (const input of dataInputs(node)) {
      const q = phase.get(nodeNameOf(input));
      if (q !== undefined && q < p) phases[q].fetch.add(input.includes(':') ? input : `${input}:0`);
    }
  }
  for (const name of outputNames) {
    const q = phase.get(nodeNameOf(name));
    if (q !== undefined) phases[q].fetch.add(name);
  }
  return phases.filter((p) => p.fetch.size > 0).map((p) => ({ backend: p.backend, fetch: [...p.fetch] }));
}
