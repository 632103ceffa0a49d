"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Locations are relative to the repository root (``uriBaseId`` ``%SRCROOT%``); columns are UTF-16
code units (``columnKind: utf16CodeUnits``), as SARIF viewers and GitHub expect.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from ..fingerprints import VERSION as FP_VERSION, fingerprints
from ..gitdiff import relative_path, repo_root
from ..positions import LineIndex

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/healthlint/"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
ENGINE_RULES = {  # HL0xx: input and engine problems, not in the rule packs
    "HL001": ("unreadable-file", "The file does not exist or cannot be read."),
    "HL002": ("binary-file", "The file looks binary, not text."),
    "HL003": ("file-too-large", "The file is over the max-file-size limit."),
    "HL004": ("unknown-encoding", "The file is not UTF-8 and its encoding could not be detected."),
    "HL005": ("internal-error", "A rule failed with an internal error."),
    "HL007": ("unknown-suppression", "A suppression comment names an unknown rule or directive."),
}


def _uri(path: str, root: Path) -> tuple[str, str | None]:
    rel = relative_path(path, root)
    if rel.startswith("/"):
        return Path(rel).as_uri(), None
    return quote(rel), "%SRCROOT%"


def _rule_descriptor(rule) -> dict:
    examples_md, examples_text = [], []
    for ex in rule.bad:
        line = ex.text.strip()
        fixed = f" → {ex.fix.strip()}" if ex.fix is not None else ""
        examples_md.append(f"- ❌ `{line}`" + (f" → `{ex.fix.strip()}`" if ex.fix is not None else ""))
        examples_text.append(f"  flagged: {line}{fixed}")
    for ex in rule.good:
        examples_md.append(f"- ✅ `{ex.text.strip()}`")
        examples_text.append(f"  fine: {ex.text.strip()}")
    text = f"{rule.rationale}\n\nExamples:\n" + "\n".join(examples_text)
    markdown = f"**{rule.name}** ({rule.category})\n\n{rule.rationale}\n\n**Examples**\n\n" + "\n".join(examples_md)
    if rule.link:
        markdown += f"\n\nSee: {rule.link}"
    desc = {
        "id": rule.id, "name": rule.name,
        "shortDescription": {"text": rule.name.replace("-", " ").capitalize()},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL[rule.severity], "enabled": bool(rule.enabled)},
        "properties": {"tags": sorted({"health-content", rule.category, *rule.tags}),
                       "category": rule.category},
    }
    if rule.link:
        desc["helpUri"] = rule.link
    return desc


def _engine_descriptor(rid: str) -> dict:
    name, text = ENGINE_RULES.get(rid, ("engine", "A healthlint engine notification."))
    return {"id": rid, "name": name, "shortDescription": {"text": text}, "fullDescription": {"text": text},
            "help": {"text": text, "markdown": text}, "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["health-content", "engine"], "category": "engine"}}


def _region(index: LineIndex, start: int, end: int, snippet: bool = True) -> dict:
    line, col = index.position(start, "utf16")
    end_line, end_col = index.position(max(start, end), "utf16")
    region = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}
    if snippet and end > start:
        region["snippet"] = {"text": index.source[start:end]}
    return region


def _location(uri: str, base: str | None, region: dict | None = None) -> dict:
    art = {"uri": uri}
    if base:
        art["uriBaseId"] = base
    loc = {"physicalLocation": {"artifactLocation": art}}
    if region:
        loc["physicalLocation"]["region"] = region
    return loc


def document(results, rules: dict, options: dict) -> dict:
    from .. import __version__
    root = Path(options.get("root") or repo_root()).resolve()
    used_engine = sorted({f.rule for r in results for f in r.findings if f.rule not in rules}
                         | {r.error.code for r in results if r.error})
    descriptors = [_rule_descriptor(rule) for _, rule in sorted(rules.items())]
    descriptors += [_engine_descriptor(rid) for rid in used_engine]
    index_of = {d["id"]: i for i, d in enumerate(descriptors)}

    sarif_results, notifications = [], []
    for r in results:
        uri, base = _uri(r.path, root)
        if r.error:
            notifications.append({
                "level": "error", "message": {"text": r.error.message},
                "descriptor": {"id": r.error.code, "index": index_of[r.error.code]},
                "locations": [_location(uri, base)]})
            continue
        index = LineIndex(r.source or "")
        for f, fp in zip(r.findings, fingerprints(r)):
            res = {
                "ruleId": f.rule, "ruleIndex": index_of[f.rule], "level": LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [_location(uri, base, _region(index, f.start, f.end))],
                "partialFingerprints": {FP_VERSION: fp},
                "properties": {"category": f.category, "confidence": round(float(f.confidence), 3)},
            }
            if f.fix is not None:
                what = f"Replace with '{f.fix.replacement}'" if f.fix.replacement else "Delete"
                art = _location(uri, base)["physicalLocation"]["artifactLocation"]
                res["fixes"] = [{
                    "description": {"text": what + ("" if f.fix.safe else " (unsafe: review it)")},
                    "artifactChanges": [{"artifactLocation": art, "replacements": [{
                        "deletedRegion": _region(index, f.fix.start, f.fix.end, snippet=False),
                        "insertedContent": {"text": f.fix.replacement}}]}]}]
            if f.related:
                res["relatedLocations"] = [
                    {"id": i + 1, **_location(uri, base, _region(index, rel.start, rel.end)),
                     "message": {"text": rel.message or "related"}}
                    for i, rel in enumerate(f.related)]
            sarif_results.append(res)

    run = {
        "tool": {"driver": {"name": "healthlint", "version": __version__, "semanticVersion": __version__,
                            "informationUri": INFORMATION_URI, "rules": descriptors}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
        "columnKind": "utf16CodeUnits",
        "results": sarif_results,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(results, rules, out, options) -> None:
    json.dump(document(results, rules, options), out, ensure_ascii=False, indent=2)
    out.write("\n")
