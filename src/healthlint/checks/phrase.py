"""Type ``phrase``: a lexicon of phrases with replacements, matched on lemmas.

options:
  phrases: {phrase: replacement or null}   # inline entries
  lexicon: file.tsv                        # rules/lexicons/<file>, columns named by key/value
  key: spun                                # lexicon column holding the phrase (default: first)
  value: plain                             # lexicon column holding the replacement (default: second)
  where: {column: value}                   # keep only lexicon rows with these values
  blocks: [paragraph, ...]                 # limit to these block kinds
rule.fix: {safe: true|false}               # whether the replacement may be applied automatically
"""
from __future__ import annotations


from ..phrases import PhraseIndex, inflect_like
from ..resources import read_lexicon  # noqa: F401 - other checks import it from here
from . import Check, register


@register("phrase")
class PhraseCheck(Check):
    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        self.index = PhraseIndex()
        for phrase, replacement in (self.options.get("phrases") or {}).items():
            self.index.add(phrase, {"replacement": replacement})
        if self.options.get("lexicon"):
            rows = read_lexicon(self.options["lexicon"])
            if rows:
                cols = list(rows[0].keys())
                key, value = self.options.get("key", cols[0]), self.options.get("value", cols[1])
                where = self.options.get("where") or {}
                for row in rows:
                    if all(str(row.get(c)) == str(v) for c, v in where.items()):
                        self.index.add(row[key], {**row, "replacement": row.get(value)})
        self.blocks = set(self.options.get("blocks") or [])

    def run(self, document):
        doc = document.doc
        for m in self.index.finditer(doc):
            if self.blocks:
                block = document.block_at(m.start)
                if block is None or block.kind not in self.blocks:
                    continue
            span = doc[m.first:m.last]
            replacement = m.value.get("replacement")
            if replacement:
                replacement = inflect_like(span, replacement)
            yield self.finding(m.start, m.end, replacement=replacement if replacement is not None else None,
                               match=span.text, replacement_text=replacement or "")
