// Reads a version folder the way TensorFlow's loader does: the binary saved_model.pb, the MetaGraphDef whose tag
// set is exactly the requested one, and a refusal of variables/ checkpoints (only Const weights are supported).

import fs from 'node:fs/promises';
import path from 'node:path';
import { SAVED_MODEL_FILE, SERVE_TAG } from './serving-names.mjs';
import { SavedModelType } from './tf-proto.mjs';

function sameTagSet(tags, wanted) {
  const a = new Set(tags);
  return a.size === wanted.size && [...wanted].every((t) => a.has(t));
}

async function readBytes(versionDir, file) {
  try {
    return await fs.readFile(file);
  } catch (error) {
    throw new Error(`${versionDir} does not contain a SavedModel (should have a file called ${SAVED_MODEL_FILE}): ${error.message}`);
  }
}

function decode(file, bytes) {
  try {
    return SavedModelType.decode(bytes);
  } catch (error) {
    throw new Error(`${file} is not a binary SavedModel: ${error.message}`);
  }
}

function pickMetaGraph(file, savedModel, tags) {
  const wanted = new Set(tags);
  const metaGraph = (savedModel.meta_graphs ?? []).find((m) => sameTagSet(m.meta_info_def?.tags ?? [], wanted));
  if (metaGraph == null) {
    const found = (savedModel.meta_graphs ?? []).map((m) => `{ ${(m.meta_info_def?.tags ?? []).join(', ')} }`).join(', ');
    throw new Error(`${file}: could not find meta graph def matching supplied tags: { ${[...wanted].join(', ')} } (found ${found || 'none'}).`);
  }
  return metaGraph;
}

async function refuseVariables(versionDir) {
  const variablesIndex = path.join(versionDir, 'variables', 'variables.index');
  if (await fs.stat(variablesIndex).then(() => true, () => false)) {
    throw new Error(`${versionDir} stores weights in variables/, which this loader does not support: only Const weights are.`);
  }
}

/**
 * Decodes <versionDir>/saved_model.pb and picks the MetaGraphDef whose tag set is exactly `tags`.
 * @returns {Promise<object>} the MetaGraphDef (a protobufjs message)
 */
export async function readMetaGraph(versionDir, tags = [SERVE_TAG]) {
  const file = path.join(versionDir, SAVED_MODEL_FILE);
  const metaGraph = pickMetaGraph(file, decode(file, await readBytes(versionDir, file)), tags);
  await refuseVariables(versionDir);
  return metaGraph;
}
