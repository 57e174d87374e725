// Walks a decoded GraphDef (protobufjs plain messages, TensorFlow's field names): node names from tensor names,
// the index of nodes by name with TensorFlow's structural checks, and the two traversals the loader needs.

/** "node:1" and "^node" name the node "node". */
export function nodeNameOf(tensorName) {
  return tensorName.startsWith('^') ? tensorName.slice(1) : tensorName.split(':')[0];
}

/** Map name -> NodeDef; throws on a duplicate name or an input that names no node. */
export function indexNodes(graphDef) {
  const nodesByName = new Map();
  for (const node of graphDef.node) {
    if (nodesByName.has(node.name)) throw new Error(`The graph has two nodes named "${node.name}".`);
    nodesByName.set(node.name, node);
  }
  for (const node of graphDef.node) {
    for (const input of node.input ?? []) {
      if (!nodesByName.has(nodeNameOf(input))) {
        throw new Error(`Node "${node.name}" (${node.op}) has input "${input}", which names no node in the graph.`);
      }
    }
  }
  return nodesByName;
}

/** Names of every node the given nodes depend on (data and control inputs), including themselves. */
export function backwardClosure(nodesByName, roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length > 0) {
    const name = stack.pop();
    if (seen.has(name)) continue;
    const node = nodesByName.get(name);
    if (node == null) throw new Error(`The init op depends on node "${name}", which is not in the graph.`);
    seen.add(name);
    for (const input of node.input ?? []) stack.push(nodeNameOf(input));
  }
  return seen;
}

/** The ancestors of `outputNames` (data inputs only), in topological order. */
export function topologicalAncestors(graphDef, outputNames) {
  const byName = new Map(graphDef.node.map((n) => [n.name, n]));
  const order = [];
  const state = new Map();
  const stack = outputNames.map((n) => [nodeNameOf(n), false]);
  while (stack.length > 0) {
    const [name, expanded] = stack.pop();
    if (expanded) {
      state.set(name, 'done');
      order.push(byName.get(name));
      continue;
    }
    if (state.has(name) || !byName.has(name)) continue;
    state.set(name, 'open');
    stack.push([name, true]);
    for (const input of byName.get(name).input ?? []) {
      if (!input.startsWith('^') && !state.has(nodeNameOf(input))) stack.push([nodeNameOf(input), false]);
    }
  }
  return order;
}
