"""``report.html``: one self-contained page (inline CSS and SVG charts, no scripts, no network)."""
from __future__ import annotations

import html
from pathlib import Path

from ..findings import CATEGORIES

CSS = """
:root{--ink:#1d2433;--mute:#5b6475;--line:#e3e7ee;--bg:#f6f8fb;--accent:#2f6fde;--bad:#c8432b;--warn:#d98b10;--ok:#2e8b57}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
color:var(--ink);background:var(--bg);margin:0}header{background:#18233a;color:#fff;padding:22px 32px}
header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#b9c3d6}main{padding:20px 32px;max-width:1240px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(132px,1fr));gap:12px;margin-bottom:18px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card b{display:block;font-size:22px}.card span{color:var(--mute);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}@media(max-width:900px){.grid{grid-template-columns:1fr}}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin-bottom:16px}
h2{font-size:16px;margin:0 0 10px}h3{font-size:14px;margin:12px 0 6px}.mute{color:var(--mute)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;color:var(--mute);text-transform:uppercase;letter-spacing:.03em}td.num,th.num{text-align:right;white-space:nowrap}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:var(--warn);font-weight:600}.sev-info{color:var(--mute)}
.pill{display:inline-block;background:#eef2f9;border-radius:10px;padding:0 7px;margin:1px;font-size:12px}
details{border-top:1px solid var(--line);padding:8px 0}summary{cursor:pointer;font-weight:600}
.quote{font-style:italic;color:#333}code{font-size:12px;background:#f1f3f7;padding:1px 4px;border-radius:3px}
svg{max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif;fill:#1d2433}.empty{color:var(--mute);font-style:italic}
"""
PALETTE = ["#2f6fde", "#c8432b", "#d98b10", "#7b4bd1", "#2e8b57", "#0f8ea8", "#a83279", "#6b7a90", "#8c6d1f"]


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def hbar_chart(items: list[tuple[str, float]], title: str, color: str = "#2f6fde", width: int = 560,
               label_width: int = 190) -> str:
    """Horizontal bar chart as inline SVG."""
    if not items or not any(v for _, v in items):
        return f'<p class="empty">No {html.escape(title.lower())} in this batch.</p>'
    row, top = 24, 6
    height = top + row * len(items) + 6
    biggest = max(v for _, v in items) or 1
    span = width - label_width - 60
    parts = [f'<svg role="img" aria-label="{_e(title)}" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for i, (label, value) in enumerate(items):
        y = top + i * row
        w = max(1.0, span * value / biggest) if value else 0
        shown = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end"><title>{_e(label)}</title>{_e(shown)}</text>'
                     f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="16" rx="3" fill="{color}"/>'
                     f'<text x="{label_width + w + 6:.1f}" y="{y + 15}">{_e(_fmt(value))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(labels: list[str], counts: list[int], title: str, width: int = 560, height: int = 230) -> str:
    """Vertical bars (a histogram) as inline SVG."""
    if not counts or not any(counts):
        return f'<p class="empty">No {html.escape(title.lower())} in this batch.</p>'
    left, bottom, top = 40, 40, 16
    plot_h = height - bottom - top
    slot = (width - left - 10) / len(counts)
    biggest = max(counts) or 1
    parts = [f'<svg role="img" aria-label="{_e(title)}" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#9aa4b5"/>']
    for i, (label, count) in enumerate(zip(labels, counts)):
        h = plot_h * count / biggest
        x = left + i * slot + 6
        parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{slot - 12:.1f}" height="{h:.1f}" rx="3" fill="#7b4bd1">'
                     f'<title>{_e(label)}: {count}</title></rect>'
                     f'<text x="{x + (slot - 12) / 2:.1f}" y="{top + plot_h - h - 4:.1f}" text-anchor="middle">{count}</text>'
                     f'<text x="{x + (slot - 12) / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{_e(label)}</text>')
    parts.append(f'<text x="{left + (width - left) / 2:.0f}" y="{height - 4}" text-anchor="middle" class="mute">'
                 'counted spun phrases per 1,000 words</text></svg>')
    return "".join(parts)


def _fmt(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return f"{int(value):,}"


def _doc_link(doc: dict) -> str:
    target = doc.get("url") or doc.get("path") or ""
    label = _e(doc.get("id"))
    if isinstance(target, str) and target.startswith(("http://", "https://")):
        # a navigation link to the article, not a resource the page loads
        return f'{label} <a class="ext" rel="noreferrer noopener" target="_blank" href="{_e(target)}">↗ source</a>'
    return f'{label} <span class="mute">{_e(target)}</span>'


def render(summary: dict, out: Path, title: str = "healthlint audit") -> None:
    s = summary
    n = s["documents"] or 0
    dup = s.get("duplication")
    cards = [("documents", f'{n:,}'), ("words", f'{s["words"]:,}'), ("findings", f'{s["findings"]:,}'),
             ("flagged (warning+)", f'{s["documents_flagged"]:,} ({100 * s["documents_flagged"] / max(n, 1):.0f}%)'),
             ("spun documents", f'{s["spin"]["spun_documents"]:,}'),
             ("errors", f'{sum(s["errors"].values()):,}')]
    if dup:
        cards.append(("mostly copied", f'{dup["mostly_copied_documents"]:,}'))
        cards.append(("duplicate clusters", f'{dup["clusters"]:,}'))
    body = ['<div class="cards">' + "".join(f'<div class="card"><b>{v}</b><span>{_e(k)}</span></div>' for k, v in cards)
            + "</div>"]
    cat_items = [(c, s["by_category"].get(c, 0)) for c in CATEGORIES]
    doc_items = [(c, s["documents_by_category"].get(c, 0)) for c in CATEGORIES]
    bins = s["spin"]["bins"]
    labels = [f"{lo:g}–{hi:g}" if hi is not None else f"{lo:g}+" for lo, hi in bins]
    body.append('<div class="grid">'
                f'<section id="categories"><h2>Findings per category</h2>{hbar_chart(cat_items, "Findings per category")}'
                f'<h3>Documents with at least one finding</h3>{hbar_chart(doc_items, "Documents per category", "#0f8ea8")}</section>'
                f'<section id="spin"><h2>Distribution of spin scores</h2>{histogram(labels, s["spin"]["histogram"], "Spin scores")}'
                f'<p class="mute">{_spun_note(s["spin"])}</p></section>'
                f'<section id="drugs"><h2>Top drug brands seen</h2>'
                f'{hbar_chart([(d, c) for d, c in s["top_drugs"]], "Drug brands", "#c8432b")}</section>'
                f'<section id="phrases"><h2>Top spun phrases</h2>'
                f'{hbar_chart([(p, c) for p, c in s["top_spun_phrases"]], "Spun phrases", "#d98b10")}</section>'
                "</div>")
    body.append(_worst(s["worst_documents"]))
    if dup is not None:
        body.append(_clusters(dup, {d["n"] for d in s["worst_documents"]}))
    if s["errors"]:
        body.append('<section id="errors"><h2>Documents that could not be audited</h2><table><tr><th>code</th>'
                    '<th class="num">documents</th></tr>' + "".join(
                        f'<tr><td><code>{_e(c)}</code></td><td class="num">{k:,}</td></tr>' for c, k in s["errors"].items())
                    + '</table><p class="mute">Their records in findings.jsonl carry the message.</p></section>')
    rules = "".join(f'<tr><td><code>{_e(r)}</code></td><td class="num">{k:,}</td></tr>' for r, k in list(s["by_rule"].items())[:30])
    body.append(f'<section id="rules"><h2>Findings per rule</h2><table><tr><th>rule</th><th class="num">findings</th></tr>'
                f'{rules}</table></section>')
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width,initial-scale=1"><title>{_e(title)}</title><style>{CSS}</style></head>'
            f'<body><header><h1>{_e(title)}</h1><p>{n:,} documents · {s["findings"]:,} findings · '
            f'files: findings.jsonl (one record per document), summary.csv, summary.json</p></header>'
            f'<main>{"".join(body)}</main></body></html>')
    out.write_text(page, encoding="utf-8")


def _spun_note(spin: dict) -> str:
    if not spin.get("verdicts"):
        return "Scores derived from spin findings (the spin family's document verdict was not loaded)."
    return f'{spin["spun_documents"]:,} of {spin["verdicts"]:,} documents judged machine-spun.'


def _worst(worst: list[dict]) -> str:
    if not worst:
        return '<section id="worst"><h2>Worst documents</h2><p class="empty">No findings.</p></section>'
    rows, details = [], []
    for i, d in enumerate(worst, 1):
        cats = "".join(f'<span class="pill">{_e(c)} {k}</span>' for c, k in sorted(d["by_category"].items(), key=lambda x: -x[1]))
        spin = "" if d.get("spin_score") is None else _fmt(d["spin_score"])
        copied = "" if d.get("copied_share") is None else f'{100 * d["copied_share"]:.0f}%'
        rows.append(f'<tr><td class="num">{i}</td><td><a href="#doc-{d["n"]}">{_e(d["id"])}</a></td>'
                    f'<td class="num">{d.get("words") or 0:,}</td><td>{cats}</td><td class="num">{spin}</td>'
                    f'<td class="num">{copied}</td><td class="num">{d["badness"]:.1f}</td></tr>')
        items = "".join(
            f'<tr><td><code>{_e(f["rule"])}</code></td><td class="sev-{_e(f["severity"])}">{_e(f["severity"])}</td>'
            f'<td class="num">{f.get("line", "")}:{f.get("column", "")}</td><td>{_e(f["message"])}'
            f'<div class="quote">“{_e(f.get("excerpt", "")[:160])}”</div></td></tr>' for f in d["findings"])
        more = f'<p class="mute">… and {d["more_findings"]} more in findings.jsonl.</p>' if d.get("more_findings") else ""
        details.append(f'<details id="doc-{d["n"]}"><summary>#{i} {_e(d["id"])}</summary><p>{_doc_link(d)} · record '
                       f'<code>"n": {d["n"]}</code> in findings.jsonl</p><table><tr><th>rule</th><th>severity</th>'
                       f'<th class="num">line:col</th><th>message / excerpt</th></tr>{items}</table>{more}</details>')
    return ('<section id="worst"><h2>Worst documents</h2><p class="mute">Ranked by severity-weighted findings per '
            '1,000 words. Click a document for its findings.</p><table><tr><th class="num">#</th><th>document</th>'
            '<th class="num">words</th><th>findings</th><th class="num">spin</th><th class="num">copied</th>'
            f'<th class="num">score</th></tr>{"".join(rows)}</table>{"".join(details)}</section>')


def _clusters(dup: dict, linked: set[int]) -> str:
    head = (f'<section id="duplicates"><h2>Cross-document duplicate clusters</h2><p class="mute">'
            f'{dup["paragraphs"]:,} paragraphs of {dup["documents"]:,} documents compared with MinHash LSH; '
            f'{dup["clusters"]:,} clusters shared by 2+ documents; {dup["mostly_copied_documents"]:,} documents have '
            f'≥{100 * dup["mostly_copied_threshold"]:.0f}% of their paragraphs in clusters.</p>')
    if not dup["top_clusters"]:
        return head + '<p class="empty">No paragraph is shared by several documents.</p></section>'
    rows = []
    for c in dup["top_clusters"][:30]:
        members = ", ".join((f'<a href="#doc-{m["n"]}">{_e(m["id"])}</a>' if m["n"] in linked else _e(m["id"]))
                            for m in c["members"][:8])
        more = f' <span class="mute">+{c["docs"] - 8} more</span>' if c["docs"] > 8 else ""
        rows.append(f'<tr><td class="num">{c["docs"]:,}</td><td class="num">{c["paragraphs"]:,}</td>'
                    f'<td class="quote">{_e(c["text"][:260])}</td><td>{members}{more}</td></tr>')
    return (head + '<table><tr><th class="num">documents</th><th class="num">copies</th><th>representative text</th>'
            f'<th>members</th></tr>{"".join(rows)}</table></section>')
