// Drives headless Chromium over the DevTools protocol on a pipe
// (--remote-debugging-pipe: JSON messages ended by NUL on fds 3 and 4), so it
// needs nothing beyond Node's own modules. See scripts/browser-test.sh.
//
//   node scripts/browser-test.mjs HTMLFILE OUTDIR
//
// Exit 0: every check passed; 1: a check failed; 2: bad usage or no browser.

import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [htmlArg, outArg] = process.argv.slice(2);
if (!htmlArg || !outArg) {
  console.error("usage: browser-test.mjs HTMLFILE OUTDIR");
  process.exit(2);
}
const htmlFile = resolve(htmlArg);
if (!existsSync(htmlFile)) {
  console.error(`browser-test: no such file: ${htmlArg}`);
  process.exit(2);
}
const outDir = resolve(outArg);
mkdirSync(outDir, { recursive: true });
const chromiumBin = process.env.CHROMIUM || "chromium";
const pageUrl = pathToFileURL(htmlFile).href;
const TIMEOUT_MS = Number(process.env.BROWSER_TEST_TIMEOUT_MS || 60000);

const profile = mkdtempSync(join(tmpdir(), "specsmith-chromium-"));
const args = [
  "--headless",
  "--remote-debugging-pipe",
  `--user-data-dir=${profile}`,
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-gpu",
  "--disable-extensions",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--hide-scrollbars",
  "--window-size=1280,900",
  // Chromium refuses to run as root with its sandbox on.
  ...(process.getuid && process.getuid() === 0 ? ["--no-sandbox"] : []),
  "about:blank",
];
const browser = spawn(chromiumBin, args, { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
let browserLog = "";
browser.stderr.on("data", (d) => { browserLog += d; });
browser.on("error", (e) => {
  console.error(`browser-test: cannot start ${chromiumBin}: ${e.message}`);
  cleanup();
  process.exit(2);
});

const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];
let nextId = 1;
const pending = new Map();
const listeners = [];
let buffer = "";
fromBrowser.on("data", (chunk) => {
  buffer += chunk.toString("utf8");
  let end;
  while ((end = buffer.indexOf("\0")) !== -1) {
    const msg = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (msg.id !== undefined && pending.has(msg.id)) {
      const { ok, fail, method } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) fail(new Error(`${method}: ${msg.error.message}`));
      else ok(msg.result);
    } else if (msg.method) {
      for (const l of listeners) l(msg);
    }
  }
});

function send(method, params = {}, sessionId) {
  const id = nextId++;
  const msg = { id, method, params };
  if (sessionId) msg.sessionId = sessionId;
  return new Promise((ok, fail) => {
    pending.set(id, { ok, fail, method });
    toBrowser.write(JSON.stringify(msg) + "\0");
  });
}

function waitFor(method, sessionId) {
  return new Promise((ok) => {
    const l = (msg) => {
      if (msg.method === method && msg.sessionId === sessionId) {
        listeners.splice(listeners.indexOf(l), 1);
        ok(msg.params);
      }
    };
    listeners.push(l);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function cleanup() {
  try { browser.kill("SIGKILL"); } catch { /* already gone */ }
  try { rmSync(profile, { recursive: true, force: true }); } catch { /* best effort */ }
}

const problems = [];
const notes = [];
const check = (ok, what) => { if (!ok) problems.push(what); };

async function main() {
  const version = await send("Browser.getVersion");
  notes.push(`browser: ${version.product}`);
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const cmd = (method, params) => send(method, params, sessionId);

  // Everything the page says on its console at error level, every uncaught
  // exception, every browser log error, and any request that leaves file://.
  listeners.push((msg) => {
    if (msg.sessionId !== sessionId) return;
    const p = msg.params;
    switch (msg.method) {
      case "Runtime.consoleAPICalled":
        if (p.type === "error" || p.type === "assert" || p.type === "warning") {
          problems.push(`console.${p.type}: ${p.args.map((a) => a.value ?? a.description).join(" ")}`);
        }
        break;
      case "Runtime.exceptionThrown":
        problems.push(`uncaught exception: ${p.exceptionDetails.exception?.description ?? p.exceptionDetails.text}`);
        break;
      case "Log.entryAdded":
        if (p.entry.level === "error" || p.entry.level === "warning") {
          problems.push(`log ${p.entry.level} (${p.entry.source}): ${p.entry.text} ${p.entry.url ?? ""}`.trim());
        }
        break;
      case "Network.requestWillBeSent":
        if (!/^(file|data|about):/.test(p.request.url)) {
          problems.push(`request leaves the page: ${p.request.url}`);
        }
        break;
      default:
    }
  });
  await cmd("Runtime.enable");
  await cmd("Log.enable");
  await cmd("Network.enable");
  await cmd("Page.enable");
  await cmd("Emulation.setDeviceMetricsOverride", { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });

  const loaded = waitFor("Page.loadEventFired", sessionId);
  const nav = await cmd("Page.navigate", { url: pageUrl });
  check(!nav.errorText, `navigation failed: ${nav.errorText}`);
  await loaded;

  const evaluate = async (expression) => {
    const r = await cmd("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  };
  const screenshot = async (name) => {
    await sleep(100);
    const shot = await cmd("Page.captureScreenshot", { format: "png" });
    writeFileSync(join(outDir, name), Buffer.from(shot.data, "base64"));
    notes.push(`screenshot: ${join(outArg, name)}`);
  };

  // Structure and anchors.
  const page = await evaluate(`(() => {
    const links = [...document.querySelectorAll('a[href^="#"]')];
    const missing = links.map((a) => a.getAttribute("href").slice(1))
      .filter((id) => !document.getElementById(decodeURIComponent(id)));
    const ops = [...document.querySelectorAll("article.op")].map((a) => a.id);
    const schemas = [...document.querySelectorAll("article.schema")].map((a) => a.id);
    return {
      title: document.title,
      links: links.length,
      missing: [...new Set(missing)],
      ops, schemas,
      badOpIds: ops.filter((id) => !id.startsWith("op-")),
      badSchemaIds: schemas.filter((id) => !id.startsWith("schema-")),
      search: !!document.getElementById("search"),
      external: [...document.querySelectorAll("script[src], link[href], img, iframe")].length,
    };
  })()`);
  check(page.links > 0, "the page has no in-page links");
  check(page.missing.length === 0, `anchors with no target: ${page.missing.map((m) => "#" + m).join(", ")}`);
  check(page.ops.length > 0, "no operations on the page");
  check(page.badOpIds.length === 0 && page.badSchemaIds.length === 0, "operation or schema without its anchor");
  check(page.search, "no search box");
  check(page.external === 0, "the page references external resources");
  notes.push(`page: "${page.title}", ${page.ops.length} operations, ${page.schemas.length} schemas, ${page.links} in-page links, all resolved: ${page.missing.length === 0}`);
  await screenshot("reference.png");

  // Following an anchor scrolls its target into view.
  // (A union if there is one, for the look of it; else the middle schema.)
  if (page.schemas.length > 0) {
    const target = await evaluate(`(() => {
      const union = document.querySelector("article.schema ul.variants");
      return union ? union.closest("article").id : ${JSON.stringify(page.schemas[Math.floor(page.schemas.length / 2)])};
    })()`);
    const landed = await evaluate(`(async () => {
      location.hash = "#${target}";
      await new Promise((r) => setTimeout(r, 100));
      const el = document.getElementById("${target}");
      const top = el.getBoundingClientRect().top;
      return { target: document.querySelector(":target")?.id, top, height: innerHeight };
    })()`);
    check(landed.target === target && landed.top >= 0 && landed.top < landed.height,
      `#${target} did not land in view (top ${landed.top})`);
    await screenshot("reference-schema.png");
  }
  // An operation with a request body, for the look of a full one.
  const opWithBody = await evaluate(`(() => {
    const el = [...document.querySelectorAll("article.op")].find((a) => /Request body/.test(a.textContent));
    return (el || document.querySelector("article.op")).id;
  })()`);
  await evaluate(`(async () => { location.hash = "#${opWithBody}"; await new Promise((r) => setTimeout(r, 100)); })()`);
  await screenshot("reference-operation.png");
  await evaluate(`(async () => { history.replaceState(null, "", location.pathname); scrollTo(0, 0); })()`);

  // Search: type the first operation's operationId (as the page shows it;
  // its anchor may have had characters replaced), key by key, into the box.
  const query = (await evaluate(
    `document.querySelector("#${page.ops[0]} .meta code").textContent`)).toLowerCase();
  await cmd("Runtime.evaluate", { expression: `document.getElementById("search").focus()` });
  for (const ch of query) {
    await cmd("Input.dispatchKeyEvent", { type: "keyDown", text: ch, key: ch, unmodifiedText: ch });
    await cmd("Input.dispatchKeyEvent", { type: "keyUp", key: ch });
  }
  const searched = await evaluate(`(() => {
    const q = ${JSON.stringify(query)};
    const all = [...document.querySelectorAll("[data-search]")];
    const shown = all.filter((el) => !el.hidden);
    const navShown = [...document.querySelectorAll("#nav li[data-target]")].filter((li) => !li.hidden)
      .map((li) => li.getAttribute("data-target"));
    return {
      value: document.getElementById("search").value,
      total: all.length,
      shown: shown.map((el) => el.id),
      wrong: shown.filter((el) => !el.getAttribute("data-search").includes(q)).map((el) => el.id),
      hiddenButMatching: all.filter((el) => el.hidden && el.getAttribute("data-search").includes(q)).map((el) => el.id),
      navMismatch: navShown.filter((id) => !shown.some((el) => el.id === id)),
      firstVisible: !document.getElementById(${JSON.stringify(page.ops[0])}).hidden,
      status: document.getElementById("search-status").textContent,
    };
  })()`);
  check(searched.value === query, `the search box holds "${searched.value}", typed "${query}"`);
  check(searched.firstVisible, `searching "${query}" hid its own operation`);
  check(searched.wrong.length === 0, `search "${query}" kept non-matching items: ${searched.wrong.join(", ")}`);
  check(searched.hiddenButMatching.length === 0, `search "${query}" hid matching items: ${searched.hiddenButMatching.join(", ")}`);
  check(searched.shown.length < searched.total, `search "${query}" hid nothing (${searched.total} items)`);
  check(searched.navMismatch.length === 0, `sidebar shows hidden items: ${searched.navMismatch.join(", ")}`);
  notes.push(`search "${query}": ${searched.shown.length} of ${searched.total} items shown (${searched.status})`);
  await screenshot("reference-search.png");

  // A query nothing matches, then Escape clears the search.
  const none = await evaluate(`(() => {
    const input = document.getElementById("search");
    input.value = "no-such-operation-zz";
    input.dispatchEvent(new Event("input"));
    return {
      shown: [...document.querySelectorAll("[data-search]")].filter((el) => !el.hidden).length,
      message: !document.getElementById("no-results").hidden,
    };
  })()`);
  check(none.shown === 0 && none.message, "a query matching nothing still shows items or no message");
  await cmd("Input.dispatchKeyEvent", { type: "keyDown", key: "Escape", code: "Escape", windowsVirtualKeyCode: 27 });
  await cmd("Input.dispatchKeyEvent", { type: "keyUp", key: "Escape", code: "Escape", windowsVirtualKeyCode: 27 });
  const cleared = await evaluate(`[...document.querySelectorAll("[data-search]")].filter((el) => el.hidden).length`);
  check(cleared === 0, `Escape left ${cleared} items hidden`);

  await sleep(200); // let late errors arrive
}

const timer = setTimeout(() => {
  problems.push(`timed out after ${TIMEOUT_MS} ms`);
  finish(1);
}, TIMEOUT_MS);

function finish(code) {
  clearTimeout(timer);
  writeFileSync(join(outDir, "chromium.log"), browserLog);
  cleanup();
  for (const n of notes) console.log(`browser-test: ${n}`);
  for (const p of problems) console.log(`browser-test: FAILED: ${p}`);
  console.log(problems.length === 0 ? "browser-test: ok" : `browser-test: ${problems.length} problem(s)`);
  process.exit(problems.length === 0 ? code : 1);
}

main().then(() => finish(0), (e) => { problems.push(e.message); finish(1); });
