#!/usr/bin/env node
// TypeScript conformance harness (protocol: tests/conformance/README.md).
//
//   node harness.mjs SDK_DIR/typescript VECTORS_JSON
//
// The TypeScript target emits types only: there is no runtime decoder to call.
// So a vector goes through the two things a TypeScript program does with it:
//
// 1. The type check (compile time). Every vector becomes one line of a
//    scratch file that assigns the payload, as a value of its literal type, to
//    the generated type named by the vector, and `tsc --noEmit --strict` runs
//    over it. A line tsc flags is `rejected` (the error is tsc's message). The
//    payload is not a fresh object literal, so tsc's excess-property check
//    does not fire: like any structural type, a generated interface accepts
//    properties it does not declare.
// 2. The round trip (run time). A vector that type-checks is `accepted` and
//    its output is what JSON.parse then JSON.stringify give back, which is all
//    the SDK does on the wire (no renaming, no validation).
//
// The compiler is verify/typescript's pinned tsc (TSC=path overrides it).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..", "..");
const tsc = process.env.TSC || path.join(repo, "verify", "typescript", "node_modules", ".bin", "tsc");

const [sdkDir, vectorsPath] = process.argv.slice(2);
if (!sdkDir || !vectorsPath) {
  console.error("usage: harness.mjs SDK_DIR/typescript VECTORS_JSON");
  process.exit(2);
}
const models = path.resolve(sdkDir, "models.ts");
const doc = JSON.parse(fs.readFileSync(vectorsPath, "utf8"));
const vectors = doc.vectors;
// A type renamed with x-specsmith-name is found by that name.
const declared = doc.names ?? {};

// The exported types, and the key the IR name and the generated name agree on
// (the generator only changes case and drops separators; see src/emit/typescript.rs).
const key = (name) => name.toLowerCase().replace(/[^0-9a-z]/g, "");
const exported = new Map();
for (const m of fs.readFileSync(models, "utf8").matchAll(/^export (?:interface|type) ([A-Za-z_$][A-Za-z0-9_$]*)/gm)) {
  if (!exported.has(m[1])) exported.set(m[1], m[1]);
  if (!exported.has(key(m[1]))) exported.set(key(m[1]), m[1]);
}
const typeOf = (name) => exported.get(name) ?? exported.get(key(declared[name] ?? name));

const header = [
  `import type * as M from ${JSON.stringify(models.replace(/\.ts$/, ""))};`,
  "// A literal type with readonly dropped: `as const` keeps literal types (enum values, tags)",
  "// but makes arrays readonly tuples, which a generated `T[]` does not accept. A homomorphic",
  "// mapped type keeps tuples tuples and primitives primitives.",
  "type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };",
];
const lines = [...header];
const lineOf = new Map(); // line number (1-based) -> vector index
vectors.forEach((v, i) => {
  const t = typeOf(v.type);
  if (!t) return;
  lineOf.set(lines.length + 1, i);
  const literal = JSON.stringify(v.value);
  // `null as const` is not allowed (TS1355); `const r = null` has type null already.
  const init = v.value === null ? "null" : `${literal} as const`;
  lines.push(`const r${i} = ${init}; export const v${i}: M.${t} = r${i} as Mutable<typeof r${i}>;`);
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "specsmith-ts-conformance-"));
const errors = new Map(); // vector index -> first tsc message
try {
  fs.writeFileSync(path.join(dir, "checks.ts"), lines.join("\n") + "\n");
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2020", module: "ESNext", moduleResolution: "bundler", strict: true,
        noEmit: true, skipLibCheck: true, types: [], noErrorTruncation: false,
      },
      files: ["checks.ts"],
    }),
  );
  let out = "";
  try {
    out = execFileSync(tsc, ["--project", path.join(dir, "tsconfig.json"), "--pretty", "false"], {
      encoding: "utf8", maxBuffer: 1 << 30,
    });
  } catch (e) {
    if (typeof e.stdout !== "string") throw e;
    out = e.stdout;
  }
  let current = null;
  for (const raw of out.split("\n")) {
    const m = raw.match(/^(.*?)\((\d+),(\d+)\): error (TS\d+): (.*)$/);
    if (m) {
      current = null;
      if (path.basename(m[1]) !== "checks.ts") {
        console.error(`harness.mjs: the generated models do not compile: ${raw}`);
        process.exit(1);
      }
      const i = lineOf.get(Number(m[2]));
      if (i === undefined) {
        console.error(`harness.mjs: tsc error outside a vector line: ${raw}`);
        process.exit(1);
      }
      if (!errors.has(i)) {
        errors.set(i, `${m[4]}: ${m[5]}`);
        current = i;
      }
    } else if (current !== null && raw.trim() && errors.get(current).length < 300) {
      errors.set(current, `${errors.get(current)} ${raw.trim()}`);
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

vectors.forEach((v, i) => {
  let line;
  if (!typeOf(v.type)) {
    line = { id: v.id, result: "unsupported", error: `no type for ${v.type}` };
  } else if (errors.has(i)) {
    line = { id: v.id, result: "rejected", error: errors.get(i).slice(0, 300) };
  } else {
    line = { id: v.id, result: "accepted", output: JSON.parse(JSON.stringify(v.value)) };
  }
  console.log(JSON.stringify(line));
});
