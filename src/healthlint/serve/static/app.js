// healthlint review page. Article text is only ever inserted as text (textContent / text nodes):
// a pasted article's markup or scripts must never run here.
"use strict";

const CATEGORIES = ["spin", "duplication", "contradiction", "drug-promotion", "health-claim",
  "attribution", "boilerplate", "readability", "structure"];
const SEVERITY_RANK = { info: 0, warning: 1, error: 2 };
const $ = (id) => document.getElementById(id);

const state = {
  text: "", format: "auto", filename: "", findings: [], verdicts: [], rules: {},
  dismissed: new Set(), selected: null, marks: new Map(), checkedText: null,
};

// ---- helpers ---------------------------------------------------------------------------------
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function setStatus(message, kind) {
  const status = $("status");
  status.textContent = message || "";
  status.className = "status" + (kind ? " " + kind : "");
}

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, init);
  let data = null;
  try { data = await response.json(); } catch (e) { /* an empty or non-JSON answer */ }
  if (!response.ok) {
    const message = data && data.error ? data.error.message : response.statusText;
    throw new Error(`${response.status}: ${message}`);
  }
  return data;
}

// The API counts code points; JavaScript strings are UTF-16. Map every code-point offset to the
// UTF-16 index (an emoji is one code point but two UTF-16 units).
function codePointToUtf16(text) {
  const map = [0];
  let i = 0;
  while (i < text.length) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    i += pair ? 2 : 1;
    map.push(i);
  }
  return (cp) => map[Math.max(0, Math.min(cp, map.length - 1))];
}

function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }

// What every count on the page says: span findings (highlighted, listed in the panel) and, apart,
// the document-level verdicts shown at the top. "6 findings + 1 document verdict".
function countText() {
  const n = visibleFindings().length, v = state.verdicts.length;
  return v ? `${plural(n, "finding")} + ${plural(v, "document verdict")}` : plural(n, "finding");
}

function renderCounts() {
  $("stat-findings").textContent = visibleFindings().length;
  $("stat-verdicts").textContent = state.verdicts.length;
}

function checkedStatus() {
  const n = visibleFindings().length + state.verdicts.length;
  setStatus(n ? `${countText()} · ${state.detectedFormat}` : `No problems found · ${state.detectedFormat}`, n ? "" : "ok");
}

// A fix that would break the Markdown/HTML markup is never applied: shown as a suggestion only.
function manualFix(f) { return Boolean(f.fix && f.fix_breaks_markup); }
function markupName() { return { markdown: "Markdown", html: "HTML" }[state.detectedFormat] || "document"; }

function dismissKey(f) { return `${f.rule}|${f.excerpt}`; }
function visibleFindings() { return state.findings.filter((f) => !state.dismissed.has(dismissKey(f))); }
function ruleOf(f) { return state.rules[f.rule] || {}; }

// ---- checking --------------------------------------------------------------------------------
async function check() {
  state.text = $("editor").value;
  if (!state.text.trim()) { setStatus("Paste or open an article first.", "warn"); return; }
  setStatus("Checking…", "busy");
  try {
    const result = await api("/api/lint", { text: state.text, format: state.format, filename: state.filename || null });
    state.findings = result.findings.filter((f) => f.scope !== "document");
    state.verdicts = result.document.verdicts;
    state.detectedFormat = result.format;
    state.checkedText = state.text;
    state.selected = null;
    renderSummary(result.document.readability);
    renderArticle();
    renderPanel();
    showTab("review");
    checkedStatus();
  } catch (error) {
    setStatus(`Could not check: ${error.message}`, "error");
  }
}

async function applyFix(body, label) {
  setStatus("Applying…", "busy");
  try {
    const result = await api("/api/fix", { text: state.text, format: state.format, filename: state.filename || null, ...body });
    $("editor").value = result.text;
    const count = result.applied.length;
    const skipped = (result.skipped || []).length;
    await check();
    const note = skipped ? ` ${skipped} not applied: ${result.skipped[0].reason}.` : "";
    setStatus(`${label}: ${count} fix${count === 1 ? "" : "es"} applied.${note} ` + $("status").textContent,
      skipped ? "warn" : "ok");
  } catch (error) {
    setStatus(`Could not apply: ${error.message}`, "error");
  }
}

// ---- rendering -------------------------------------------------------------------------------
function renderSummary(stats) {
  $("summary").hidden = false;
  $("stat-grade").textContent = stats.grade_level === null ? "–" : stats.grade_level;
  $("stat-ease").textContent = stats.reading_ease === null ? "–" : stats.reading_ease;
  $("stat-words").textContent = stats.words;
  $("stat-sentences").textContent = stats.sentences;
  renderCounts();
  const box = $("verdicts");
  box.replaceChildren();
  if (!state.verdicts.length) {
    box.append(el("div", "verdict none", "No article-level verdicts (not flagged as spun or as selling a drug)."));
    return;
  }
  for (const v of state.verdicts) {
    const item = el("div", `verdict cat-${v.category} sev-${v.severity}`);
    item.append(el("span", "verdict-cat", v.category), el("strong", null, v.message));
    const why = ruleOf(v).rationale;
    if (why) item.append(el("span", "verdict-why", why));
    item.title = `${v.rule} ${v.name}` + (why ? `\n\n${why}` : "");
    box.append(item);
  }
}

function renderArticle() {
  const text = state.checkedText || "";
  const toU16 = codePointToUtf16(text);
  const spans = visibleFindings().filter((f) => f.end > f.start);
  const points = new Set([0]);
  for (const f of spans) { points.add(f.start); points.add(f.end); }
  const sorted = [...points].sort((a, b) => a - b);
  const cpLength = [...text].length;
  if (sorted[sorted.length - 1] < cpLength) sorted.push(cpLength);
  const article = $("article");
  const fragment = document.createDocumentFragment();
  state.marks = new Map();
  for (let k = 0; k + 1 < sorted.length; k++) {
    const a = sorted[k], b = sorted[k + 1];
    const piece = text.slice(toU16(a), toU16(b));
    const covering = spans.filter((f) => f.start <= a && f.end >= b);
    if (!covering.length) { fragment.append(document.createTextNode(piece)); continue; }
    covering.sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity]);
    const top = covering[0];
    const mark = el("mark", `hl cat-${top.category} sev-${top.severity}` + (covering.length > 1 ? " multi" : ""), piece);
    mark.dataset.ids = covering.map((f) => f.id).join(" ");
    mark.title = covering.map((f) => `${f.rule}: ${f.message}`).join("\n");
    mark.addEventListener("click", () => select(top.id, "article"));
    for (const f of covering) {
      if (!state.marks.has(f.id)) state.marks.set(f.id, []);
      state.marks.get(f.id).push(mark);
    }
    fragment.append(mark);
  }
  article.replaceChildren(fragment);
}

function fixLabel(f) {
  if (!f.fix) return null;
  return f.fix.replacement === "" ? "Delete it" : `Replace with “${f.fix.replacement}”`;
}

function renderPanel() {
  const panel = $("panel");
  panel.replaceChildren();
  const findings = visibleFindings();
  const safeCount = findings.filter((f) => f.fix && f.fix.safe && !manualFix(f)).length;
  const head = el("div", "panel-head");
  head.append(el("span", "panel-count", countText()), el("span", "muted", `${safeCount} with a safe fix`));
  panel.append(head);
  if (state.verdicts.length) {
    panel.append(el("p", "muted", `The document verdict${state.verdicts.length === 1 ? " is" : "s are"} shown at the top.`));
  }
  if (!findings.length) {
    panel.append(el("p", "empty", state.findings.length ? "Every finding was dismissed." : "No findings in the text. 🎉"));
    return;
  }
  for (const category of CATEGORIES) {
    const group = findings.filter((f) => f.category === category);
    if (!group.length) continue;
    const section = el("details", `group cat-${category}`);
    section.open = true;
    const summary = el("summary", "group-head");
    summary.append(el("span", "dot"), el("span", "group-name", category), el("span", "count", group.length));
    section.append(summary);
    for (const f of group) section.append(card(f));
    panel.append(section);
  }
}

function card(f) {
  const rule = ruleOf(f);
  const node = el("article", `card sev-${f.severity}`);
  node.id = `card-${f.id}`;
  node.dataset.id = f.id;
  node.tabIndex = 0;
  const top = el("div", "card-top");
  top.append(el("span", `badge sev-${f.severity}`, f.severity), el("span", "rule", f.rule), el("span", "rule-name", f.name),
    el("span", "where", `line ${f.line}`));
  node.append(top, el("p", "message", f.message));
  if (f.excerpt) node.append(el("blockquote", "excerpt", f.excerpt));
  if (manualFix(f)) {
    // Never offered as a button: applying it would leave half of a *bold* or <em>…</em> behind.
    const fix = el("div", "fix manual");
    const suggestion = f.fix.replacement === "" ? "Suggested: delete this passage"
      : `Suggested replacement: “${f.fix.replacement}”`;
    fix.append(el("span", "fix-label", suggestion),
      el("p", "manual-note", `Make this change by hand: the fix would break the ${markupName()} markup ` +
        "(the phrase crosses formatting), so it is never applied automatically."));
    const buttons = el("div", "fix-buttons");
    const dismiss = el("button", "dismiss", "Dismiss");
    dismiss.addEventListener("click", (event) => { event.stopPropagation(); dismissFinding(f); });
    buttons.append(dismiss);
    fix.append(buttons);
    node.append(fix);
  } else if (f.fix) {
    const fix = el("div", "fix");
    fix.append(el("span", "fix-label", fixLabel(f)));
    if (!f.fix.safe) fix.append(el("span", "unsafe", "needs review"));
    const buttons = el("div", "fix-buttons");
    const accept = el("button", "accept", f.fix.safe ? "Accept" : "Accept anyway");
    accept.addEventListener("click", (event) => { event.stopPropagation(); applyFix({ ids: [f.id] }, "Accepted"); });
    const dismiss = el("button", "dismiss", "Dismiss");
    dismiss.addEventListener("click", (event) => { event.stopPropagation(); dismissFinding(f); });
    buttons.append(accept, dismiss);
    fix.append(buttons);
    node.append(fix);
  } else {
    const buttons = el("div", "fix-buttons");
    const dismiss = el("button", "dismiss", "Dismiss");
    dismiss.addEventListener("click", (event) => { event.stopPropagation(); dismissFinding(f); });
    buttons.append(el("span", "muted", "No automatic fix: edit the text."), dismiss);
    node.append(buttons);
  }
  if (rule.rationale) {
    const why = el("details", "why");
    why.append(el("summary", null, "Why this matters"), el("p", null, rule.rationale));
    if (rule.link && /^https?:\/\//.test(rule.link)) {
      const a = el("a", null, "Read more");
      a.href = rule.link; a.target = "_blank"; a.rel = "noopener noreferrer";
      why.append(a);
    }
    why.addEventListener("click", (event) => event.stopPropagation());
    node.append(why);
  }
  if (f.related && f.related.length) {
    const rel = el("ul", "related");
    for (const r of f.related) rel.append(el("li", null, `line ${r.line}: ${r.message || "related passage"}`));
    node.append(rel);
  }
  node.addEventListener("click", () => select(f.id, "panel"));
  node.addEventListener("keydown", (event) => { if (event.key === "Enter") select(f.id, "panel"); });
  return node;
}

function dismissFinding(f) {
  state.dismissed.add(dismissKey(f));
  renderArticle();
  renderPanel();
  renderCounts();
  checkedStatus();
}

function select(id, from) {
  state.selected = id;
  for (const node of document.querySelectorAll(".card.selected, mark.selected")) node.classList.remove("selected");
  const cardNode = document.getElementById(`card-${id}`);
  if (cardNode) {
    cardNode.classList.add("selected");
    if (from === "article") cardNode.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }
  const marks = state.marks.get(id) || [];
  if (marks.length) {
    showTab("review");
    for (const mark of marks) {
      mark.classList.add("selected");
      mark.classList.remove("flash");
      void mark.offsetWidth; // restart the animation
      mark.classList.add("flash");
    }
    if (from === "panel") marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }
}

// ---- tabs, files, export ---------------------------------------------------------------------
function showTab(name) {
  const review = name === "review";
  $("article").hidden = !review;
  $("editor").hidden = review;
  $("tab-review").classList.toggle("active", review);
  $("tab-edit").classList.toggle("active", !review);
}

function openFile(file) {
  const reader = new FileReader();
  reader.onload = () => {
    $("editor").value = String(reader.result);
    state.filename = file.name;
    $("filename").textContent = file.name;
    state.dismissed.clear();
    check();
  };
  reader.onerror = () => setStatus(`Could not read ${file.name}`, "error");
  reader.readAsText(file);
}

function cleanName() {
  const name = state.filename || "article.txt";
  const dot = name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)}.clean${name.slice(dot)}` : `${name}.clean.txt`;
}

async function copyText() {
  const text = $("editor").value;
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) {
    const area = $("editor"); const wasHidden = area.hidden;
    area.hidden = false; area.select(); document.execCommand("copy"); area.hidden = wasHidden;
  }
  setStatus("Copied the article text.", "ok");
}

function download() {
  const blob = new Blob([$("editor").value], { type: "text/plain;charset=utf-8" });
  const link = el("a");
  link.href = URL.createObjectURL(blob);
  link.download = cleanName();
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

async function init() {
  $("check").addEventListener("click", check);
  $("fix-all").addEventListener("click", () => {
    // the safe fixes of the findings still shown: a dismissed finding keeps its text
    const ids = visibleFindings().filter((f) => f.fix && f.fix.safe && !f.fix_breaks_markup).map((f) => f.id);
    if (!ids.length) {
      setStatus("No safe fix to apply (dismissed findings are left as they are).", "warn");
      return;
    }
    applyFix({ ids }, "Applied all safe fixes");
  });
  $("copy").addEventListener("click", copyText);
  $("download").addEventListener("click", download);
  $("tab-review").addEventListener("click", () => { if (state.checkedText !== null) showTab("review"); });
  $("tab-edit").addEventListener("click", () => showTab("edit"));
  $("format").addEventListener("change", (event) => { state.format = event.target.value; if (state.checkedText !== null) check(); });
  $("file-input").addEventListener("change", (event) => { if (event.target.files[0]) openFile(event.target.files[0]); });
  $("editor").addEventListener("input", () => setStatus("Edited: press “Check article” again.", "warn"));
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); check(); }
  });
  document.addEventListener("dragover", (event) => event.preventDefault());
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer.files[0]) openFile(event.dataTransfer.files[0]);
  });
  try {
    const data = await api("/api/rules");
    for (const rule of data.rules) state.rules[rule.id] = rule;
    setStatus(`${data.rules.filter((r) => r.enabled).length} rules ready.`);
  } catch (error) {
    setStatus(`Could not load the rules: ${error.message}`, "error");
  }
  document.body.dataset.ready = "1";
}

init();
