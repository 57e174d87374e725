// When a signature run fails, says where: the nodes using an op TensorFlow.js does not know, or the first node (in
// topological order) whose execution fails.

import { topologicalAncestors } from './graph-def.mjs';

// Nodes the bisection skips: no fetchable output, or nothing to execute.
const NOT_BISECTED = new Set(['NoOp', 'LookupTableImportV2', 'InitializeTableV2', 'HashTableV2', 'Placeholder', 'Const']);

/**
 * After a failed run, finds the first node (in topological order) whose execution fails, by bisecting over
 * prefixes of the order: fetching a prefix executes exactly that prefix, so "fails" is monotone in its length.
 */
async function findFailingNode(model, graphDef, feeds, outputNames, originalError, disposeResult) {
  const candidates = topologicalAncestors(graphDef, outputNames).filter((n) => !NOT_BISECTED.has(n.op));
  // Only the original failure counts: fetching some intermediate outputs can fail for reasons of its own.
  const fails = async (count) => {
    try {
      disposeResult(await model.executeAsync(feeds, candidates.slice(0, count).map((n) => n.name)));
      return null;
    } catch (error) {
      return error.message === originalError.message ? error : null;
    }
  };
  let low = 1;
  let high = candidates.length;
  let error = await fails(high);
  if (error == null) return null;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const middleError = await fails(middle);
    if (middleError != null) {
      high = middle;
      error = middleError;
    } else low = middle + 1;
  }
  return { node: candidates[low - 1], error };
}

function unknownOpHint(error, graphDef) {
  const match = /Unknown op '([^']+)'/.exec(error.message);
  if (match == null) return '';
  const nodes = graphDef.node.filter((n) => n.op === match[1]).map((n) => `"${n.name}"`);
  return ` (nodes using it: ${nodes.slice(0, 5).join(', ')}${nodes.length > 5 ? ', ...' : ''})`;
}

/** " (nodes using it: ...)" or " (first failing node: ...)" for `error`, or '' when neither can be found. */
export async function whereRunFailed({ model, graphDef, disposeResult }, feeds, outputNames, error) {
  const hint = unknownOpHint(error, graphDef);
  if (hint !== '') return hint;
  const failing = await findFailingNode(model, graphDef, feeds, outputNames, error, disposeResult).catch(() => null);
  return failing != null ? ` (first failing node: "${failing.node.name}", op ${failing.node.op})` : '';
}
