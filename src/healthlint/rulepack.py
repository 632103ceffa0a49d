"""Rule packs: YAML files in rules/, one per rule family. Rules are data; checks are code."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .findings import CATEGORIES, CATEGORY_BY_HUNDRED, SEVERITIES
from .resources import load_yaml, rules_dir

RULE_ID = re.compile(r"^HL\d{3}$")
REQUIRED = ("id", "name", "type", "category", "severity", "message", "rationale")
KNOWN = set(REQUIRED) | {"link", "fix", "options", "examples", "scope", "enabled", "tags"}


class RuleError(ValueError):
    """A rule pack that does not follow the rule schema."""


@dataclass
class Example:
    text: str
    fix: str | None = None        # expected text after applying this rule's fixes (bad examples)
    fmt: str = "text"
    count: int | None = None      # expected number of findings, when the example says so


@dataclass
class Rule:
    id: str
    name: str
    type: str
    category: str
    severity: str
    message: str
    rationale: str
    family: str = ""
    link: str | None = None
    fix: Any = None
    options: dict[str, Any] = field(default_factory=dict)
    bad: list[Example] = field(default_factory=list)
    good: list[Example] = field(default_factory=list)
    scope: str = "span"           # "document" for article-level verdicts
    enabled: bool = True          # off-by-default rules run only when selected explicitly
    tags: list[str] = field(default_factory=list)

    def matches(self, selector: str) -> bool:
        """Selectors are rule ids, id prefixes (HL1, HL10) or categories."""
        selector = selector.strip()
        return (selector == self.category or selector.lower() == self.name
                or self.id.upper().startswith(selector.upper()) and selector.upper().startswith("HL")
                or selector.upper() == "ALL")


def _examples(raw: Any, where: str) -> list[Example]:
    out = []
    for item in raw or []:
        if isinstance(item, str):
            out.append(Example(item))
        elif isinstance(item, dict) and "text" in item:
            out.append(Example(item["text"], item.get("fix"), item.get("format", "text"), item.get("count")))
        else:
            raise RuleError(f"{where}: each example is a string or a mapping with 'text'")
    return out


def parse_rule(raw: dict[str, Any], family: str, where: str) -> Rule:
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise RuleError(f"{where}: rule {raw.get('id', '?')} lacks {', '.join(missing)}")
    unknown = sorted(set(raw) - KNOWN)
    if unknown:
        raise RuleError(f"{where}: rule {raw['id']} has unknown key(s) {', '.join(unknown)}")
    rid = str(raw["id"])
    if not RULE_ID.match(rid):
        raise RuleError(f"{where}: rule id {rid!r} is not of the form HL123")
    if raw["category"] not in CATEGORIES:
        raise RuleError(f"{where}: {rid}: unknown category {raw['category']!r}")
    if CATEGORY_BY_HUNDRED.get(rid[2]) != raw["category"]:
        raise RuleError(f"{where}: {rid}: ids {rid[:3]}xx belong to category "
                        f"{CATEGORY_BY_HUNDRED.get(rid[2], 'engine')!r}, not {raw['category']!r}")
    if raw["severity"] not in SEVERITIES:
        raise RuleError(f"{where}: {rid}: severity must be one of {', '.join(SEVERITIES)}")
    examples = raw.get("examples") or {}
    return Rule(
        id=rid, name=str(raw["name"]), type=str(raw["type"]), category=raw["category"],
        severity=raw["severity"], message=str(raw["message"]).strip(), rationale=str(raw["rationale"]).strip(),
        family=family, link=raw.get("link"), fix=raw.get("fix"), options=dict(raw.get("options") or {}),
        bad=_examples(examples.get("bad"), f"{where}: {rid} bad examples"),
        good=_examples(examples.get("good"), f"{where}: {rid} good examples"),
        scope=raw.get("scope", "span"), enabled=bool(raw.get("enabled", True)), tags=list(raw.get("tags") or []),
    )


def load_pack(path: Path) -> list[Rule]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{path}: a rule pack is a mapping with a 'rules' list")
    family = str(data.get("family", path.stem))
    return [parse_rule(r, family, str(path)) for r in data["rules"]]


@functools.lru_cache(maxsize=8)
def load_rules(extra_dirs: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    """All rules of the shipped packs (and any extra rule directories), sorted by id."""
    rules: dict[str, Rule] = {}
    for directory in (rules_dir(), *map(Path, extra_dirs)):
        for path in sorted(Path(directory).glob("*.yaml")):
            for rule in load_pack(path):
                if rule.id in rules:
                    raise RuleError(f"{path}: duplicate rule id {rule.id}")
                rules[rule.id] = rule
    return tuple(sorted(rules.values(), key=lambda r: r.id))
