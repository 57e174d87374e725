#!/usr/bin/env node
// Validates rendered Kubernetes manifests offline, document by document:
//   1. against the Kubernetes OpenAPI schemas (kubernetes-models' precompiled validators), and
//   2. for fields the schemas do not know (the validators allow extra properties, so a typo such as
//      `replicaz` would pass them; @kubernetes/client-node's generated type metadata lists every known field).
// Usage: kubectl kustomize k8s/overlays/minikube | node validate-manifests.mjs [file ...]   (stdin without files)
// Prints one line per problem and a summary; exit code 0 = valid, 1 = problems found, 2 = unreadable input.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as clientNode from "@kubernetes/client-node";

// client-node types whose contents are free-form or checked by the schema validator instead.
const OPAQUE_TYPES = new Set(["string", "number", "boolean", "Date", "any", "object", "IntOrString", "RawExtension"]);

function readInputs(paths) {
  if (paths.length === 0) return [{ source: "stdin", text: readFileSync(0, "utf8") }];
  return paths.map((path) => ({ source: path, text: readFileSync(path, "utf8") }));
}

function describe(manifest) {
  const kind = manifest?.kind ?? "<no kind>";
  const name = manifest?.metadata?.name ?? "<no name>";
  return `${kind}/${name}`;
}

async function loadModel(apiVersion, kind) {
  // kubernetes-models lays its classes out as <group>/<version>/<Kind> (core: v1/<Kind>).
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

function schemaProblems(Model, manifest) {
  try {
    new Model(manifest).validate();
    return [];
  } catch (error) {
    const details = Array.isArray(error?.errors) ? error.errors : [];
    if (details.length === 0) return [`schema: ${error?.message ?? error}`];
    return details.map((d) => `schema: ${d.instancePath || "/"} ${d.message}${d.params?.allowedValues ? ` (${d.params.allowedValues.join(", ")})` : ""}`);
  }
}

function clientNodeTypeName(apiVersion, kind) {
  // apps/v1 + Deployment -> V1Deployment; autoscaling/v2 -> V2...; v1beta1 -> V1beta1...
  const version = apiVersion.includes("/") ? apiVersion.split("/")[1] : apiVersion;
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}

function unknownFields(value, typeName, path, problems) {
  if (value === null || value === undefined || OPAQUE_TYPES.has(typeName)) return;
  const arrayMatch = /^Array<(.+)>$/.exec(typeName);
  if (arrayMatch) {
    if (Array.isArray(value)) value.forEach((item, i) => unknownFields(item, arrayMatch[1], `${path}[${i}]`, problems));
    return;
  }
  const mapMatch = /^\{ \[key: string\]: (.+); \}$/.exec(typeName);
  if (mapMatch) {
    if (typeof value === "object" && !Array.isArray(value)) {
      for (const [key, item] of Object.entries(value)) unknownFields(item, mapMatch[1], `${path}.${key}`, problems);
    }
    return;
  }
  const type = clientNode[typeName];
  if (typeof type?.getAttributeTypeMap !== "function" || typeof value !== "object" || Array.isArray(value)) return;
  const attributes = new Map(type.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (!attributes.has(key)) {
      problems.push(`unknown field: ${childPath} (not a field of ${typeName})`);
      continue;
    }
    unknownFields(item, attributes.get(key), childPath, problems);
  }
}

async function validate(manifest) {
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) return ["not a Kubernetes object"];
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return ["missing apiVersion or kind"];
  const Model = await loadModel(apiVersion, kind);
  if (!Model) return [`unknown apiVersion/kind ${apiVersion} ${kind}`];
  const problems = schemaProblems(Model, manifest);
  const typeName = clientNodeTypeName(apiVersion, kind);
  if (typeof clientNode[typeName]?.getAttributeTypeMap !== "function") {
    problems.push(`no field metadata for ${typeName}; cannot check for unknown fields`);
  } else {
    unknownFields(manifest, typeName, "", problems);
  }
  return problems;
}

async function main() {
  let inputs;
  try {
    inputs = readInputs(process.argv.slice(2));
  } catch (error) {
    console.error(`Cannot read input: ${error.message}`);
    return 2;
  }
  let documents = 0;
  let problemCount = 0;
  for (const { source, text } of inputs) {
    const parsed = parseAllDocuments(text);
    for (const doc of parsed) {
      if (doc.errors.length > 0) {
        console.error(`${source}: not valid YAML: ${doc.errors[0].message}`);
        return 2;
      }
      const manifest = doc.toJS();
      if (manifest === null || manifest === undefined) continue;
      documents++;
      for (const problem of await validate(manifest)) {
        problemCount++;
        console.log(`${describe(manifest)}: ${problem}`);
      }
    }
  }
  if (documents === 0) {
    console.error("No Kubernetes documents in the input.");
    return 2;
  }
  console.log(`${documents} documents, ${problemCount} problems`);
  return problemCount === 0 ? 0 : 1;
}

process.exitCode = await main();
