"""What an article tells the reader to do, per section: the extractor behind the contradiction checks.

Each sentence of body text is scanned for *statements*: the starting body position, hold times,
repetitions, weekly frequency, "other side" cues, breathing cues tied to a movement, do/don't
actions on a body part, and the article's stance on medication (against medicines in general,
or a recommendation to take one, with its dose). Every statement is attributed to an exercise:
the one a sentence names ("For the seated stretch, ..."), else the one its section's heading
(or a parent heading) names.

Patterns work on the text itself, so they behave the same with the fallback pipeline
(HEALTHLINT_NO_MODEL=1); when a dependency parse is present it is used to confirm negation
(a ``neg`` child or an "avoid"/"never" head), only for an action another one could contradict.
Only sentences holding a trigger word that some pattern needs are read (``candidate_sentences``):
most sentences of a news article are never looked at.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .nlp import column
from .phrases import token_columns
from .sentunits import BODY_KINDS

# -- vocabulary ------------------------------------------------------------------------------
EXERCISE_NOUNS = {"stretch", "pose", "posture", "fold", "raise", "squat", "lunge", "plank", "bridge", "twist",
                  "curl", "press", "row", "crunch", "exercise", "cow", "cat", "dog", "slide", "rotation",
                  "tilt", "lift", "hold", "march", "kick", "extension", "circle", "roll", "stand", "drill",
                  "tuck", "hug", "clam", "clamshell", "bug", "shrug", "stretches", "workout", "routine"}
GENERIC = {"stretch", "pose", "posture", "exercise", "the", "a", "an", "and", "of", "for", "your", "to", "with",
           "how", "do", "it", "version", "move", "step", "steps"}
SYMMETRIC_NAMES = ("child's pose", "child pose", "cat", "cat-cow", "cow", "bridge", "plank", "forward fold", "downward", "cobra", "mountain",
                   "corpse", "butterfly", "wall sit", "squat", "crunch", "sphinx", "happy baby")

POSITION_STEPS = [
    ("lying_back", re.compile(r"\b(?:lie|lying|lay)\s+(?:down\s+)?(?:flat\s+)?(?:face\s+up|on\s+your\s+back)\b|\blie\s+(?:down|flat)\b|\bsupine\b")),
    ("lying_front", re.compile(r"\b(?:lie|lying|lay)\s+(?:down\s+)?(?:face\s+down|on\s+your\s+(?:front|stomach|belly|tummy))\b|\bprone\b")),
    ("all_fours", re.compile(r"\b(?:on(?:to)?\s+(?:all\s+fours|your\s+hands\s+and\s+knees)|tabletop\s+position)\b")),
    ("kneeling", re.compile(r"\bkneel(?:ing)?\b")),
    ("seated", re.compile(r"\b(?:sit|sitting)\s+(?:down\s+|up\s+)?(?:on|in|at|tall|upright|straight|with|cross|comfortably)\b|\bsit\s+down\b")),
    ("standing", re.compile(r"\b(?:stand|standing)\s+(?:up\s+)?(?:tall|upright|straight|with|on|behind|facing|next|in|beside|sideways|at|near|about|arm's|an|a)\b")),
]
POSITION_HEADINGS = [
    ("seated", re.compile(r"\b(?:seated|sitting)\b")),  # not "chair": a chair squat or chair pose is done standing
    ("standing", re.compile(r"\bstanding\b")),
    ("lying_back", re.compile(r"\b(?:supine|lying|on\s+your\s+back)\b")),
    ("lying_front", re.compile(r"\b(?:prone|on\s+your\s+(?:front|stomach))\b")),
    ("kneeling", re.compile(r"\bkneeling\b")),
    ("all_fours", re.compile(r"\b(?:all\s+fours|hands\s+and\s+knees)\b")),
]
POSITION_WORDS = {"seated": "seated", "lying_back": "lying on the back", "lying_front": "lying on the front",
                  "all_fours": "on all fours", "kneeling": "kneeling", "standing": "standing"}


def positions_compatible(heading: str, step: str) -> bool:
    if heading == step:
        return True
    if heading == "lying_back" and step == "lying_front":  # "lying" in a heading may be either
        return True
    return {heading, step} == {"kneeling", "all_fours"}  # "kneel on all fours"


_NUM_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                          "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUM_WORDS.update({"thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90})
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted(_NUM_WORDS, key=len, reverse=True)) + r")"
_RANGE = _NUM + r"(?:\s*(?:-|–|to|or)\s*" + _NUM + r")?"
HOLD = re.compile(r"\b(?:hold|holding|held|stay|remain)\b[^.;:!?]{0,40}?\b" + _RANGE +
                  r"\s*(seconds?|secs?|s|minutes?|mins?|breaths?)\b")
REPS = re.compile(r"\b" + _RANGE + r"\s*(reps|repetitions|rounds|times)\b(?!\s+(?:a|per|each|every)\s+(?:day|week|month)|\s+(?:daily|weekly))")
FREQUENCY = re.compile(r"\b" + _RANGE + r"\s*(?:times|sessions|days)\s+(?:a|per|each)\s+(day|week)\b")
PROGRESSION = re.compile(r"\b(?:build(?:ing)?\s+up|work(?:ing)?\s+up|increase|increasing|gradually|progress|over\s+(?:the\s+)?"
                         r"(?:next\s+|following\s+|few\s+|several\s+)?(?:days|weeks|months)|at\s+first|start\s+with|"
                         r"begin\s+with|up\s+to|no\s+more\s+than|at\s+least|at\s+most|beginners?|advanced|eventually|"
                         r"each\s+week|first\s+week|until|instead|variations?|harder|easier|longer|shorter|minimum|maximum|deeper|gentler|"
                         r"modif\w*|options?|alternatively|if\s+you|if\s+it|if\s+this)\b")
OTHER_SIDE = re.compile(r"\b(?:repeat\s+(?:it\s+|this\s+|the\s+stretch\s+)?(?:on|with)\s+the\s+other\s+(?:side|leg|arm)|"
                        r"switch\s+(?:sides|legs|arms)|swap\s+(?:sides|legs|arms)|change\s+(?:sides|legs))\b")
SIDED = re.compile(r"\b(?:one|left|right|opposite|single|each|other|front|back)\s+(?:leg|arm|foot|knee|hand|side|hip|"
                   r"shoulder|heel|ankle|elbow|toe|wrist)\b|\b(?:left|right)\b|\bsingle-leg\b|\bone-leg\b|"
                   r"\bto\s+(?:one|the)\s+side\b|\bcross\s+(?:one|your)\b|\bstep\s+(?:forward|back)\b|\bstaggered\b|"
                   r"\byour\s+(?:leg|arm|foot|knee|hand|heel|ankle|elbow)\b(?!s)")
BOTH = re.compile(r"\bboth\s+(?:legs|knees|feet|arms|hands|sides|hips|shoulders)\b|\b(?:feet|knees|legs)\s+together\b")

BREATH_CUE = re.compile(r"\b(breathe\s+in|inhale|breathe\s+out|exhale)\b")
BREATH = re.compile(r"^[^.;!?]*?\b(?:as|while|when)\s+you\s+([^.;!?]+)")
BREATH_AFTER = re.compile(r"\b(?:as|while|when)\s+you\s+([^.;!?,]+),\s*(breathe\s+in|inhale|breathe\s+out|exhale)\b")

BODY = {"back": "back", "spine": "back", "lower back": "back", "neck": "neck", "head": "head", "knee": "knee",
        "knees": "knee", "stomach": "stomach", "belly": "stomach", "tummy": "stomach", "abdomen": "stomach",
        "hips": "hip", "hip": "hip", "shoulders": "shoulder", "shoulder": "shoulder", "chin": "chin",
        "jaw": "chin", "jawline": "chin", "tailbone": "tailbone", "pelvis": "pelvis", "elbows": "elbow",
        "elbow": "elbow", "arms": "arm", "arm": "arm", "legs": "leg", "leg": "leg", "chest": "chest",
        "heels": "heel", "heel": "heel", "feet": "foot", "foot": "foot", "toes": "toe", "wrists": "wrist",
        "breath": "breath", "head and tailbone": "head"}
ACTION_VERBS = {"round", "arch", "lock", "bend", "twist", "bounce", "lift", "raise", "drop", "tuck", "straighten",
                "hunch", "jerk", "force", "push", "pull", "turn", "shrug", "hyperextend", "overextend", "sag",
                "let", "hold", "flex", "point", "cross", "curve", "tilt", "rotate", "collapse", "clench"}
_BODY_RE = r"(" + "|".join(sorted(BODY, key=len, reverse=True)) + r")"
ACTION = re.compile(r"\b([a-z]+?)(?:ing)?\s+your\s+" + _BODY_RE + r"\b")
LET_ACTION = re.compile(r"\b(?:let|allow)\s+your\s+" + _BODY_RE + r"\s+([a-z]+)")
NEG_CUE = re.compile(r"(?:\bdo\s+not|\bdon['’]t|\bnever|\bavoid|\btry\s+not\s+to|\bwithout|\bno\b|\bnot)\s+(?:\w+\s+){0,2}$")
CONDITIONAL = re.compile(r"\b(?:if|whether|feel|notice|tend\s+to|people|many|most|some|often|likely)\b")

MED_WORDS = r"(?:pills?|medications?|medicines?|drugs?|pain\s?killers?|pain\s+relievers?|tablets?|prescriptions?|meds)"
MED_AGAINST = [
    re.compile(r"\b(?:no\s+need\s+for|(?:do\s+not|don['’]t|never)\s+need|avoid|skip|ditch|stay\s+away\s+from|"
               r"steer\s+clear\s+of|stop\s+taking|instead\s+of\s+(?:taking|reaching\s+for)|rather\s+than\s+(?:taking|reaching\s+for)|"
               r"(?:do\s+not|don['’]t|never)\s+(?:take|reach\s+for|rely\s+on|use))\s+(?:any\s+|all\s+|the\s+|more\s+)?"
               r"(?:over-the-counter\s+|prescription\s+|chemical\s+)?" + MED_WORDS + r"\b"),
    re.compile(r"\b" + MED_WORDS + r"\s+(?:are|is)\s+(?:not|never|rarely)\s+(?:necessary|needed|required|the\s+answer|the\s+solution|worth)"),
    re.compile(r"\bwithout\s+(?:any\s+|the\s+need\s+for\s+)?" + MED_WORDS + r"\b[^.!?]*\b(?:you\s+can|is\s+possible|naturally)\b|"
               r"\b(?:you\s+can|naturally)\b[^.!?]*\bwithout\s+(?:any\s+)?" + MED_WORDS + r"\b"),
]
MED_RECOMMEND = re.compile(r"\b(?:take|try|use|reach\s+for|pick\s+up|grab|buy|order|pop|we\s+recommend|i\s+recommend|"
                           r"recommend(?:ed)?\s+(?:taking|using))\s+(?:a\s+|an\s+|one\s+|two\s+|some\s+|your\s+)?"
                           r"(?:(?:dose|course|tablet|capsule|pill)\s+of\s+)?(?:(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*mg\s+(?:of\s+)?)?")
DOSE = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:mg|milligrams?)\b")   # "2,000 mg" is 2000, not 0
POPULATION = re.compile(r"\b(?:child|children|kids?|teen|adolescent|adults?|elderly|older|weigh|kg|pregnan|age[sd]?|"
                        r"maximum|max|up\s+to|no\s+more\s+than|per\s+day|a\s+day|daily|in\s+24\s+hours|or|to)\b")


@dataclass
class Statement:
    kind: str
    value: Any
    start: int
    end: int
    section: int
    exercise: str | None = None
    explicit: bool = False   # the sentence names the exercise
    text: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class Exercise:
    key: str
    name: str
    words: frozenset
    distinctive: frozenset
    heading: tuple[int, int]
    position: str | None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", text.lower())


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    text = text.lower()
    return float(_NUM_WORDS[text]) if text in _NUM_WORDS else float(text)


def _seconds(unit: str) -> float:
    return 60.0 if unit.startswith("min") else 1.0


@dataclass
class Layout:
    """Sections as the reader sees them: real headings, plus short numbered lines in plain text
    ("1. Cat stretch on all fours") that act as headings. ``section_of(b)`` is block b's section id:
    the index of the last heading-like block at or before it (-1 before the first)."""
    heads: list[int]  # indices of the heading-like blocks, ascending
    exercises: dict[int, Exercise]
    leads: dict[int, Exercise] = field(default_factory=dict)  # body block -> the exercise its lead-in names

    def exercise_at(self, block_index: int, section: int) -> Exercise | None:
        """The exercise a body block is about: its own lead-in ("Glute bridge. Lie on ..."), else its section's."""
        return self.leads.get(block_index) or self.exercises.get(section)

    def section_of(self, index: int) -> int:
        k = bisect.bisect_right(self.heads, index) - 1
        return self.heads[k] if k >= 0 else -1


_PSEUDO_HEADING = re.compile(r"^(?:\d{1,2}[.)]|step\s+\d+:?)\s+\S.{0,60}$", re.I)
# A paragraph or list item that opens with an exercise's name as a run-in heading:
# "**Glute bridge.** Lie on your back ...", "1. Glute bridge: hold the top for 30 seconds"
_LEAD = re.compile(r"\s*(?:\d{1,2}[.)]\s+)?([A-Z][A-Za-z'’ -]{1,40}?)\s*(?:[.:]|\s[-–—])\s+(?=\S)")
_NOT_IN_NAMES = {"is", "are", "was", "be", "the", "this", "that", "these", "those", "you", "your", "it", "its", "can",
                 "will", "do", "does", "should", "must", "a", "an", "my", "our", "we", "i", "they", "he", "she",
                 "try", "keep", "make", "not", "if", "when", "then", "now", "also", "here", "there", "day", "week"}


_HEADING_KINDS = ("heading", "title")


def _heading_like(document, block) -> bool:
    if block.kind in _HEADING_KINDS:
        return True
    if block.kind not in ("paragraph", "list_item"):
        return False
    first = document.text[block.start:block.start + 1]
    if not (first.isspace() or first.isdigit() or first in "sS"):  # cannot open a _PSEUDO_HEADING
        return False
    text = document.text[block.start:block.end].strip()
    return ("\n" not in text and text[-1:] not in ".!?:;,"
            and bool(_PSEUDO_HEADING.match(text)) and len(text.split()) <= 9)


def layout(document) -> Layout:
    cached = document.cache.get("instruction_layout")
    if cached is not None:
        return cached
    text = document.text
    heads = [block.index for block in document.blocks  # the first test is _heading_like's quick one, inlined
             if block.kind in _HEADING_KINDS or ((c := text[block.start:block.start + 1]).isdigit() or c in "sS"
                                                  or c.isspace()) and _heading_like(document, block)]
    out: dict[int, Exercise] = {}
    stack: list[tuple[int, Exercise | None]] = []
    for current in heads:
        block = document.blocks[current]
        text = document.text[block.start:block.end]
        low = re.sub(r"^\s*(?:\d+[.)]|step\s+\d+:?)\s*", "", text.lower()).strip(" :")
        words = _words(low)
        level = 0 if block.kind == "title" else (block.level or 1) if block.kind == "heading" else 9
        while stack and stack[-1][0] >= level:
            stack.pop()
        ex = None
        if block.kind != "title" and words and len(words) <= 8 and (EXERCISE_NOUNS & set(words) or _names_pose(low)):
            ex = _exercise(words, low, text.strip(), (block.start, block.end))
        elif stack and stack[-1][1] is not None and block.kind != "title":
            ex = stack[-1][1]
        stack.append((level, ex))
        if ex is not None:
            out[current] = ex
    result = Layout(heads, out, _leads(document))
    document.cache["instruction_layout"] = result
    return result


def _exercise(words: list[str], low: str, name: str, span: tuple[int, int]) -> Exercise:
    """The exercise a heading or run-in name (``low``: lower case, list number stripped) names."""
    named = [p for p, rx in POSITION_HEADINGS if rx.search(low)]
    position = named[0] if len(named) == 1 else None  # "standing or seated calf raise": either
    return Exercise(" ".join(words), name, frozenset(words), frozenset(w for w in words if w not in GENERIC),
                    span, position)


def _leads(document) -> dict[int, Exercise]:
    """Body blocks whose first words name an exercise as a run-in heading."""
    leads: dict[int, Exercise] = {}
    text = document.text
    for block in document.blocks:
        if block.kind not in ("paragraph", "list_item"):
            continue
        m = _LEAD.match(text, block.start, block.end)
        if m is None:
            continue
        name = m.group(1).strip()
        low = name.lower()
        words = _words(low)
        if not 1 <= len(words) <= 5 or _NOT_IN_NAMES & set(words):
            continue
        if not (EXERCISE_NOUNS & set(words) or _names_pose(low)):
            continue
        leads[block.index] = _exercise(words, low, name, (m.start(1), m.start(1) + len(name)))
    return leads


def exercises_of(document) -> dict[int, Exercise]:
    """Section id -> the exercise it describes (inherited by deeper headings that name none)."""
    return layout(document).exercises


SYMMETRIC = re.compile(r"\b(?:" + "|".join(SYMMETRIC_NAMES) + r")\b")


def _names_pose(heading: str) -> bool:
    return SYMMETRIC.search(heading) is not None


def referenced_exercise(sentence: str, exercises: list[Exercise]) -> Exercise | None:
    """The one exercise a sentence names: all its distinctive heading words in a row, or a
    "<modifier> stretch/pose" phrase whose modifiers are distinctive words of exactly one heading."""
    low = " ".join(_words(sentence))
    hits = []
    for ex in exercises:
        if not ex.distinctive:
            continue
        name = " ".join(w for w in _words(ex.name) if w in ex.distinctive)
        if name and re.search(r"\b" + re.escape(name) + r"\b", low):
            hits.append(ex)
    if not hits:
        nouns = "|".join(sorted(EXERCISE_NOUNS))
        for m in re.finditer(r"\b(?:the|in|for|on|during)\s+((?:[a-z]+\s+){0,3}?)(" + nouns + r")\b", low):
            mods = [w for w in m.group(1).split() if w not in GENERIC]
            if not mods and m.group(2) not in GENERIC:
                mods = [m.group(2)]  # "the squat", "the bridge"
            if not mods:
                continue
            matching = [ex for ex in exercises if ex.distinctive and set(mods[-1:]) <= ex.distinctive]
            if len({e.key for e in matching}) == 1:
                hits.append(matching[0])
    keys = {e.key for e in hits}
    return hits[0] if len(keys) == 1 else None


# -- which sentences can hold a statement ------------------------------------------------------
# Every pattern above needs one of these trigger words; a sentence without any (most of a news
# article) is never looked at. A token of plain ASCII letters triggers only as a whole word, so
# those are looked up by hash, all tokens of a document at once; any other token ("10reps", "“hold",
# "500mg") is searched with the patterns below, once per distinct token per process. A pattern match
# lies inside its sentence's tokens, so no sentence a pattern matches is dropped (the only words
# left out are number words run into a range and unit, "fivetotenreps").
TRIGGER_NAMES = "POS HOLDS REPEATS FREQ SIDE SIDES BREATHS KEEP YOUR PART MED AGAINST TAKE MG NUM".split()
(POS, HOLDS, REPEATS, FREQ, SIDE, SIDES, BREATHS, KEEP, YOUR, PART, MED, AGAINST, TAKE, MG, NUM) = \
    (1 << k for k in range(len(TRIGGER_NAMES)))
ALL_TRIGGERS = (1 << len(TRIGGER_NAMES)) - 1
_BODY_WORDS = sorted({name for name in BODY if " " not in name}, key=len, reverse=True)  # "lower back" has "back"
_REPS_UNITS, _FREQ_UNITS = "reps repetitions rounds times", "times sessions days"
_WORDS = [  # triggers that are whole words in any token
    (POS, "lie lying lay supine prone fours knees tabletop kneel kneeling sit sitting stand standing"),
    (HOLDS, "hold holding held stay remain"),
    (SIDE, "repeat switch swap change"),
    (SIDES, "side sides leg legs arm arms"),
    (BREATHS, "breathe inhale exhale"),
    (KEEP, "keep keeping"),
    (YOUR, "your"),
    (PART, " ".join(_BODY_WORDS)),
    (MED, "pill pills medication medications medicine medicines drug drugs painkiller painkillers killer killers "
          "reliever relievers tablet tablets prescription prescriptions meds"),
    (AGAINST, "need avoid skip ditch stay steer stop instead rather take reach rely use not never rarely without"),
    (TAKE, "take try use reach pick grab buy order pop recommend recommended"),
]
_NUMBERS = [  # whole words in a token of plain letters, but may be run into digits ("10reps", "500mg")
    (NUM, " ".join(w for w in _NUM_WORDS if w.isalpha()), re.compile(r"\d|\b(?:" + "|".join(_NUM_WORDS) + r")\b")),
    (MG, "mg milligram milligrams", re.compile(r"mg|milligram")),
    (REPEATS, _REPS_UNITS, re.compile(r"(?:" + _REPS_UNITS.replace(" ", "|") + r")\b")),
    (FREQ, _FREQ_UNITS, re.compile(r"(?:" + _FREQ_UNITS.replace(" ", "|") + r")\b")),
]
_TRIGGERS = ([(bit, re.compile(r"\b(?:" + "|".join(words.split()) + r")\b")) for bit, words in _WORDS]
             + [(bit, rx) for bit, _, rx in _NUMBERS])
# every trigger pattern but a digit's (NUM) needs one of these words somewhere in the token
_DIGIT = re.compile(r"\d")
_ANY_WORD = re.compile("|".join(sorted({w for _, words in _WORDS for w in words.split()}
                                        | {w for _, words, _ in _NUMBERS for w in words.split()}
                                        | set(_NUM_WORDS), key=len, reverse=True)))
_LETTERS = re.compile(r"[a-z][a-z]")  # every trigger but a digit has two letters in a row
_WHOLE: dict[str, int] = {}  # the triggers of a token of plain letters
for _bit, _words_ in _WORDS + [(bit, words) for bit, words, _ in _NUMBERS]:
    for _w in _words_.split():
        _WHOLE[_w] = _WHOLE.get(_w, 0) | _bit
for _n in _NUM_WORDS:  # "tenreps"
    for _bit, _units in ((REPEATS, _REPS_UNITS), (FREQ, _FREQ_UNITS)):
        for _u in _units.split():
            _WHOLE[_n + _u] = _WHOLE.get(_n + _u, 0) | _bit | NUM


def trigger_bits(word: str) -> int:
    """The trigger bits of one lower-case token: which patterns it could take part in."""
    if word.isascii() and word.isalpha():
        return _WHOLE.get(word, 0)
    if _LETTERS.search(word) is None or _ANY_WORD.search(word) is None:
        # numbers, punctuation, or no trigger's word in it: only a digit can trigger (NUM)
        return NUM if _DIGIT.search(word) else 0  # (\d: str.isdecimal's characters, Unicode Nd)
    return sum(bit for bit, rx in _TRIGGERS if rx.search(word))


class _WordTable:
    """Trigger bits per lower-case token hash (hashes are stable across documents and runs).
    A direct-mapped numpy table answers all tokens of a document in one vectorised step. The
    whole words hold their slots for good; any other word is looked at when first seen (most are
    plain letters, hence no trigger), remembered in a dict and put in its slot unless a whole word
    holds it."""
    SLOTS = 1 << 17
    LIMIT = 100_000  # words remembered in the dict (a long-running server starts afresh past this)

    def __init__(self):
        from spacy.strings import hash_string
        self.keys = np.zeros(self.SLOTS, dtype=np.uint64)  # hash 0 is the empty string: no bits
        self.bits = np.zeros(self.SLOTS, dtype=np.int32)
        self.pinned = np.zeros(self.SLOTS, dtype=bool)
        self.shared: dict[int, int] = {}  # whole words whose slot another whole word holds
        for word, bits in _WHOLE.items():
            h = hash_string(word)
            slot = h & (self.SLOTS - 1)
            if self.pinned[slot]:
                self.shared[h] = bits
            else:
                self.keys[slot], self.bits[slot], self.pinned[slot] = h, bits, True
        self.words = dict(self.shared)
        self.shared_keys = np.array(sorted(self.shared), dtype=np.uint64)

    def lookup(self, strings, hashes, plain=None):
        """``plain``: True for tokens of ASCII letters only (optional): such a word is a whole
        word or has no trigger, so a miss in the table is 0 without looking at its string."""
        slot = (hashes & np.uint64(self.SLOTS - 1)).astype(np.intp)
        bits = self.bits[slot]
        miss = self.keys[slot] != hashes
        if plain is not None and miss.any():
            zero = miss & plain
            for h in self.shared_keys:  # whole words kept in the dict (~1): looked up there
                zero &= hashes != h
            bits[zero] = 0
            miss &= ~zero
        if miss.any():
            new = np.unique(hashes[miss]).tolist()
            found = list(map(self.words.get, new))
            todo = [h for h, b in zip(new, found) if b is None]
            if todo:  # words never seen: look at each once
                if len(self.words) + len(todo) > self.LIMIT:
                    self.words = dict(self.shared)
                looked = list(map(trigger_bits, map(strings.__getitem__, todo)))
                self.words.update(zip(todo, looked))
                found = list(map(self.words.get, new))
            new = np.array(new, dtype=np.uint64)
            found = np.array(found, dtype=np.int32)
            bits[miss] = found[np.searchsorted(new, hashes[miss])]
            where = (new & np.uint64(self.SLOTS - 1)).astype(np.intp)
            free = ~self.pinned[where]
            self.keys[where[free]], self.bits[where[free]] = new[free], found[free]
        return bits


_WORD_TABLE: _WordTable | None = None


def _token_bits(doc, lower, text: str | None = None):
    """Trigger bits of every token, from its LOWER hash. With ``text`` (``doc.text``), the tokens
    of ASCII letters (most new words of a document) are answered without a string look."""
    global _WORD_TABLE
    if _WORD_TABLE is None:
        _WORD_TABLE = _WordTable()
    plain = None
    if text is not None:
        plain = column(doc, "IS_ALPHA") != 0  # (str.isalpha of the token's text)
        if not text.isascii():  # tokens holding a non-ASCII character are not plain
            points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            at = (points > 127).nonzero()[0].astype(np.uint64)  # (str offsets)
            plain[column(doc, "IDX").searchsorted(at, side="right") - 1] = False
    return _WORD_TABLE.lookup(doc.vocab.strings, lower, plain)


_USEFUL: dict[int, int] = {}  # _useful(bits), remembered (bits are a 15-bit set: a bounded dict)


def _useful(bits: int) -> int:
    """The bits of a sentence that can start a statement: some need a partner word in the sentence."""
    keep = bits & (POS | TAKE)
    if bits & NUM:  # a hold time, a count, a frequency
        keep |= bits & (HOLDS | REPEATS | FREQ)
    if bits & SIDE and bits & SIDES:  # "switch sides"
        keep |= SIDE
    if bits & BREATHS and bits & PART:  # "breathe in as you lift your arms"
        keep |= BREATHS
    if bits & YOUR and bits & PART:
        keep |= bits & (YOUR | PART | KEEP)
    if bits & MED and bits & AGAINST:
        keep |= MED | AGAINST
    if bits & TAKE and bits & MG:
        keep |= MG
    return keep


def candidate_sentences(document) -> list[tuple[int, int, int]]:
    """(start, end, trigger bits) of the sentences whose words could start a statement, trimmed,
    in text order. Sentence bounds come from the pipeline's sentence starts, as ``document.sentences()``.
    A recommendation to take a medicine matters only next to advice against medicines or another
    dose, so "take"/"use" alone count only in articles that have one of those."""
    cached = document.cache.get("instruction_candidates")
    if cached is not None:
        return cached
    out: list[tuple[int, int, int]] = []
    doc = document.doc
    if doc is not None and len(doc):
        arr = token_columns(doc)  # LOWER, LEMMA, IS_SPACE, SENT_START, shared with the phrase gate
        bits = _token_bits(doc, arr[:, 0], document.text)
        hits = bits.nonzero()[0]
        if len(hits):
            is_start = arr[:, 3] == 1
            is_start[0] = True
            sent_id = is_start.cumsum() - 1  # sentence number of every token
            # the trigger bits of each sentence with a hit: OR over its hits (hits ascend, so do sentences)
            sents = sent_id[hits]
            group = np.empty(len(sents), dtype=bool)
            group[0] = True
            np.not_equal(sents[1:], sents[:-1], out=group[1:])
            group = group.nonzero()[0]
            useful = {}
            for i, b in zip(sents[group].tolist(), np.bitwise_or.reduceat(bits[hits], group).tolist()):
                u = _USEFUL.get(b)
                if u is None:
                    u = _USEFUL[b] = _useful(b)
                useful[i] = u
            if not any(b & MED for b in useful.values()) and sum(1 for b in useful.values() if b & MG) < 2:
                useful = {i: b & ~(TAKE | MG) for i, b in useful.items()}
            first = is_start.nonzero()[0].tolist()  # each sentence's first token
            text = document.text
            for i in sorted(useful):
                if useful[i]:
                    s = doc[first[i]].idx
                    e = doc[first[i + 1]].idx if i + 1 < len(first) else len(text)
                    raw = text[s:e]
                    out.append((s + len(raw) - len(raw.lstrip()), s + len(raw.rstrip()), useful[i]))
    document.cache["instruction_candidates"] = out
    return out


def dose_sentences(document) -> int:
    """How many sentences could recommend a dose in mg (a dose conflict needs two)."""
    return sum(1 for _, _, bits in candidate_sentences(document) if bits & MG)


def extract(document) -> list[Statement]:
    """The statements of the article (cached): only sentences with a trigger word are read."""
    cached = document.cache.get("instructions")
    if cached is None:
        cached = document.cache["instructions"] = _extract(document, candidate_sentences(document))
    return cached


def extract_exhaustive(document) -> list[Statement]:
    """The same statements from reading every sentence (slow; for tests: the gate must lose none,
    except "med_mention", kept only where a recommendation could conflict)."""
    sentences = []
    for sent in document.sentences():
        raw = sent.text
        sentences.append((sent.start_char + len(raw) - len(raw.lstrip()), sent.start_char + len(raw.rstrip()),
                          ALL_TRIGGERS))
    return _extract(document, sentences)


def _extract(document, candidates: list[tuple[int, int, int]]) -> list[Statement]:
    statements: list[Statement] = []
    if not candidates:
        return statements
    lay = layout(document)
    exercises = lay.exercises
    ex_list = list({e.key: e for e in [*exercises.values(), *lay.leads.values()]}.values())
    seen_position: set = set()
    blocks = document.blocks
    block_starts = [b.start for b in blocks]
    for start, end, bits in candidates:
        k = bisect.bisect_right(block_starts, start) - 1  # document.block_at
        block = blocks[k] if k >= 0 and blocks[k].start <= start <= blocks[k].end else None
        section = lay.section_of(block.index) if block is not None else -1
        if block is None or block.kind not in BODY_KINDS or section == block.index:
            continue
        text = document.text[start:end]
        low = text.lower().replace("’", "'")
        ref = referenced_exercise(text, ex_list) if ex_list else None
        lead = lay.leads.get(block.index)
        own = lead or exercises.get(section)
        ex = ref or own
        key = ex.key if ex else None
        scope = ("lead", block.index) if lead is not None else section   # where the first position step counts

        def add(kind, value, explicit=ref is not None, **extra):
            statements.append(Statement(kind, value, start, end, section, key, explicit, text, extra))

        if bits & POS and own is not None and scope not in seen_position and (ref is None or ref.key == own.key):
            pos = _position_step(low)
            if pos:
                seen_position.add(scope)
                add("position", pos, explicit=False, lead=lead)
        elif (bits & POS and ref is not None and ref is not own and ref.position is not None
              and _FOR_EXERCISE.match(low)):
            # "For the seated hamstring stretch, lie flat on your back": an exercise named elsewhere
            # ("After the seated twist, stand tall" moves on to something else: not read)
            pos = _position_step(low)
            if pos:
                add("position", pos)
        progression = bool(bits & (HOLDS | REPEATS | FREQ | SIDE)) and bool(PROGRESSION.search(low))
        if bits & HOLDS and not progression:
            for m in HOLD.finditer(low):
                lo, hi = _number(m.group(1)), _number(m.group(2))
                unit = m.group(3)
                if unit.startswith("breath"):
                    add("hold_breaths", (lo, hi or lo))
                else:
                    f = _seconds(unit)
                    add("hold", (lo * f, (hi or lo) * f))
        if bits & REPEATS and not progression:
            for m in REPS.finditer(low):
                if re.search(r"\b(?:sets?\s+of|x)\s*$", low[:m.start()]):
                    continue
                lo, hi = _number(m.group(1)), _number(m.group(2))
                add("reps", (lo, hi or lo))
        if bits & FREQ and not progression:
            for m in FREQUENCY.finditer(low):
                lo, hi = _number(m.group(1)), _number(m.group(2))
                f = 7.0 if m.group(3) == "day" else 1.0
                add("frequency", (lo * f, (hi or lo) * f))
        if bits & SIDE and not progression:
            side = OTHER_SIDE.search(low)
            if side:
                add("other_side", True, cue=side.group(0))
        if bits & BREATHS:
            cues = list(BREATH_CUE.finditer(low))
            for k, cue in enumerate(cues):  # each cue governs the text up to the next cue
                m = BREATH.match(low[cue.end():cues[k + 1].start() if k + 1 < len(cues) else len(low)])
                if m:
                    _breath(add, cue.group(1), m.group(1))
            for m in BREATH_AFTER.finditer(low):
                if not BREATH_CUE.search(re.split(r"[.;:]", low[:m.start()])[-1]):  # "as you X" not already governed
                    _breath(add, m.group(2), m.group(1))
        if bits & POS or (bits & YOUR and bits & PART):
            _actions(document, add, low, start, bits)
        if bits & MED:
            _med_against(add, low)
        if bits & TAKE:
            dose = DOSE.search(low) if bits & MG else None
            add("med_mention", dose.group(1) if dose else None, start_in_sentence=0)
    return _confirm_negations(document, statements)


def _position_step(low: str) -> str | None:
    """The body position an instruction in the sentence sets ("Lie on your back"), if any."""
    for pos, rx in POSITION_STEPS:
        m = rx.search(low)
        if m and _imperative_at(low, m.start()):
            return pos
    return None


_FOR_EXERCISE = re.compile(r"\s*(?:for|in|during|to\s+do)\s+(?:the|your|this|a)\s")


def _imperative_at(low: str, pos: int) -> bool:
    """A position verb opening the sentence or a clause ("Lie on your back", "then sit on ...")."""
    before = low[:pos].rstrip()
    return (not before or before.endswith((",", ";", ":", "and", "then", "first", "start", "begin", "by", "to"))
            or re.search(r"(?:^|[,;:]\s*)(?:\d+[.)]\s*)?(?:slowly|carefully|now|gently)$", before) is not None) \
        and not re.search(r"\b(?:if|when|while|after|before|people|you)\s*$", before)


def _breath(add, cue: str, clause: str) -> None:
    direction = "in" if ("in" in cue.split() or cue == "inhale") else "out"
    moves = set()
    for m in re.finditer(r"\b([a-z]+)\s+(?:your\s+|the\s+)?" + _BODY_RE + r"\b", clause):
        verb = m.group(1)
        if verb in ("and", "your", "the", "of", "to", "in", "on", "with"):
            continue
        moves.add((verb, BODY[m.group(2)]))
    if moves:
        add("breath", direction, moves=frozenset(moves))


KEEP_RULES = [  # "keep X ..." forbids the opposite action
    (re.compile(r"\bkeep(?:ing)?\s+your\s+" + _BODY_RE + r"\s+(?:flat\s+|firmly\s+|planted\s+|down\s+)?(?:on|against)\s+the\s+(?:floor|ground|mat)\b"), "lift"),
    (re.compile(r"\bkeep(?:ing)?\s+your\s+(knees?)\s+(?:soft|slightly\s+bent|unlocked)\b"), "lock"),
]


def _actions(document, add, low: str, offset: int, bits: int) -> None:
    body = bits & YOUR and bits & PART
    if body and bits & KEEP:
        for rx, verb in KEEP_RULES:
            for m in rx.finditer(low):
                add("action", (verb, BODY[m.group(1)]), negated=True, implied=True)
    for pos, rx in POSITION_STEPS if bits & POS else ():  # "avoid lying flat on your back" holds for the whole article
        for m in rx.finditer(low):
            if NEG_CUE.search(low[:m.start()]):
                add("action", ("take position", POSITION_WORDS[pos]), negated=True, wide=True)
            elif _imperative_at(low, m.start()):
                add("action", ("take position", POSITION_WORDS[pos]), negated=False, wide=True)
    if not body:
        return
    for m in ACTION.finditer(low):
        verb, part = m.group(1), BODY[m.group(2)]
        verb = _lemma(document, offset + m.start(1), verb)
        if verb not in ACTION_VERBS or verb == "let":
            continue
        before = low[:m.start()]
        clause = re.split(r"[,;:]|\band\b|\bbut\b", before)[-1]
        opens = not CONDITIONAL.search(clause) and clause.strip() in ("", "then", "slowly", "gently", "now")
        if NEG_CUE.search(before):
            add("action", (verb, part), negated=True)
        else:  # a positive instruction must open its clause ("Round your back"), not describe; the parse
            add("action", (verb, part), negated=False, unconfirmed=(offset + m.start(1), opens))  # may find a negation
    for m in LET_ACTION.finditer(low):
        part, verb = BODY[m.group(1)], _lemma(document, offset + m.start(2), m.group(2))
        if verb in ACTION_VERBS:
            negated = bool(NEG_CUE.search(low[:m.start()]))
            add("action", (verb, part), negated=negated)


def _lemma(document, pos: int, word: str) -> str:
    doc = document.doc
    span = doc.char_span(pos, pos + len(word), alignment_mode="expand") if doc is not None else None
    if span is not None and len(span):
        lemma = (span[0].lemma_ or word).lower()
        if lemma:
            return lemma
    return re.sub(r"(?:ing|ed|s)$", "", word) or word


def group_of(statement: Statement):
    """What a statement is about: its exercise, else its section."""
    return statement.exercise if statement.exercise else ("section", statement.section)


def _confirm_negations(document, statements: list[Statement]) -> list[Statement]:
    """Settle the actions whose negation only a dependency parse can tell ("keep from rounding
    your back"), parsing only those that another action on the same thing could contradict."""
    pending = [st for st in statements if "unconfirmed" in st.extra]
    if not pending:
        return statements
    count: dict = {}
    for st in statements:
        if st.kind == "action" and not st.extra.get("wide"):
            key = (group_of(st), st.value)
            count[key] = count.get(key, 0) + 1
    check = [st for st in pending if count[(group_of(st), st.value)] > 1]
    doc = document.doc
    spans = {id(st): doc.char_span(st.extra["unconfirmed"][0], st.extra["unconfirmed"][0] + 1, alignment_mode="expand")
             for st in check}
    document.parse_sentences([sp.sent for sp in spans.values() if sp is not None and len(sp)])  # one batch
    out = []
    for st in statements:
        if "unconfirmed" not in st.extra:
            out.append(st)
            continue
        pos, opens = st.extra.pop("unconfirmed")
        if id(st) in spans and _parse_negated(document, pos):
            st.extra["negated"] = True
        elif not opens:
            continue
        out.append(st)
    return out


def _parse_negated(document, pos: int) -> bool:
    """With a parser: the verb has a ``neg`` child or hangs under "avoid"/"never"."""
    doc = document.doc
    span = doc.char_span(pos, pos + 1, alignment_mode="expand") if doc is not None else None
    span = document.parse(span) if span is not None and len(span) else None
    if span is None or not len(span) or not span[0].dep_:
        return False
    tok = span[0]
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return tok.head is not tok and tok.head.lemma_ in ("avoid", "never", "without", "stop")


def _med_against(add, low: str) -> None:
    for rx in MED_AGAINST:
        m = rx.search(low)
        if m and not re.search(r"\b(?:unless|without\s+(?:talking|asking|checking|consulting|speaking)|"
                               r"your\s+doctor|prescribed|advice|first|before|if|when|while|during|after)\b", low):
            add("med_against", m.group(0))
            break


def _med_imperative(before: str) -> bool:
    """"Take ..." opening the sentence or a clause, not "convince people to take ..."."""
    before = re.sub(r"^\W+", "", before.rstrip())
    return not before or before.endswith((",", ";", ":")) or re.search(
        r"(?:^|[,;:]\s*)(?:then|and|also|just|simply|instead|so)$", before) is not None


def medication_recommendations(document, statements: list[Statement], drug_index) -> list[Statement]:
    """Imperative recommendations to take a named drug (or medicine in general), with their dose."""
    out = []
    doc = document.doc
    for st in statements:
        if st.kind != "med_mention":
            continue
        low = st.text.lower()
        for m in MED_RECOMMEND.finditer(low):
            if not m.group(0).strip() or not _med_imperative(low[:m.start()]) and "recommend" not in m.group(0):
                continue  # "it is hard to convince people to take drugs" recommends nothing
            tail_start = st.start + m.end()
            span = doc.char_span(tail_start, st.end, alignment_mode="expand")
            if span is None:
                continue
            name = None
            first = next(iter(drug_index.finditer(doc, span.start, min(span.end, span.start + 4))), None)
            if first is not None and first.first <= span.start + 1:
                name = document.text[first.start:first.end].lower()
            elif re.match(r"(?:an?\s+)?(?:over-the-counter\s+)?" + MED_WORDS + r"\b", low[m.end():]):
                name = "medicine"
            if name is None:
                continue
            dose = m.group(1) or (DOSE.search(low[m.end():m.end() + 60]) or [None, None])[1]
            out.append(Statement("med_recommend", name, st.start, st.end, st.section, st.exercise, st.explicit,
                                 st.text, {"dose": float(dose.replace(",", "")) if dose else None,
                                           "population": bool(POPULATION.search(low))}))
            break
    return out
