"""Structure types: ``fragment``, ``heading-mismatch``, ``missing-safety-note``, ``missing-metadata``,
``no-sources``. All run without a parse; with one, fragments are confirmed on the dependency tree.
"""
from __future__ import annotations

import bisect
import re

from .. import evidence
from .. import nlp
from . import Check, register
from .readability_checks import alpha_num_columns

_ABBREV_END = re.compile(r"(?:\b(?:e\.g|i\.e|vs|etc|approx|al|Dr|Mr|Mrs|Ms|St|No|Fig|cf|ca|Prof|Inc|Ltd|Co|Jr|Sr|subsp|spp|var)\.|\b[A-Za-z]\.|\b[A-Z][a-z]{1,4}\.|\d\.)\s*$")
_URLISH = re.compile(r"(?:https?:|www\.|/|@|\.(?:com|org|net|edu|gov)\b)", re.I)
_TLDS = {"com", "org", "net", "edu", "gov", "uk", "ca", "be", "io", "au", "de", "fr", "int", "info", "ly", "co"}
_SUBORDINATORS = {"since", "because", "although", "though", "whereas", "unless"}
_PROSE_BLOCKS = ("paragraph", "blockquote")
# a letter right after a full stop (and one space), ASCII capitals left out: only lower case is wanted
_AFTER_STOP = re.compile(r"\. ?([^\W\d_A-Z])")
_SUBORDINATE_START = re.compile(r"(?i)(?:which|since|because|although|though|whereas|unless)")


def _block_indices(document, positions: list[int]) -> list[int]:
    """``document.block_at`` for many positions at once: the index of each one's block, -1 if none.
    (Plain Python: for the few dozen sentences of an article it beats numpy's per-call overhead.)"""
    blocks = document.blocks
    if not blocks:
        return [-1] * len(positions)
    bounds = document.cache.get("structure.block_bounds")
    if bounds is None:
        bounds = document.cache["structure.block_bounds"] = ([b.start for b in blocks], [b.end for b in blocks])
    starts, ends = bounds
    out = []
    for pos in positions:
        i = bisect.bisect_right(starts, pos) - 1
        out.append(i if i >= 0 and pos <= ends[i] else -1)
    return out


def _token_starts(document) -> list[int]:
    """Character offset of each token of ``document.doc`` (once per document)."""
    idx = document.cache.get("structure.idx")
    if idx is None:
        from ..nlp import column
        idx = document.cache["structure.idx"] = column(document.doc, "IDX").tolist()
    return idx


# First characters a fragment can start with (see _kind): lower case, or a subordinator's first letter.
_SUBORDINATE_FIRST = frozenset("WSBATU")


@register("fragment")
class Fragment(Check):
    """A sentence that cannot stand alone: it starts in lower case after a full stop, it is an
    orphaned "Which ..." clause, or it is only a subordinate clause ("Since a tired brain reacts.")."""

    def run(self, document):
        bounds = evidence.sentence_bounds(document)  # (start_char, end_char): no Span per sentence
        if not bounds:
            return
        text = document.text
        doc = document.doc
        starts = [s for s, _ in bounds]
        where = _block_indices(document, starts)
        paragraph = [b.kind == "paragraph" for b in document.blocks]
        inner = self._inner(document, bounds, where, paragraph)
        # sentences in a paragraph after one of the same block (the first sentence of a block is never
        # judged: headings, captions and lists start anywhere), with a possible fragment start
        heads = [i for i in range(1, len(where))
                 if (b := where[i]) >= 0 and b == where[i - 1] and paragraph[b]
                 and ((ch := text[starts[i]]).islower() or ch in _SUBORDINATE_FIRST or ch.isspace())]
        for i in sorted(set(heads).union(inner)):
            if i in inner:
                yield inner[i]
            if i == 0 or where[i - 1] != where[i]:
                continue
            start, end = bounds[i]
            j = start  # the sentence's first non-space character (its text.lstrip(), without copying it)
            while j < end and text[j].isspace():
                j += 1
            if not (j < end and text[j].islower()) and not _SUBORDINATE_START.match(text, j, end):
                continue  # cheap test first: only these starts can be fragments (see _kind)
            prev_text = text[bounds[i - 1][0]:bounds[i - 1][1]].rstrip()
            if not prev_text.endswith((".", "!")) or _ABBREV_END.search(prev_text):
                continue  # a segmentation artefact, not the writer's full stop
            tail = " ".join(prev_text.split()[-3:])
            if _URLISH.search(tail) or tail.split()[-1].lower().rstrip(".") in _TLDS:
                continue  # a web address broken by spaces, not a sentence boundary
            idx = _token_starts(document)
            sent = doc[bisect.bisect_left(idx, start):bisect.bisect_left(idx, end)]
            words = [t for t in sent if not t.is_space]
            if len(words) < 3 or evidence.in_quotes(document, start, start + 1):
                continue
            first = words[0]
            kind = self._kind(first, sent, document)
            if kind:
                yield self.finding(start, start + len(text[start:end].rstrip()), kind=kind, confidence=0.75)

    def _inner(self, document, bounds, where, paragraph) -> dict:
        """A full stop the sentence splitter did not believe: "Do three sets. which makes ..."
        Found from the text: a lower-case word right after a full stop (then checked on the tokens).
        Returns {sentence index: finding}, at most one per sentence."""
        found: dict = {}
        doc, text = document.doc, document.text
        candidates = [m.start(1) for m in _AFTER_STOP.finditer(text) if m.group(1).islower()]
        if not candidates:
            return found
        idx = _token_starts(document)
        sent_starts = [s for s, _ in bounds]
        for pos in candidates:
            i = bisect.bisect_left(idx, pos)
            if i >= len(idx) or idx[i] != pos:
                continue
            k = bisect.bisect_right(sent_starts, pos) - 1  # the sentence of token i
            if k < 0 or k in found:
                continue
            start_char, end_char = bounds[k]
            sent_start, sent_end = bisect.bisect_left(idx, start_char), bisect.bisect_left(idx, end_char)
            b = where[k]
            if not (sent_start + 2 <= i < sent_end) or b < 0 or not paragraph[b]:
                continue
            tok = doc[i]
            prev = doc[i - 1]
            if prev.text != "." or not tok.is_alpha or not tok.text[0].islower() or tok.text == "a":
                continue
            if any(c.isupper() for c in tok.text[1:]) or _ABBREV_END.search(doc[i - 2].text + "."):
                continue
            tail = doc[max(sent_start, i - 4):min(sent_end, i + 2)].text
            if tok.lower_ in _TLDS or _URLISH.search(tail) or evidence.in_quotes(document, tok.idx, tok.idx + 1):
                continue  # a web address broken by spaces; a quotation
            kind = "an orphaned 'which' clause" if tok.lower_ == "which" else "starts in lower case after a full stop"
            found[k] = self.finding(tok.idx, start_char + len(text[start_char:end_char].rstrip()), kind=kind,
                                    confidence=0.7)
        return found

    @staticmethod
    def _kind(first, sent, document) -> str | None:
        text = first.text
        if not text[:1].isalpha() or _URLISH.search(text) or text.lower() in _TLDS or text.lower() == "doi":
            return None
        if text[0].islower():
            if any(c.isupper() for c in text[1:]) or len(text) == 1 and text not in ("a",):
                return None  # iPhone, mRNA, pH; single-letter variables and units
            return "starts in lower case after a full stop" if text.lower() != "which" else "an orphaned 'which' clause"
        low = text.lower()
        if low == "which" and not sent.text.rstrip().endswith("?"):
            return "an orphaned 'Which' clause"
        if low in _SUBORDINATORS and sent.text.rstrip().endswith((".", "!")) and "," not in sent.text:
            # the trained model, for this sentence only (None without one: the words decide)
            tree = document.parse(sent) if nlp.has_parser() else None
            if tree is not None:
                first_i = first.i - sent.start
                if not any(c.i == first_i and c.dep_ == "mark" for c in tree.root.children):
                    return None
            return f"only a subordinate clause ('{text} ...')"
        return None


_GENERIC_HEADING = re.compile(
    r"^(?:introduction|conclusions?|summary|overview|background|final thoughts|the bottom line|bottom line|"
    r"faqs?|tips|more|resources|references|notes|next steps|key points|takeaways?|what to know|"
    r"what you need to know|in short|the verdict|verdict|method|methods|results|discussion|key findings|"
    r"methodology and results|study at a glance|important safety information|about [\w ]+)\W*$", re.I)


@register("heading-mismatch")
class HeadingMismatch(Check):
    """A heading that shares no content word with the section under it."""

    @property
    def min_heading_words(self) -> int:
        return int(self.options.get("min_heading_words", 3))

    def run(self, document):
        if document.fmt not in ("markdown", "html"):
            return  # plain-text "headings" are guessed from short lines: too unreliable to judge
        doc = document.doc
        min_words = int(self.options.get("min_body_words", 30))
        for section in document.sections:
            if section.heading is None or section.heading.kind != "heading" or not section.blocks:
                continue
            head_text = document.block_text(section.heading)
            if _GENERIC_HEADING.match(head_text.strip()) or re.match(r"^\W*\d+\W*$", head_text):
                continue
            head = self._content(doc.char_span(section.heading.start, section.heading.end, alignment_mode="expand"))
            body_span = doc.char_span(section.blocks[0].start, section.blocks[-1].end, alignment_mode="expand")
            if body_span is None or len(head) < self.min_heading_words:
                continue
            body = self._content(body_span)
            if sum(1 for t in body_span if t.is_alpha) < min_words:
                continue
            if not head & body:
                yield self.finding(section.heading.start, section.heading.end, heading=head_text.strip(),
                                   confidence=0.5)

    @staticmethod
    def _content(span) -> set[str]:
        """Content-word stems (5-letter prefixes of lemmas: tolerant of spelling and inflection)."""
        if span is None:
            return set()
        return {t.lemma_.lower()[:5] for t in span if t.is_alpha and not t.is_stop and len(t.text) > 2}


_EXERCISE_VERBS = (r"stretch|lift|hold|lie|squat|lunge|bend|raise|lower|press|push|pull|stand|sit|kneel|step|jump|run|"
                   r"jog|walk|rotate|twist|reach|repeat|brace|tighten|curl|extend|breathe|keep|place|bring|roll|slowly|"
                   r"gently|do|perform|start")
_EXERCISE = re.compile(r"^(?:" + _EXERCISE_VERBS + r")\b", re.I)
_EXERCISE_CONTEXT = re.compile(r"\b(?:reps?|repetitions|sets?|seconds|times|muscles?|knees?|heels?|toes|feet|"
                               r"hips?|back|legs?|arms?|weights?|dumbbells?|plank|squats?)\b", re.I)
# The first words of _EXERCISE and _MEDICATION: a sentence starting otherwise is neither.
_STEP_VERBS = _EXERCISE_VERBS + r"|take|use|apply|swallow|give|try|start|increase|double|chew"
_STEP_START = re.compile(r"\s*(?:" + _STEP_VERBS + r")\b", re.I)
# first two letters of those words (all have two or more): a sentence whose first two characters are
# ASCII, not a space, and lower-cased not one of these is neither (ASCII: re.I is plain lower-casing there)
_STEP_FIRST = frozenset(w[:2] for w in _STEP_VERBS.split("|"))
_MEDICATION = re.compile(r"^(?:take|use|apply|swallow|give|try|start|increase|double|chew)\b[^.]{0,80}\b(?:\d+\s?(?:mg|mcg|ml|g|iu)\b|"
                         r"tablets?|pills?|capsules?|doses?|drops|gumm(?:y|ies)|sachets?|supplements?|medicines?|medications?)", re.I)
_SAFETY = re.compile(
    r"\b(?:stop (?:if|immediately|straight away|right away)|if (?:it|this|anything) (?:hurts|is painful)|"
    r"(?:if|when) you (?:feel|have|notice|experience) (?:any )?(?:sharp |sudden |severe )?(?:pain|dizz|numb|chest)|"
    r"(?:(?:talk|speak) (?:to|with)|ask|consult|check with|see|contact|call|visit) (?:your|a|an|the) (?:own )?"
    r"(?:doctor|gp|physician|physio\w*|pharmacist|nurse|midwife|dentist|health|medical|specialist|clinician|"
    r"trainer|instructor|healthcare|therapist|prescriber)|consult|"
    r"medical advice|should not|shouldn't|must not|do not (?:take|do|use|try)|don't (?:take|do|use|try)|"
    # ("you'll see your belly fat disappear" and "with no side effects" are no safety note)
    r"avoid (?:this|these|it) if|not (?:suitable|safe|recommended) for|if you are pregnant|(?<!no )(?<!zero )(?<!without )side effects?|"
    r"seek (?:medical|urgent|emergency)|warning|caution|careful|safety|"
    r"(?:never|do not|don't) (?:force|bounce|push through|hold your breath|lock your))",
    re.I)


@register("missing-safety-note")
class MissingSafetyNote(Check):
    """Exercise or medication instructions with no safety note anywhere in the article."""

    def run(self, document):
        min_steps = int(self.options.get("min_steps", 3))
        steps: list[tuple[int, int, str]] = []
        full = document.text
        match = _STEP_START.match
        for start, end in evidence.sentence_bounds(document):  # no Span per sentence
            first = full[start:start + 2]
            if first.isascii() and not first[:1].isspace() and first.lower() not in _STEP_FIRST or not match(full, start):
                continue  # cheap test first: neither an exercise nor a medication instruction
            text = full[start:end].strip()
            block = evidence.block_at(document, start)
            if block is None or block.kind in ("heading", "title"):
                continue
            if _MEDICATION.match(text):
                steps.append((start, end, "medication"))
            elif _EXERCISE.match(text) and _EXERCISE_CONTEXT.search(text):
                steps.append((start, end, "exercise"))
        if len(steps) < min_steps and not any(k == "medication" for *_, k in steps):
            return
        if not steps or _SAFETY.search(document.text):
            return
        kind = "medication" if any(k == "medication" for *_, k in steps) else "exercise"
        start, end, _ = steps[0]
        yield self.finding(start, start + len(document.text[start:end].rstrip()), kind=kind, scope="document",
                           confidence=0.6, data={"steps": len(steps)})


_PLACEHOLDER_AUTHOR = re.compile(r"^(?:admin(?:istrator)?|staff|editor|user\d*|webmaster|guest|team|unknown|"
                                 r"anonymous|author)$", re.I)


@register("missing-metadata")
class MissingMetadata(Check):
    """Front matter / HTML meta without an author or a date (only where the format carries them)."""

    AUTHOR_KEYS = ("author", "authors", "byline", "article:author", "dc.creator", "citation_author")
    DATE_KEYS = ("date", "published", "updated", "lastmod", "article:published_time", "article:modified_time",
                 "dc.date", "citation_date", "citation_publication_date", "pubdate", "last_reviewed", "reviewed")

    def run(self, document):
        meta = {str(k).lower(): v for k, v in (document.meta or {}).items()}
        if document.fmt == "markdown" and not meta:
            return  # no front matter: this Markdown does not carry metadata at all
        if document.fmt not in ("markdown", "html") or not document.blocks:
            return
        missing = []
        author = next((meta[k] for k in self.AUTHOR_KEYS if meta.get(k)), None)
        if author is None:
            missing.append("an author")
        elif _PLACEHOLDER_AUTHOR.match(str(author).strip()):
            missing.append(f"a real author (it says '{author}')")
        if not any(meta.get(k) for k in self.DATE_KEYS):
            missing.append("a date")
        if missing:
            anchor = document.blocks[0]
            yield self.finding(anchor.start, anchor.end, missing=" and ".join(missing), scope="document",
                               confidence=0.7)


@register("no-sources")
class NoSources(Check):
    """An article of some length that names no source at all: no person, organisation, study or link."""

    def run(self, document):
        min_words = int(self.options.get("min_words", 250))
        if not document.blocks:
            return
        # cheapest tests first: each alone proves there is nothing to report
        if document.doc is not None and len(document.doc) < min_words:
            return  # fewer tokens than the words needed
        source = document.source
        if "](" in source or "href=" in source or "http://" in source or "https://" in source or "www." in source:
            return  # a link: markdown, HTML or a bare address (substring tests: faster than one regex)
        if _alpha_count(document) < min_words:
            return
        if _any_sourced_sentence(document):
            return
        anchor = document.blocks[0]
        yield self.finding(anchor.start, anchor.end, scope="document", confidence=0.5)


def _alpha_count(document) -> int:
    """``document.word_count`` (alphabetic tokens) from one array instead of a Token per word."""
    if document.doc is None:
        return document.word_count
    return int(alpha_num_columns(document)[:, 0].sum())


def _any_sourced_sentence(document) -> bool:
    """``evidence.sourced_sentence_count(document) > 0``, stopping at the first sourced sentence
    (unless another check has counted them already)."""
    count = document.cache.get("evidence.sourced")
    if count is not None:
        return count > 0
    for i, (start, _) in enumerate(evidence.sentence_bounds(document)):  # no Span per sentence
        if _block_kind(document, start) in ("heading", "title"):
            continue
        if evidence._sourced(document, i):  # (outside headings: names count; cached for HL601 too)
            return True
    return False


def _block_kind(document, pos: int) -> str:
    block = evidence.block_at(document, pos)
    return block.kind if block else "paragraph"
