import pytest

from healthlint.rulepack import RuleError, load_pack, parse_rule

BASE = {"id": "HL101", "name": "x", "type": "phrase", "category": "spin", "severity": "warning",
        "message": "m", "rationale": "r", "examples": {"bad": ["a"], "good": ["b"]}}


def test_valid_rule_parses():
    rule = parse_rule(dict(BASE), "spin", "t.yaml")
    assert rule.id == "HL101" and rule.bad[0].text == "a" and rule.good[0].text == "b"


@pytest.mark.parametrize("change,needle", [
    ({"category": "nonsense"}, "unknown category"),
    ({"id": "HL401"}, "belong to category"),
    ({"id": "H101"}, "not of the form"),
    ({"severity": "fatal"}, "severity"),
    ({"colour": "red"}, "unknown key"),
])
def test_invalid_rules_are_rejected(change, needle):
    with pytest.raises(RuleError, match=needle):
        parse_rule({**BASE, **change}, "spin", "t.yaml")


def test_missing_field_is_named():
    raw = dict(BASE)
    del raw["rationale"]
    with pytest.raises(RuleError, match="rationale"):
        parse_rule(raw, "spin", "t.yaml")


def test_pack_must_have_rules_list(tmp_path):
    p = tmp_path / "x.yaml"
    p.write_text("rules: nope\n")
    with pytest.raises(RuleError):
        load_pack(p)


def test_selectors():
    rule = parse_rule(dict(BASE), "spin", "t.yaml")
    assert rule.matches("HL1") and rule.matches("HL101") and rule.matches("spin") and rule.matches("hl10")
    assert not rule.matches("HL2") and not rule.matches("duplication")
