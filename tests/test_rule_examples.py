"""Every rule carries examples; the suite runs them all (LanguageTool style)."""
import pytest

from healthlint import Linter
from healthlint.fixes import apply_fixes
from healthlint.rulepack import load_rules

RULES = load_rules()


@pytest.fixture(scope="module")
def linters():
    cache = {}

    def get(rule):
        if rule.id not in cache:
            cache[rule.id] = Linter(select=[rule.id])
        return cache[rule.id]
    return get


def test_rules_exist_in_every_family():
    assert len(RULES) >= 1
    assert len({r.id for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_examples(rule):
    assert rule.bad, f"{rule.id} has no bad example"
    assert rule.good, f"{rule.id} has no good example"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_examples_are_flagged_and_fixed(rule, linters):
    linter = linters(rule)
    for example in rule.bad:
        findings = [f for f in linter.lint_text(example.text, example.fmt) if f.rule == rule.id]
        assert findings, f"{rule.id} missed its bad example: {example.text!r}"
        if example.count is not None:
            assert len(findings) == example.count, (rule.id, example.text, [f.excerpt for f in findings])
        if example.fix is not None:
            fixed, applied = apply_fixes(example.text, findings, unsafe=True)
            assert applied, f"{rule.id} offered no fix for {example.text!r}"
            assert fixed == example.fix, f"{rule.id} fixed {example.text!r} to {fixed!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_good_examples_stay_clean(rule, linters):
    linter = linters(rule)
    for example in rule.good:
        findings = [f for f in linter.lint_text(example.text, example.fmt) if f.rule == rule.id]
        assert not findings, f"{rule.id} flagged its good example {example.text!r}: {[f.excerpt for f in findings]}"
