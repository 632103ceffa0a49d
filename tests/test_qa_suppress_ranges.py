"""disable/enable pairs: a narrower enable re-enables only what it names."""
from healthlint.rulepack import load_rules
from healthlint.suppress import find_suppressions

RULES = {r.id: r for r in load_rules()}


def _suppressed(source, rule_id, needle, nth=0):
    offset = -1
    for _ in range(nth + 1):
        offset = source.index(needle, offset + 1)
    return any(s.covers(RULES[rule_id], offset) for s in find_suppressions(source))


def test_enable_id_inside_disabled_category():
    src = "<!-- healthlint-disable spin -->\nA\n<!-- healthlint-enable HL101 -->\nB\n<!-- healthlint-enable -->\nC\n"
    assert _suppressed(src, "HL101", "A")
    assert not _suppressed(src, "HL101", "B")
    assert _suppressed(src, "HL150", "B")          # the rest of the category stays off
    assert not _suppressed(src, "HL150", "C")


def test_enable_id_inside_disable_all():
    src = "<!-- healthlint-disable -->\nA\n<!-- healthlint-enable HL101 -->\nB\n"
    assert not _suppressed(src, "HL101", "B") and _suppressed(src, "HL150", "B")


def test_matching_enable_closes():
    src = "<!-- healthlint-disable HL101 -->\nA\n<!-- healthlint-enable HL101 -->\nB\n"
    assert _suppressed(src, "HL101", "A") and not _suppressed(src, "HL101", "B")
