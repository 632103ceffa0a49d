"""The contradiction extractor reads only sentences with a trigger word: it must lose no statement
that reading every sentence would give."""
import json
from itertools import islice

import pytest
import yaml

from conftest import ROOT, SHARED_DATA
from healthlint import Linter
from healthlint.formats import parse
from healthlint.instructions import extract, extract_exhaustive

DATA = next((p for p in (SHARED_DATA, ROOT.parent.parent / "shared" / "data" / SHARED_DATA.name) if p.exists()),
            SHARED_DATA)
FORMATS = {".md": "markdown", ".html": "html", ".txt": "text"}


@pytest.fixture(scope="module")
def linter():
    return Linter(select=["HL3"])


def documents(linter, items):
    docs = [parse(text, fmt, name) for name, text, fmt in items]
    linter.annotate(docs)
    return docs


def statements(found):
    return [st for st in found if st.kind != "med_mention"]  # kept only where a recommendation could conflict


def corpus_and_examples():
    for path in sorted((ROOT / "corpus").iterdir()):
        if path.suffix in FORMATS:
            yield path.name, path.read_text(encoding="utf-8"), FORMATS[path.suffix]
    for pack in sorted((ROOT / "rules").glob("*.yaml")):
        for rule in yaml.safe_load(pack.read_text(encoding="utf-8")).get("rules", []):
            for kind, examples in (rule.get("examples") or {}).items():
                for k, ex in enumerate(examples):
                    ex = ex if isinstance(ex, dict) else {"text": ex}
                    yield f"{rule['id']}:{kind}:{k}", ex["text"], ex.get("format", "text")


def test_gate_keeps_every_statement_of_corpus_and_examples(linter):
    docs = documents(linter, list(corpus_and_examples()))
    total = 0
    for doc in docs:
        assert statements(extract(doc)) == statements(extract_exhaustive(doc)), doc.path
        total += len(statements(extract(doc)))
    assert total > 100  # the comparison covered real statements


@pytest.mark.skipif(not DATA.exists(), reason="health-news sample not available")
def test_gate_keeps_every_statement_of_health_news(linter):
    with open(DATA, encoding="utf-8") as fh:
        texts = [json.loads(line).get("text") or "" for line in islice(fh, 150)]
    for k, doc in enumerate(documents(linter, [(f"news-{k}", t, "text") for k, t in enumerate(texts)])):
        assert statements(extract(doc)) == statements(extract_exhaustive(doc)), k


def test_trigger_words_glued_to_digits_or_punctuation_still_count(linter):
    text = ("# Routine\n\n## Seated hamstring stretch\n\n1. Sit on a chair and extend one leg.\n"
            "2. Do 10reps, then switch legs.\n\n## Tips\n\n\u201cHold\u201d the seated stretch for 30 seconds. "
            "For the seated stretch, do 3 repetitions.\n")
    doc, = documents(linter, [("glued", text, "markdown")])
    found = {(st.kind, st.value) for st in extract(doc)}
    assert ("reps", (10.0, 10.0)) in found
    assert ("hold", (30.0, 30.0)) in found
    assert ("position", "seated") in found
    assert "HL302" in {f.rule for f in linter.lint_text(text, "markdown")}  # 10 reps in the steps, 3 in the tips
