"""Rule ids and selectors shown in README.md and docs/*.md exist: a reader who copies an example
must not get "unknown rule selector(s)" (the README once said --ignore HL102; there is no HL102)."""
import re
from pathlib import Path

import pytest

from healthlint.config import from_mapping
from healthlint.engine import check_selectors, unknown_selectors
from healthlint.rulepack import load_rules

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ENGINE_CODES = {f"HL00{i}" for i in range(1, 8)}  # input and engine codes (docs/output-format.md)
NOT_A_RULE = "HL999"  # the documented example of an unknown id in a suppression comment
RULES = list(load_rules())
IDS = {r.id for r in RULES}
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)


def _docs():
    return [pytest.param(p, id=p.relative_to(ROOT).as_posix()) for p in DOCS]


@pytest.mark.parametrize("path", _docs())
def test_rule_ids_exist(path):
    text = path.read_text(encoding="utf-8")
    bad = sorted({m for m in re.findall(r"\bHL\d{3}\b", text)} - IDS - ENGINE_CODES - {NOT_A_RULE})
    assert not bad, f"{path.name} names rules that do not exist: {bad} (see 'healthlint rules')"


def _command_selectors(text: str) -> list[str]:
    out = []
    for m in re.finditer(r"healthlint \w+[^\n`]*", text):  # command lines, in code blocks or inline code
        for opt in re.finditer(r"--(?:select|ignore)[ =]([^\s`'\"]+)", m.group(0)):
            out += [s for s in opt.group(1).split(",") if s and not s.startswith("<")]  # <family>
    return out


def _suppression_selectors(text: str) -> list[str]:
    out = []
    for m in re.finditer(r"<!--\s*healthlint-(?:disable-next-line|disable|enable)\b(.*?)-->", text, re.S):
        arg = m.group(1).split("--", 1)[0]
        out += [s for s in re.split(r"[\s,]+", arg.strip()) if s and s != "..."]
    return out


@pytest.mark.parametrize("path", _docs())
def test_selectors_in_commands_and_suppressions_exist(path):
    text = path.read_text(encoding="utf-8")
    sels = [s for s in _command_selectors(text) + _suppression_selectors(text) if s != NOT_A_RULE]
    assert not unknown_selectors(RULES, sels), f"{path.name}: {unknown_selectors(RULES, sels)}"


@pytest.mark.parametrize("path", _docs())
def test_toml_examples_are_valid_configuration(path):
    """``[tool.healthlint]`` blocks, and healthlint.toml blocks (first line ``# healthlint.toml``)."""
    for lang, block in FENCE.findall(path.read_text(encoding="utf-8")):
        if lang != "toml":
            continue
        data = tomllib.loads(block)
        if "healthlint" in data.get("tool", {}):
            data = data["tool"]["healthlint"]
        elif not block.lstrip().startswith("# healthlint.toml"):
            continue  # another program's settings (an editor's language servers)
        config = from_mapping(data, path.name)  # unknown keys and bad values raise
        check_selectors(RULES, config)           # unknown selectors and severity ids raise


def test_the_extractors_see_the_readme_examples():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert {"spin", "HL4", "HL150"} <= set(_command_selectors(text))
    assert "HL101" in _suppression_selectors(text)
    assert any(lang == "toml" for lang, _ in FENCE.findall(text))


def test_output_format_example_is_real_output(tmp_path):
    """docs/output-format.md shows a command, its input and its output: they must agree."""
    import json

    from conftest import run_json
    text = (ROOT / "docs" / "output-format.md").read_text(encoding="utf-8")
    blocks = dict((lang, body) for lang, body in FENCE.findall(text) if lang in ("markdown", "json"))
    (tmp_path / "neck.md").write_text(blocks["markdown"], encoding="utf-8")
    (tmp_path / "scan.txt").write_bytes(b"a\x00b")
    proc, data = run_json("--select", "HL101", "neck.md", "scan.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert data == json.loads(blocks["json"])


def test_output_format_documents_every_engine_code():
    from healthlint.report.sarif import ENGINE_RULES
    text = (ROOT / "docs" / "output-format.md").read_text(encoding="utf-8")
    for code in ENGINE_RULES:
        assert f"| `{code}` |" in text, code
