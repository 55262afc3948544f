// Drives headless Chromium over the DevTools protocol on a pipe
// (--remote-debugging-pipe: JSON messages ended by NUL on fds 3 and 4), so it
// needs nothing beyond Node's own modules, plus axe-core (verify/axe, pinned,
// installed by scripts/install-toolchains.sh) injected into the page for the
// accessibility pass. See scripts/browser-test.sh.
//
//   node scripts/browser-test.mjs HTMLFILE OUTDIR
//
// HTMLFILE is a one-page reference or the index.html of a split one (its
// body has data-search-index); a split reference is checked on its index
// and on its largest page. A changelog.html beside it (the docs bundle's
// release notes) is checked too: no console errors, every link lands on a
// page and id of the bundle, no horizontal overflow at 1280 and 390 px,
// axe-core in light and dark, screenshots changelog.png, changelog-390.png
// and changelog-dark.png.
//
// Exit 0: every check passed; 1: a check failed; 2: bad usage or no browser.

import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// `--measure HTMLFILE`: only load the page and print one JSON line (first
// paint, load, JS heap, DOM nodes), for scripts/bench-docs.sh.
const measure = process.argv[2] === "--measure";
const [htmlArg, outArg] = measure
  ? [process.argv[3], mkdtempSync(join(tmpdir(), "specsmith-measure-"))]
  : process.argv.slice(2);
if (!htmlArg || !outArg) {
  console.error("usage: browser-test.mjs HTMLFILE OUTDIR | browser-test.mjs --measure HTMLFILE");
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
const TIMEOUT_MS = Number(process.env.BROWSER_TEST_TIMEOUT_MS || 180000);
const AXE_FILE = process.env.AXE_CORE ||
  join(dirname(fileURLToPath(import.meta.url)), "..", "verify", "axe", "node_modules", "axe-core", "axe.min.js");
if (!existsSync(AXE_FILE)) {
  console.error(`browser-test: no axe-core at ${AXE_FILE} (run scripts/install-toolchains.sh --chromium-only)`);
  process.exit(2);
}

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

// The resident memory of the largest renderer process (MB; Linux /proc), or null.
async function rendererMemory() {
  try {
    const info = await send("SystemInfo.getProcessInfo");
    const sizes = info.processInfo.filter((p) => p.type === "renderer").map((p) => {
      const status = readFileSync(`/proc/${p.id}/status`, "utf8");
      return Number((status.match(/VmRSS:\s+(\d+)/) || [0, 0])[1]) / 1024;
    });
    return sizes.length ? Math.round(Math.max(...sizes)) : null;
  } catch {
    return null;
  }
}

function cleanup() {
  try { browser.kill("SIGKILL"); } catch { /* already gone */ }
  try { rmSync(profile, { recursive: true, force: true }); } catch { /* best effort */ }
}

const problems = [];
const notes = [];
const check = (ok, what) => { if (!ok) problems.push(what); };
const axeSource = readFileSync(AXE_FILE, "utf8");

// Every local link of a split reference (href="page.html#id", and the search
// index's) lands on a file of the site and an id in it. Read from the files,
// so every page is covered without opening each in the browser.
function checkSiteLinks(dir) {
  const unescape = (v) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const files = readdirSync(dir).filter((f) => f.endsWith(".html"));
  const ids = new Map();
  const texts = new Map();
  for (const f of files) {
    const text = readFileSync(join(dir, f), "utf8");
    texts.set(f, text);
    ids.set(f, new Set([...text.matchAll(/ id="([^"]*)"/g)].map((m) => unescape(m[1]))));
  }
  const hrefs = [];
  for (const [f, text] of texts) {
    for (const m of text.matchAll(/ href="([^"]*)"/g)) hrefs.push([f, unescape(m[1])]);
  }
  const indexFile = join(dir, "search-index.js");
  let indexEntries = [];
  if (existsSync(indexFile)) {
    const sandbox = {};
    new Function("window", readFileSync(indexFile, "utf8"))(sandbox);
    indexEntries = sandbox.SPECSMITH_SEARCH_INDEX || [];
    for (const e of indexEntries) hrefs.push(["search-index.js", e[1]]);
  }
  const missing = [];
  for (const [from, href] of hrefs) {
    // The reference's own links: fragments and its pages. (A description's
    // relative link points into the publisher's site, not the reference.)
    if (!/^(#|[\w.-]+\.html(#|$))/.test(href)) continue;
    const [file, frag] = href.includes("#") ? href.split("#", 2) : [href, ""];
    const target = file === "" ? from : file;
    if (!ids.has(target)) { missing.push(`${from} → ${href} (no such page)`); continue; }
    if (frag && !ids.get(target).has(decodeURIComponent(frag))) missing.push(`${from} → ${href}`);
  }
  check(missing.length === 0, `links with no target: ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ` (${missing.length} in all)` : ""}`);
  // The largest page, to check the worst case in the browser.
  const largest = files.filter((f) => f !== "index.html")
    .sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
  notes.push(`site: ${files.length} pages, ${indexEntries.length} search entries, ${hrefs.length} links, all resolved: ${missing.length === 0}`);
  return { largest, indexEntries };
}

async function main() {
  const version = await send("Browser.getVersion");
  notes.push(`browser: ${version.product}`);
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const cmd = (method, params) => send(method, params, sessionId);

  // Everything the page says on its console at error level, every uncaught
  // exception, every browser log error, any request that leaves file://, and
  // any dialog (alert, confirm, prompt) that opens.
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
      case "Page.javascriptDialogOpening":
        problems.push(`a ${p.type} dialog opened: ${p.message}`);
        cmd("Page.handleJavaScriptDialog", { accept: false }).catch(() => {});
        break;
      default:
    }
  });
  await cmd("Runtime.enable");
  await cmd("Log.enable");
  await cmd("Network.enable");
  await cmd("Page.enable");
  await cmd("Performance.enable");

  const evaluate = async (expression) => {
    const r = await cmd("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  };
  const setWidth = (width) => cmd("Emulation.setDeviceMetricsOverride",
    { width, height: width < 600 ? 844 : 900, deviceScaleFactor: 1, mobile: width < 600 });
  const screenshot = async (name) => {
    await sleep(100);
    const shot = await cmd("Page.captureScreenshot", { format: "png" });
    writeFileSync(join(outDir, name), Buffer.from(shot.data, "base64"));
    notes.push(`screenshot: ${join(outArg, name)}`);
  };
  const open = async (url) => {
    const loaded = waitFor("Page.loadEventFired", sessionId);
    const nav = await cmd("Page.navigate", { url });
    check(!nav.errorText, `navigation to ${url} failed: ${nav.errorText}`);
    await loaded;
    const t = await evaluate(`(async () => {
      const fcp = await new Promise((done) => {
        new PerformanceObserver((list) => {
          const e = list.getEntries().find((x) => x.name === "first-contentful-paint");
          if (e) done(e.startTime);
        }).observe({ type: "paint", buffered: true });
        setTimeout(() => done(null), 5000);
      });
      const nav = performance.getEntriesByType("navigation")[0];
      return { fcp: fcp === null ? null : Math.round(fcp), load: nav ? Math.round(nav.loadEventEnd) : null };
    })()`);
    const metrics = Object.fromEntries((await cmd("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
    const name = url.slice(url.lastIndexOf("/") + 1);
    const rssMB = await rendererMemory();
    notes.push(`${name}: first paint ${t.fcp} ms, load ${t.load} ms, renderer ${rssMB} MB, JS heap ${(metrics.JSHeapUsedSize / 1048576).toFixed(1)} MB, ${metrics.Nodes} DOM nodes`);
    return { fcp: t.fcp, load: t.load, rssMB, heapMB: +(metrics.JSHeapUsedSize / 1048576).toFixed(1), nodes: metrics.Nodes };
  };

  // Scripts never run from the spec's text: no dialog (caught above), no
  // flag set by the hostile fixture, only the page's own script elements.
  const noHostileScript = async (where) => {
    const r = await evaluate(`(() => ({
      pwned: window.specsmithPwned !== undefined,
      inline: [...document.scripts].filter((s) => !s.src).length,
      external: [...document.scripts].filter((s) => s.src && !/\\/search-index\\.js$/.test(s.src)).map((s) => s.src),
      handlers: [...document.querySelectorAll("*")].flatMap((el) => [...el.attributes]
        .filter((a) => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)).map((a) => el.tagName + " " + a.name)),
    }))()`);
    check(!r.pwned, `${where}: a script from the spec ran (window.specsmithPwned is set)`);
    check(r.inline === 1, `${where}: ${r.inline} inline scripts, expected only the page's own`);
    check(r.external.length === 0, `${where}: scripts loaded from ${r.external.join(", ")}`);
    check(r.handlers.length === 0, `${where}: event handlers or javascript: URLs in the DOM: ${r.handlers.slice(0, 5).join(", ")}`);
  };

  // Nothing wider than the window at either width; long paths and tables
  // wrap or scroll inside their own box. Entries the page leaves unrendered
  // off screen (content-visibility) are laid out for the check, so the
  // whole page is measured.
  const layout = async (where, shotPrefix) => {
    await evaluate(`(() => { const s = document.createElement("style"); s.id = "browser-test-visible";
      s.textContent = "* { content-visibility: visible !important; }"; document.head.append(s); })()`);
    for (const width of [1280, 390]) {
      await setWidth(width);
      await sleep(150);
      const r = await evaluate(`(() => {
        const w = document.documentElement.clientWidth;
        const over = document.documentElement.scrollWidth - w;
        const wide = over > 0 ? [...document.querySelectorAll("body *")].filter((el) => {
          const b = el.getBoundingClientRect();
          return b.width > 0 && b.right > w + 1 && !el.closest("[hidden], details:not([open]) > :not(summary)");
        }).slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + el.className : "")) : [];
        return { over, wide };
      })()`);
      check(r.over <= 0, `${where}: the page is ${r.over}px wider than the ${width}px window (${r.wide.join(", ")})`);
      if (shotPrefix) await screenshot(`${shotPrefix}${width === 1280 ? "" : "-390"}.png`);
    }
    await evaluate(`document.getElementById("browser-test-visible").remove()`);
    await setWidth(1280);
  };

  // axe-core, light and dark: no serious or critical violations.
  const axe = async (where, shot) => {
    await evaluate(`window.axe ? true : (0, eval)(${JSON.stringify(axeSource)}), true`);
    for (const scheme of ["light", "dark"]) {
      await cmd("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: scheme }] });
      await sleep(100);
      const r = await evaluate(`(async () => {
        const bg = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number);
        const res = await axe.run(document, { resultTypes: ["violations"] });
        return {
          dark: bg[0] + bg[1] + bg[2] < 200,
          bad: res.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => \`\${v.id} (\${v.impact}, \${v.nodes.length}x: \${v.nodes[0].target.join(" ")})\`),
          other: res.violations.length,
        };
      })()`);
      check(r.dark === (scheme === "dark"), `${where}: prefers-color-scheme ${scheme} does not switch the theme`);
      check(r.bad.length === 0, `${where} (${scheme}): axe: ${r.bad.join("; ")}`);
      notes.push(`axe ${where} (${scheme}): ${r.bad.length} serious or critical, ${r.other} violations in all`);
      if (shot && scheme === "dark") await screenshot(shot);
    }
    await cmd("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: "light" }] });
  };

  // The first copy button copies its request.
  const copyButton = async (where) => {
    const r = await evaluate(`(async () => {
      const ops = document.querySelectorAll("article.op").length;
      const curls = document.querySelectorAll("article.op .sample[data-lang=curl] pre").length;
      const button = document.querySelector("button.copy");
      if (!button) return { ops, curls };
      let copied = null;
      Object.defineProperty(navigator, "clipboard", { configurable: true,
        value: { writeText: (t) => { copied = t; return Promise.resolve(); } } });
      button.click();
      await new Promise((r) => setTimeout(r, 50));
      return { ops, curls, copied, expected: button.parentNode.querySelector("pre").textContent, label: button.textContent };
    })()`);
    check(r.curls === r.ops, `${where}: ${r.ops} operations but ${r.curls} curl examples`);
    if (r.ops > 0) {
      check(r.copied === r.expected && /^curl /.test(r.copied || ""), `${where}: the copy button copied ${JSON.stringify(r.copied)}`);
      check(r.label === "Copied", `${where}: the copy button does not say it copied`);
    }
  };

  await setWidth(1280);
  const first = await open(pageUrl);
  if (measure) {
    console.log(JSON.stringify(first));
    notes.length = 0;
    return;
  }
  const split = await evaluate(`document.body.hasAttribute("data-search-index")`);
  const site = split ? checkSiteLinks(dirname(htmlFile)) : null;

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
      contents: document.querySelectorAll("ul.toc a").length,
    };
  })()`);
  check(page.links > 0, "the page has no in-page links");
  check(page.missing.length === 0, `anchors with no target: ${page.missing.map((m) => "#" + m).join(", ")}`);
  check(split ? page.contents > 0 : page.ops.length > 0, split ? "the index lists no pages" : "no operations on the page");
  check(page.badOpIds.length === 0 && page.badSchemaIds.length === 0, "operation or schema without its anchor");
  check(page.search, "no search box");
  check(page.external === 0, "the page references external resources");
  notes.push(`page: "${page.title}"${split ? " (split)" : ""}, ${page.ops.length} operations, ${page.schemas.length} schemas, ${page.links} in-page links, all resolved: ${page.missing.length === 0}`);
  await noHostileScript("index");
  await layout("index", "reference");
  await axe("index", "reference-dark.png");

  if (!split) {
    await singlePage(page);
  } else {
    await splitSite(site);
  }
  await noHostileScript("after the checks");
  const changelogFile = join(dirname(htmlFile), "changelog.html");
  if (existsSync(changelogFile) && changelogFile !== htmlFile) await changelog(changelogFile);
  await sleep(200); // let late errors arrive

  async function singlePage(page) {
    await copyButton("page");
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
    await setWidth(390);
    await evaluate(`(async () => { document.getElementById("${opWithBody}").scrollIntoView(); await new Promise((r) => setTimeout(r, 100)); })()`);
    await screenshot("reference-operation-390.png");
    await setWidth(1280);
    await longestHeading();
    await evaluate(`(async () => { history.replaceState(null, "", location.pathname); scrollTo(0, 0); })()`);

    // Search: type the first operation's operationId (as the page shows it;
    // its anchor may have had characters replaced), key by key, into the box.
    const query = (await evaluate(
      `document.querySelector("#${page.ops[0]} .meta code").textContent`)).toLowerCase();
    await typeInto(query);
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
    await pressEscape();
    const cleared = await evaluate(`[...document.querySelectorAll("[data-search]")].filter((el) => el.hidden).length`);
    check(cleared === 0, `Escape left ${cleared} items hidden`);
  }

  async function splitSite(site) {
    // Search from the index: the shared index loads on first use and lists
    // matches as links; following one lands on the operation.
    const first = site.indexEntries[0];
    check(!!first, "the search index is empty");
    if (!first) return;
    const href = first[1];
    const anchor = href.slice(href.indexOf("#") + 1);
    const query = (first[0].split(" ")[2] || "").toLowerCase(); // method, path, operationId, ...
    await typeInto(query);
    const searched = await evaluate(`(async () => {
      for (let i = 0; i < 100 && document.querySelectorAll("#search-results li").length === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const q = ${JSON.stringify(query)};
      const index = window.SPECSMITH_SEARCH_INDEX || [];
      const expected = index.filter((e) => e[0].includes(q)).length;
      const links = [...document.querySelectorAll("#search-results li a")].map((a) => a.getAttribute("href"));
      return { expected, links, contentHidden: [...document.querySelectorAll("#content > section")].every((s) => s.hidden) };
    })()`);
    check(searched.links.includes(href), `search "${query}" does not list ${href}`);
    check(searched.links.length === Math.min(searched.expected, 100), `search "${query}" lists ${searched.links.length} of ${searched.expected} matches`);
    check(searched.contentHidden, "the results do not replace the page's content");
    notes.push(`search "${query}": ${searched.links.length} results`);
    await screenshot("reference-search.png");
    const none = await evaluate(`(() => {
      const input = document.getElementById("search");
      input.value = "no-such-operation-zz";
      input.dispatchEvent(new Event("input"));
      return { results: document.querySelectorAll("#search-results li").length, message: !document.getElementById("no-results").hidden };
    })()`);
    check(none.results === 0 && none.message, "a query matching nothing still lists results or no message");
    await pressEscape();
    const cleared = await evaluate(`document.getElementById("search-results").hidden && [...document.querySelectorAll("#content > section")].every((s) => !s.hidden)`);
    check(cleared, "Escape did not bring the page back");

    // The operation's page, reached through the result's link.
    const target = new URL(href, pageUrl).href;
    await open(target);
    const landed = await evaluate(`(async () => {
      await new Promise((r) => setTimeout(r, 100));
      const el = document.getElementById(${JSON.stringify(anchor)});
      return el ? { top: el.getBoundingClientRect().top, height: innerHeight } : null;
    })()`);
    check(landed && landed.top >= 0 && landed.top < landed.height, `${href} did not land on its operation`);
    await screenshot("reference-operation.png");
    await setWidth(390);
    await evaluate(`(async () => { document.getElementById(${JSON.stringify(anchor)}).scrollIntoView(); await new Promise((r) => setTimeout(r, 100)); })()`);
    await screenshot("reference-operation-390.png");
    await setWidth(1280);
    await copyButton(href);

    // The largest page: the worst case for first paint, layout and axe.
    if (site.largest) {
      await open(pathToFileURL(join(dirname(htmlFile), site.largest)).href);
      await noHostileScript(site.largest);
      await layout(site.largest, "reference-largest");
      await longestHeading();
      await axe(site.largest, null);
      await scrollThrough(site.largest);
    }
  }

  // The operation or schema with the longest heading or path, at 390 px:
  // how long names wrap on a phone (reference-long-390.png).
  async function longestHeading() {
    await setWidth(390);
    const id = await evaluate(`(async () => {
      const len = (a) => Math.max(a.querySelector("h3")?.textContent.length || 0, a.querySelector(".path")?.textContent.length || 0);
      const all = [...document.querySelectorAll("article.op, article.schema")];
      const el = all.sort((a, b) => len(b) - len(a))[0];
      if (!el) return null;
      el.scrollIntoView();
      await new Promise((r) => setTimeout(r, 100));
      return el.id;
    })()`);
    if (id) {
      await screenshot("reference-long-390.png");
      notes.push(`longest heading: #${id}`);
    }
    await setWidth(1280);
  }

  // The release notes: links, layout, axe, screenshots.
  async function changelog(file) {
    await open(pathToFileURL(file).href);
    const r = await evaluate(`(() => {
      const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
      return {
        hrefs: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
        releases: document.querySelectorAll("section.release").length,
        entries: document.querySelectorAll("section.release li").length,
        breaking: document.querySelectorAll("section.release .breaking").length,
        noBaseline: !!document.getElementById("no-baseline"),
        duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
        scripts: document.scripts.length,
        external: [...document.querySelectorAll("script[src], link[href], img, iframe")].length,
      };
    })()`);
    check(r.releases > 0 || r.noBaseline, "changelog: no release and no word on the baseline");
    check(r.duplicateIds.length === 0, `changelog: duplicate ids ${r.duplicateIds.join(", ")}`);
    check(r.scripts === 0 && r.external === 0, "changelog: scripts or external resources");
    // Every link lands on a page of the bundle and, with a fragment, on its id.
    const dir = dirname(file);
    const idsOf = new Map();
    const missing = [];
    for (const href of r.hrefs) {
      if (/^[a-z]+:/i.test(href)) { missing.push(`${href} (leaves the bundle)`); continue; }
      const [name, frag] = href.includes("#") ? href.split("#", 2) : [href, ""];
      const target = name === "" ? "changelog.html" : name;
      if (!existsSync(join(dir, target))) { missing.push(`${href} (no such page)`); continue; }
      if (!idsOf.has(target)) {
        const text = readFileSync(join(dir, target), "utf8");
        idsOf.set(target, new Set([...text.matchAll(/ id="([^"]*)"/g)].map((m) => m[1])));
      }
      if (frag && !idsOf.get(target).has(decodeURIComponent(frag))) missing.push(href);
    }
    check(missing.length === 0, `changelog: links with no target: ${missing.slice(0, 10).join(", ")}`);
    notes.push(`changelog: ${r.releases} releases, ${r.entries} entries (${r.breaking} breaking), ${r.hrefs.length} links, all resolved: ${missing.length === 0}`);
    await layout("changelog", "changelog");
    await axe("changelog", "changelog-dark.png");
  }

  async function typeInto(text) {
    await cmd("Runtime.evaluate", { expression: `document.getElementById("search").focus()` });
    for (const ch of text) {
      await cmd("Input.dispatchKeyEvent", { type: "keyDown", text: ch, key: ch, unmodifiedText: ch });
      await cmd("Input.dispatchKeyEvent", { type: "keyUp", key: ch });
    }
  }
  async function pressEscape() {
    await cmd("Input.dispatchKeyEvent", { type: "keyDown", key: "Escape", code: "Escape", windowsVirtualKeyCode: 27 });
    await cmd("Input.dispatchKeyEvent", { type: "keyUp", key: "Escape", code: "Escape", windowsVirtualKeyCode: 27 });
  }
  // Scrolling the page from top to bottom: the longest frame, reported.
  async function scrollThrough(where) {
    const r = await evaluate(`(async () => {
      let worst = 0, last = performance.now();
      const end = document.documentElement.scrollHeight - innerHeight;
      for (let y = 0; y <= end; y += Math.max(innerHeight, end / 40)) {
        scrollTo(0, y);
        await new Promise((r) => requestAnimationFrame(() => r()));
        const now = performance.now(); worst = Math.max(worst, now - last); last = now;
      }
      return Math.round(worst);
    })()`);
    notes.push(`${where}: longest frame while scrolling ${r} ms`);
  }
}

const timer = setTimeout(() => {
  problems.push(`timed out after ${TIMEOUT_MS} ms`);
  finish(1);
}, TIMEOUT_MS);

function finish(code) {
  clearTimeout(timer);
  writeFileSync(join(outDir, "chromium.log"), browserLog);
  cleanup();
  if (measure) {
    try { rmSync(outDir, { recursive: true, force: true }); } catch { /* best effort */ }
    for (const p of problems) console.error(`browser-test: FAILED: ${p}`);
    process.exit(problems.length === 0 ? code : 1);
  }
  for (const n of notes) console.log(`browser-test: ${n}`);
  for (const p of problems) console.log(`browser-test: FAILED: ${p}`);
  console.log(problems.length === 0 ? "browser-test: ok" : `browser-test: ${problems.length} problem(s)`);
  process.exit(problems.length === 0 ? code : 1);
}

main().then(() => finish(0), (e) => { problems.push(e.message); finish(1); });
