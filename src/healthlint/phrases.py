"""Fast multiword phrase lookup on token lemmas, and re-inflection of replacements.

A trie over normalised words: at each token we follow the child for the token's lower-case
form or its lemma, so "tormented", "Torments" and "torment" all reach an entry written in
dictionary form. Hyphens and line breaks between words are skipped, so "heart-assault" and
"heart\\nassault" match "heart assault". Cost is linear in the number of tokens.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

_WORD = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_SKIP = {"-", "–", "‐"}
_END = "\x00"


def normalise_words(phrase: str) -> tuple[str, ...]:
    """Split a lexicon phrase the way the tokenizer splits text ("child's" -> child 's)."""
    words: list[str] = []
    for w in _WORD.findall(phrase.lower().replace("’", "'")):
        if w in _SKIP:
            continue
        if w.endswith("'s") and len(w) > 2:
            words.extend([w[:-2], "'s"])
        elif "'" in w and w.endswith("n't"):
            words.extend([w[:-3], "n't"])
        else:
            words.append(w)
    return tuple(words)


@dataclass
class PhraseMatch:
    start: int          # character offsets in the Doc's text
    end: int
    first: int          # token indexes (end exclusive)
    last: int
    value: Any
    key: tuple[str, ...]


class PhraseIndex:
    def __init__(self) -> None:
        self.root: dict = {}
        self.size = 0

    def add(self, phrase: str | Iterable[str], value: Any) -> None:
        words = normalise_words(phrase) if isinstance(phrase, str) else tuple(phrase)
        if not words:
            return
        node = self.root
        for w in words:
            node = node.setdefault(w, {})
        if _END not in node:
            self.size += 1
        node[_END] = value

    def __len__(self) -> int:
        return self.size

    def get(self, phrase: str) -> Any:
        node = self.root
        for w in normalise_words(phrase):
            node = node.get(w)
            if node is None:
                return None
        return node.get(_END)

    def finditer(self, doc, start_token: int = 0, end_token: int | None = None) -> Iterator[PhraseMatch]:
        """Non-overlapping matches, leftmost-longest, within doc[start_token:end_token]."""
        toks = list(doc[start_token:end_token if end_token is not None else len(doc)])
        forms = [_forms(t) for t in toks]
        n = len(toks)
        i = 0
        while i < n:
            if forms[i] is None or toks[i].text in _SKIP:
                i += 1
                continue
            best = None
            stack = [(self.root, i)]
            while stack:
                node, k = stack.pop()
                while k < n and k > i and (toks[k].text in _SKIP or (forms[k] is None and "\n\n" not in toks[k].text)):
                    k += 1  # hyphens and line breaks inside a phrase, never a paragraph break
                if k >= n or forms[k] is None:
                    continue
                for form in forms[k]:
                    child = node.get(form)
                    if child is None:
                        continue
                    if _END in child and (best is None or k > best[0]):
                        best = (k, child[_END])
                    stack.append((child, k + 1))
            if best is None:
                i += 1
                continue
            last = best[0]
            key = tuple(f[-1] for f in forms[i:last + 1] if f)
            first_tok, last_tok = toks[i], toks[last]
            yield PhraseMatch(first_tok.idx, last_tok.idx + len(last_tok.text), first_tok.i, last_tok.i + 1,
                              best[1], key)
            i = last + 1


def _forms(token) -> tuple[str, ...] | None:
    if token.is_space:
        return None
    low = token.lower_.replace("’", "'")
    lemma = (token.lemma_ or low).lower().replace("’", "'")
    if len(low) > 1 and low[-1] in "-–‐" :  # "heart-" at a line break before "assault"
        low = lemma = low.rstrip("-–‐")
    if lemma == low or not lemma:
        return (low,)
    return (low, lemma)


# ---------------------------------------------------------------------------------------
# Keeping the original's case and inflection in a replacement


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_]+", text) if w.lower() not in _SMALL_WORDS]
    return len(words) > 1 and all(w[0].isupper() for w in words)


def match_case(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if _title_case(original):  # a Title Case heading: "Decrease Again Torment" -> "Lower Back Pain"
        return " ".join(w if (i and w in _SMALL_WORDS) or w[:1].isupper() else w[:1].upper() + w[1:]
                        for i, w in enumerate(replacement.split(" ")))
    if original[:1].isupper() and not replacement[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def pluralize(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def past(word: str) -> str:
    irregular = {"be": "was", "do": "did", "go": "went", "have": "had", "make": "made", "take": "took",
                 "get": "got", "feel": "felt", "keep": "kept", "hold": "held", "sit": "sat", "stand": "stood",
                 "lie": "lay", "sleep": "slept", "eat": "ate", "drink": "drank", "run": "ran", "bend": "bent",
                 "lose": "lost", "tell": "told", "find": "found", "give": "gave", "rise": "rose", "begin": "began"}
    if word in irregular:
        return irregular[word]
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ied"
    return word + "ed"


def gerund(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    return word + "ing"


def _inflect(word: str, token) -> str:
    tag = token.tag_ or ""
    low = token.lower_
    if tag in ("NNS", "NNPS") or (not tag and low.endswith("s")):
        return pluralize(word)
    if tag in ("VBD", "VBN") or (not tag and low.endswith("ed")):
        return past(word)
    if tag == "VBG" or (not tag and low.endswith("ing")):
        return gerund(word)
    if tag == "VBZ":
        return pluralize(word)
    return word


def _inflected(token) -> bool:
    return token.lower_ != (token.lemma_ or token.lower_).lower() and token.lower_ != "'s"


def inflect_like(tokens, replacement: str) -> str:
    """Give ``replacement`` (dictionary form) the inflection and case of the matched tokens.

    The inflected token of the match (its form differs from its lemma) passes its inflection
    to the replacement's head: the last word when it was the last token, else the first.
    """
    words = replacement.split(" ")
    content = [t for t in tokens if not t.is_space and not t.is_punct]
    if content and words:
        last, first = content[-1], content[0]
        if _inflected(last) and not (last.pos_ == "NOUN" and first.pos_ == "VERB" and _inflected(first)):
            words[-1] = _inflect(words[-1], last)
        elif len(content) > 1 and _inflected(first) and (first.pos_ in ("VERB", "AUX") or not first.pos_):
            words[0] = _inflect(words[0], first)
    text = " ".join(words)
    original = "".join(t.text_with_ws for t in tokens).strip()
    return match_case(original, text)
