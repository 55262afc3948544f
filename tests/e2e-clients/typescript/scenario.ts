// The client scenario in TypeScript: the generated client against the
// generated server (base URL in SCENARIO_BASE_URL, API key in SCENARIO_API_KEY).
// Prints `step NAME ok` or `step NAME FAIL reason` per step.

import { ApiError, SandboxLifecycleApiClient } from "./client.js";

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

const baseUrl = process.env.SCENARIO_BASE_URL ?? "";
const apiKey = process.env.SCENARIO_API_KEY ?? "";
const client = new SandboxLifecycleApiClient({ baseUrl, apiKeyAuth: apiKey, timeoutMs: 10_000 });

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(what);
  }
}

async function step(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    console.log(`step ${name} ok`);
  } catch (e) {
    console.log(`step ${name} FAIL ${String(e instanceof Error ? e.message : e).replace(/\s+/g, " ")}`);
    process.exitCode = 1;
  }
}

async function failure(call: () => Promise<unknown>): Promise<ApiError> {
  try {
    await call();
  } catch (e) {
    if (e instanceof ApiError) {
      return e;
    }
    throw e;
  }
  throw new Error("the call succeeded");
}

async function main(): Promise<void> {
  let templateId = "";
  let imageSandbox = "";
  await step("box-template-create", async () => {
    const t = await client.createBoxTemplate({ name: "python-ml", artifactRef: "registry.example.com/templates/python-ml:1" });
    check(t.state === "Inactive" && t.id !== "", `created ${JSON.stringify(t)}`);
    templateId = t.id;
  });
  await step("box-template-list", async () => {
    const page = await client.listBoxTemplates();
    check(page.items.some((t) => t.id === templateId), "the new template is listed");
  });
  await step("box-template-activate", async () => {
    const t = await client.activateBoxTemplate(templateId);
    check(t.state === "Active", `state ${t.state}`);
  });
  await step("create-from-image", async () => {
    const s = await client.createSandbox({
      image: { uri: "registry.example.com/runtimes/python:3.12" },
      metadata: { team: "data-platform" },
    });
    check(s.source.kind === "image" && s.state === "Pending", `created ${JSON.stringify(s)}`);
    imageSandbox = s.id;
  });
  await step("create-from-box-template", async () => {
    const s = await client.createSandbox({ boxTemplateId: templateId, metadata: { team: "web" } });
    check(s.source.kind === "box_template" && s.source.boxTemplateId === templateId, `source ${JSON.stringify(s.source)}`);
  });
  await step("pause", async () => {
    const s = await client.pauseSandbox(imageSandbox);
    check(s.state === "Pausing", `state ${s.state}`);
  });
  await step("list-state-filter", async () => {
    const page = await client.listSandboxes({ state: ["Pausing", "Paused"] });
    check(page.items.length === 1 && page.items[0]?.id === imageSandbox, `listed ${page.items.map((s) => s.id).join(",")}`);
    const both = await client.listSandboxes({ state: ["Pausing", "Pending"] });
    check(both.items.length === 2, `two states: ${both.items.length}`);
  });
  await step("list-metadata-filter", async () => {
    const page = await client.listSandboxes({ metadata: "team=web" });
    check(page.items.length === 1 && page.items[0]?.metadata?.team === "web", `listed ${page.items.length}`);
  });
  await step("get", async () => {
    const s = await client.getSandbox(imageSandbox);
    check(s.id === imageSandbox && s.metadata?.team === "data-platform", `got ${JSON.stringify(s)}`);
  });
  await step("resume", async () => {
    const s = await client.resumeSandbox(imageSandbox);
    check(s.state === "Resuming", `state ${s.state}`);
  });
  await step("extend", async () => {
    const r = await client.renewSandboxExpiration(imageSandbox, { expiresAt: "2030-01-01T00:00:00Z" });
    check(Date.parse(r.expiresAt) === Date.parse("2030-01-01T00:00:00Z"), `expiresAt ${r.expiresAt}`);
  });
  await step("backup-snapshot-image-uri", async () => {
    const created = await client.createSnapshot(imageSandbox, { name: "before-upgrade" });
    check(created.imageUri === undefined, "no imageUri before it is ready");
    let snap = await client.getSnapshot(imageSandbox, created.id);
    for (let i = 0; i < 5 && snap.imageUri === undefined; i++) {
      snap = await client.getSnapshot(imageSandbox, created.id);
    }
    check(snap.state === "Ready" && (snap.imageUri ?? "").startsWith("https://"), `snapshot ${JSON.stringify(snap)}`);
  });
  await step("not-found-404", async () => {
    const e = await failure(() => client.getSandbox("sbx-missing"));
    const body = e.body as { code?: string };
    check(e.status === 404 && e.documented && body.code === "NOT_FOUND", `${e.status} ${e.rawBody}`);
  });
  await step("conflict-409", async () => {
    const e = await failure(() => client.deleteBoxTemplate(templateId));
    const body = e.body as { code?: string };
    check(e.status === 409 && e.documented && body.code === "FAILED_PRECONDITION", `${e.status} ${e.rawBody}`);
  });
  await step("missing-api-key-401", async () => {
    const anonymous = new SandboxLifecycleApiClient({ baseUrl });
    const e = await failure(() => anonymous.listSandboxes());
    const body = e.body as { code?: string };
    check(e.status === 401 && e.documented && body.code === "UNAUTHENTICATED", `${e.status} ${e.rawBody}`);
  });
  await step("old-method-name", async () => {
    const t = await client.deactivateTemplateSnapshot(templateId);
    check(t.id === templateId && t.state === "Inactive", `state ${t.state}`);
  });
  await step("box-template-delete", async () => {
    await client.deleteBoxTemplate(templateId);
    const e = await failure(() => client.getBoxTemplate(templateId));
    check(e.status === 404, `after delete: ${e.status}`);
  });
}

await main();
