"""Brand names a document itself defines for a known drug.

Sales pages often sell a drug under a brand no lexicon knows ("Tramadex", a made-up or fresh export
brand) but say once what it is: "Tramadex 100 mg tablets contain tramadol", "Zolnite 10, a zolpidem
tablet", "tramadol (sold as Tramadex)". Such a name is then a mention of that drug wherever the
document uses it ("Order Tramadex 100 mg online"), with the drug's entry (status, strengths, risk).

Only a capitalised word that is not an English word and not already a drug name can become an
alias, and only through one of the defining patterns below, within one sentence: a person's or
a company's name next to a drug ("Smith, a tramadol researcher") does not match them.
"""
from __future__ import annotations

import dataclasses
import re

from ..nlp import english_words

_NAME = r"[A-Z][A-Za-z]{3,}"
_DOSE = r"(?:[ \t]*-?[ \t]*\d{1,4}(?:[.,]\d{1,3})?(?:[ \t]*(?:mg|mcg|µg)\b)?)"
_FORM = r"(?:tablets?|pills?|capsules?|caps|tabs)"
_PRODUCT = r"(?:" + _FORM + r"|painkillers?|drugs?|medications?|medicines?|products?|brand|generic|formula)"
# NAME [dose] [tablets] (contains / is a brand of / , a  ...) DRUG, read backwards from the drug
_BEFORE = re.compile(
    rf"\b({_NAME})({_DOSE}?)[ \t]*(?:{_FORM}[ \t]+)?"
    r"(?:\([ \t]*"
    r"|,?[ \t]*(?:which[ \t]+|that[ \t]+)?(?:contains?|is|are|has|uses?)[ \t]+(?:(?:a|an|the|pure)[ \t]+)?"
    r"(?:(?:brand|version|form|type)[ \t]+of[ \t]+)?(?:(?:generic|branded|prescription)[ \t]+)?"
    r"|,[ \t]*(?:a|an)[ \t]+(?:generic[ \t]+)?)$")
# DRUG (NAME) / DRUG, sold as NAME / DRUG under the brand name NAME
_AFTER = re.compile(
    rf"^[ \t]*(?:\([ \t]*(?:sold[ \t]+as[ \t]+|brand[ \t]+name[ \t]+)?|,?[ \t]*(?:sold|marketed)[ \t]+(?:as|under)[ \t]+"
    rf"(?:the[ \t]+(?:brand[ \t]+)?names?[ \t]+)?|[ \t]+under[ \t]+the[ \t]+(?:brand[ \t]+)?names?[ \t]+)({_NAME})\b")
_AFTER_PRODUCT = re.compile(rf"[ \t]*{_PRODUCT}\b", re.IGNORECASE)
_WINDOW = 80


def _is_word(name: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS
    low = name.lower()
    if low in STOP_WORDS:
        return True
    english = english_words()
    return any(form in english for form in (low, low[:-1], low[:-2], low[:-3])
               if len(form) >= 3 and (form == low or low.endswith(("s", "es", "ed", "ing"))))


def _defined(text: str, mention) -> str | None:
    """The brand name the text around ``mention`` defines for its drug, if any."""
    lo = max(0, mention.start - _WINDOW)
    before = text[lo:mention.start]
    cut = max(before.rfind("."), before.rfind("!"), before.rfind("?"), before.rfind("\n"))
    m = _BEFORE.search(before[cut + 1:])
    if m:
        joined = before[cut + 1:][m.end(2):]
        # "X, a tramadol ..." and "X is a tramadol ..." must go on with a product noun
        if re.match(r"^[ \t]*(?:,|is\b|are\b)", joined) and not re.search(r"contains?|\(", joined):
            if not _AFTER_PRODUCT.match(text, mention.end):
                return None
        return m.group(1)
    m = _AFTER.match(text[mention.end:mention.end + _WINDOW])
    if m:
        return m.group(1)
    return None


def add_aliases(text: str, mentions: list, strength_of) -> list:
    """``mentions`` plus a mention at every use of a brand name the text defines for one of the
    drugs in ``mentions`` (``strength_of(text, end, entry)`` reads a strength after a name)."""
    from .matcher import Mention
    taken = {text[m.name_start:m.name_end].lower() for m in mentions}
    aliases: dict[str, object] = {}
    for m in mentions:
        if not m.entry.regulated or m.partial:
            continue
        name = _defined(text, m)
        if not name:
            continue
        if name.lower() in taken or name.lower() in aliases or _is_word(name):
            continue
        # kind "alias": weighed as the drug itself, not as a known export brand
        aliases[name.lower()] = dataclasses.replace(m.entry, name=name, kind="alias", ambiguous=False)
    if not aliases:
        return mentions
    pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in aliases) + r")\b", re.IGNORECASE)
    spans = [(m.start, m.end) for m in mentions]
    extra = []
    for hit in pattern.finditer(text):
        s, e = hit.span()
        if any(a < e and s < b for a, b in spans):
            continue
        entry = aliases[hit.group(1).lower()]
        strength, end = strength_of(text, e, entry)
        extra.append(Mention(s, end, s, e, entry, strength, False))
    return sorted(mentions + extra, key=lambda m: m.start)
