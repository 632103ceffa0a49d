"""Scoring drug mentions: is a sentence *promoting* a drug, or just naming it?

Each sentence that names a drug gets a score, the sum of its signals (weights in
``rules/lexicons/promotion_cues.yaml`` and ``WEIGHTS`` below):

  drug          +1.0 export/spam brand (curated, spam_risk high), +0.5 other curated brands and
                high-risk generics, +0.25 other prescription/controlled names, -0.5 status unknown/OTC
  strength      +1.0 a strength written next to the name ("Aspadol 100mg", "waklert150")
  efficacy      +1.5 claims ("can ease", "works fast", "no crash"); +0.5 more when the drug is the
                subject of an efficacy verb (parser; a word-order fallback without it)
  endorsement   +1.5 "doctors recommend", "trusted by athletes"
  commerce      +2.0 buy, order, cheap, discount, delivery ...; +0.5 when a neighbouring sentence of
                the same block has them
  no prescription +2.0 "no prescription needed"; +1.0 for a bare "without a prescription" with no
                shop talk (how news reports an over-the-counter switch)
  pharmacy link +2.0 a link in the sentence whose address looks like a shop or pharmacy
  repetition    +0.5 an export brand named in 3+ sentences
  off topic     +1.0 the opening (title, first paragraphs) is not about medicines or this drug, and
                the drug is named in at most 2 sentences (else it is the article's subject)
  neutral       -1.0 a hit (down to -2.5): trials, side effects, regulators, "ask your doctor" ...
  caution       -2.0 a hit (down to -3.0): overdose, counterfeit, illegal, seized ... (harm/crime news)

A sentence that carries on about a promoted drug without naming it ("It works fast", "Buy in
bulk") inherits the drug's weight. When a document reads as a sales page, sentences pushing a
generic product ("a smart pill can give you the edge") are reported too.

``analyse(document)`` memoises its result in ``document.cache["drugs"]`` (a ``DrugAnalysis``),
so both HL4xx checks and the batch audit share one pass. ``DrugAnalysis.to_dict()`` gives the
JSON-friendly record the audit stores::

    {"mentions": [{"name", "ingredient", "status", "schedule", "start", "end", "score"}],
     "drugs": [ingredient, ...], "promotional_sentences": N, "score": float, "promotional": bool}
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from .context import SHOP_URL, document_has_link, drug_is_subject, links_in, opening_text, sentence_spans
from .lexicon import DrugEntry
from .matcher import Mention, find_mentions
from .normalise import canon_text, canon_word
from .signals import SCORED, load_cues

WEIGHTS = {"strength": 1.0, "subject": 0.5, "commerce_near": 0.5, "link": 2.0, "repetition": 0.5,
           "off_topic": 1.0, "carried": 1.0, "product": 1.5,
           "sales_page": 1.5}
THRESHOLDS = {"warning": 3.0, "info": 2.0}
POSITIVE = ("efficacy", "endorsement", "commerce", "no_prescription")   # the cue kinds that add


@dataclass
class SentenceVerdict:
    start: int
    end: int
    score: float
    signals: list[str]
    mentions: list[Mention]
    kind: str = "mention"          # mention | continuation | product
    severity: str | None = None
    drug: DrugEntry | None = None  # the drug it promotes (named or carried)
    no_prescription: bool = False
    commerce: bool = False
    shop: bool = False             # buy/order/price talk proper (not only "no prescription")
    pitched: bool = True           # a selling cue (claim, endorsement, shop talk, shop link) near it or in the article


@dataclass
class DrugAnalysis:
    mentions: list[Mention] = field(default_factory=list)
    mention_scores: list[float] = field(default_factory=list)
    scored: list[SentenceVerdict] = field(default_factory=list)   # see ``sentences``
    promotional: bool = False
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    # id(verdict) -> (verdict, its mention indices, where its subject signal goes): verdicts whose
    # "drug is the subject" bonus (a parse) is not computed yet; see resolve_subject
    pending: dict = field(default_factory=dict, repr=False)
    document: object = field(default=None, repr=False)
    # Drug-naming sentences whose score cannot reach the hint threshold are only scored when asked
    # for (``sentences``, ``to_dict``): ``deferred()`` scores them and returns their verdicts.
    deferred: object = field(default=None, repr=False)

    @property
    def sentences(self) -> list[SentenceVerdict]:
        """Every scored sentence, in text order (those below the hint threshold included)."""
        if self.deferred is not None:
            late, self.deferred = self.deferred(), None
            if late:
                self.scored = sorted(self.scored + late, key=lambda v: v.start)
        return self.scored

    def resolve_subject(self, v: "SentenceVerdict") -> None:
        """Add the subject bonus to verdict ``v`` (and its mentions' scores) if it applies."""
        item = self.pending.pop(id(v), None)
        if item is None:
            return
        _, idx, at = item
        if any(drug_is_subject(self.document, m) for m in v.mentions):
            v.score += WEIGHTS["subject"]
            v.signals.insert(at, "the drug is the subject of an efficacy verb")
            for i in idx:
                self.mention_scores[i] += WEIGHTS["subject"]

    def resolve_all(self) -> None:
        for v, _, _ in list(self.pending.values()):
            self.resolve_subject(v)

    def flagged(self, severity: str = "warning") -> list[SentenceVerdict]:
        order = {"info": 0, "warning": 1, "error": 2}
        return [s for s in self.scored if s.severity and order[s.severity] >= order[severity]]

    def to_dict(self) -> dict:
        self.sentences          # the deferred sentences' scores
        self.resolve_all()      # exact mention scores (no verdict can change any more)
        return {
            "mentions": [{"name": m.entry.name, "ingredient": m.entry.ingredient, "status": m.entry.status,
                          "schedule": m.entry.schedule, "start": m.start, "end": m.end, "score": round(s, 2)}
                         for m, s in zip(self.mentions, self.mention_scores)],
            "drugs": sorted({m.entry.ingredient for m in self.mentions}),
            "promotional_sentences": len(self.flagged("warning")),
            "score": round(self.score, 2), "promotional": self.promotional,
        }


class _Hits(dict):
    """The cue phrases of one sentence by kind, each kind searched when first asked for."""

    def __init__(self, cues, segment: str, possible: dict | None = None):
        super().__init__()
        self.cues, self.segment = cues, segment
        self.possible = cues.possible(segment) if possible is None else possible

    def __missing__(self, kind: str) -> list[str]:
        found = self[kind] = self.cues.find(kind, self.segment, self.possible.get(kind, ()))
        return found


@functools.lru_cache(maxsize=4096)
def _key(name: str) -> str:
    """A drug or ingredient name as one canonical word, to look for in the article's opening."""
    return canon_word(re.sub(r"[\W_]+", "", name))


def drug_weight(entry: DrugEntry) -> float:
    if entry.curated:
        if entry.spam_risk == "high":
            return 1.0 if entry.kind == "brand" else 0.5
        return 0.5 if entry.kind == "brand" else 0.25
    return 0.25 if entry.regulated else -0.5



def analyse(document) -> DrugAnalysis:
    cached = document.cache.get("drugs")
    if isinstance(cached, DrugAnalysis):
        return cached
    result = DrugAnalysis(document=document)
    document.cache["drugs"] = result
    text = document.text
    mentions = find_mentions(text)
    result.mentions = mentions
    result.mention_scores = [0.0] * len(mentions)
    if not mentions:
        return result
    cues = load_cues()
    sentences = sentence_spans(document)
    starts = [s for s, _ in sentences]
    by_sentence: dict[int, list[int]] = {}
    for i, m in enumerate(mentions):
        k = bisect.bisect_right(starts, m.name_start) - 1
        if k >= 0:
            by_sentence.setdefault(k, []).append(i)
    per_ingredient: dict[str, set] = {}
    for k, idx in by_sentence.items():
        for i in idx:
            per_ingredient.setdefault(mentions[i].entry.ingredient, set()).add(k)

    topic_info: list = []

    def topic() -> tuple[str, bool]:
        """(the opening as one canonical word, whether it announces an article about medicines)"""
        if not topic_info:
            opening = opening_text(document, [sentences[k] for k in by_sentence]).lower()
            topic_info.extend((canon_text(re.sub(r"[\W_]+", "", opening))[0],   # one run: canon_word, vectorised
                               cues.search("medication_topic", opening)))
        return topic_info[0], topic_info[1]

    low_text = cues.lowered(text)
    possible_cache: dict[int, dict] = {}

    def possible(k: int) -> dict:
        """``cues.possible`` of sentence k"""
        if k not in possible_cache:
            s, e = sentences[k]
            possible_cache[k] = (cues.possible(text[s:e]) if low_text is None
                                 else cues.possible_in(low_text, s, e))
        return possible_cache[k]

    hits_cache: dict[int, _Hits] = {}

    def hits(k: int) -> _Hits:
        if k not in hits_cache:
            s, e = sentences[k]
            hits_cache[k] = _Hits(cues, text[s:e], possible(k))
        return hits_cache[k]

    block_starts = [b.start for b in document.blocks]
    sentence_blocks: dict[int, object] = {}

    def block_of(k: int):
        """The block holding sentence k (memoised: Document.block_at is linear in the blocks)."""
        if k not in sentence_blocks:
            pos = sentences[k][0]
            i = bisect.bisect_right(block_starts, pos) - 1
            block = document.blocks[i] if i >= 0 else None
            sentence_blocks[k] = block if block is not None and block.start <= pos <= block.end else None
        return sentence_blocks[k]

    def cue_score(h, signals: list[str]) -> float:
        score = 0.0
        for kind in SCORED:
            if h[kind]:
                w = cues.score(kind, h[kind])
                if kind == "no_prescription" and not h["commerce"] and not any(
                        x.lower().endswith(("needed", "required")) for x in h[kind]):
                    w /= 2  # "available without a prescription" is also how news reports an OTC switch
                score += w
                label = kind.replace("_", " ")
                signals.append(f"{label} ({', '.join(repr(x) for x in dict.fromkeys(h[kind]))})")
        return score

    def lead_of(ms: list[Mention]) -> DrugEntry:
        if len(ms) == 1:
            return ms[0].entry
        return max(ms, key=lambda m: (drug_weight(m.entry), bool(m.strength))).entry

    link_possible = document_has_link(document)
    positive_weight = {kind: max(0.0, cues.weights.get(kind, 0.0)) for kind in POSITIVE}

    links: dict[int, bool] = {}

    def shop_link(k: int) -> bool:
        """A link to a shop in sentence k (a maker's own site is not a shop)."""
        if k not in links:
            s, e = sentences[k]
            links[k] = any(SHOP_URL.search(u) for u in links_in(document, s, e))
        return links[k]

    def ceiling(k: int, ms: list[Mention]) -> float:
        """The most sentence k can score: every signal that is not ruled out cheaply counted in."""
        entry = lead_of(ms)
        bound = drug_weight(entry) + WEIGHTS["subject"] + WEIGHTS["commerce_near"]
        if any(m.strength for m in ms):
            bound += WEIGHTS["strength"]
        if link_possible:
            bound += WEIGHTS["link"]
        if entry.curated and entry.spam_risk == "high" and entry.kind == "brand" and len(
                per_ingredient.get(entry.ingredient, ())) >= 3:
            bound += WEIGHTS["repetition"]
        p = possible(k)
        kinds = [kind for kind in POSITIVE if p.get(kind)]
        bound += sum(positive_weight[kind] for kind in kinds)
        if bound >= THRESHOLDS["info"] and link_possible and not shop_link(k):
            bound -= WEIGHTS["link"]
        if bound >= THRESHOLDS["info"]:     # the cue kinds that add, found for real (kept for the score)
            h = hits(k)
            bound -= sum(positive_weight[kind] for kind in kinds if not h[kind])
        if bound < THRESHOLDS["info"] or len(per_ingredient.get(entry.ingredient, ())) > 2:
            return bound
        if bound + WEIGHTS["off_topic"] < THRESHOLDS["info"]:
            return bound + WEIGHTS["off_topic"]
        topic_canon, medication_topic = topic()
        names = {_key(m.entry.name) for m in ms} | {_key(entry.ingredient)}
        if not medication_topic and not any(n and n in topic_canon for n in names):
            bound += WEIGHTS["off_topic"]
        return bound

    def score_sentence(k: int, idx: list[int]) -> SentenceVerdict:
        s, e = sentences[k]
        ms = [mentions[i] for i in idx]
        entry = lead_of(ms)
        signals: list[str] = []
        score = drug_weight(entry)
        if entry.curated and entry.spam_risk == "high" and entry.kind == "brand":
            signals.append("an export brand typical of pharmacy spam")
        if entry.kind == "alias":
            signals.append(f"{entry.name}: a brand name the article gives {entry.ingredient}")
        if any(m.strength for m in ms):
            score += WEIGHTS["strength"]
            signals.append(f"strength next to the name ('{next(m.strength for m in ms if m.strength)}')")
        h = hits(k)
        score += cue_score(h, signals)
        subject_at = len(signals)   # where the subject signal goes, once known (see resolve_subject)
        block = block_of(k)
        shop_nearby = False   # shop talk in a neighbouring sentence, or a shop link in this one
        if not (h["commerce"] or h["no_prescription"]) and block is not None:
            for j in range(max(0, k - 2), min(len(sentences), k + 3)):
                if j != k and block_of(j) is block and (hits(j)["commerce"] or hits(j)["no_prescription"]):
                    score += WEIGHTS["commerce_near"]
                    signals.append("shop talk in the same paragraph")
                    shop_nearby = True
                    break
        names = {_key(m.entry.name) for m in ms}
        if link_possible and shop_link(k):
            score += WEIGHTS["link"]
            signals.append("a link to a shop or pharmacy page")
            shop_nearby = True
        spam_brand = entry.curated and entry.spam_risk == "high" and entry.kind == "brand"
        if spam_brand and len(per_ingredient.get(entry.ingredient, ())) >= 3:
            score += WEIGHTS["repetition"]
            signals.append(f"{entry.ingredient} named in {len(per_ingredient[entry.ingredient])} sentences")
        if len(per_ingredient.get(entry.ingredient, ())) <= 2:
            # a drug named all through the article is its subject, not an intruder
            topic_canon, medication_topic = topic()
            named_in_topic = any(n and n in topic_canon for n in names | {_key(entry.ingredient)})
            if not medication_topic and not named_in_topic:
                score += WEIGHTS["off_topic"]
                signals.append("the article's opening is not about medicines")
        # a question ("Can I buy codeine without a prescription?") or a warning ("never buy it
        # online") names the selling words without selling: it carries no pitch of its own
        pitched = not text[s:e].rstrip().endswith("?") and not h["caution"] and (
            shop_nearby or any(h[kind] for kind in POSITIVE))
        v = SentenceVerdict(s, e, score, signals, ms, drug=entry, no_prescription=bool(h["no_prescription"]),
                            commerce=bool(h["commerce"] or h["no_prescription"]), shop=bool(h["commerce"]),
                            pitched=pitched)
        for i in idx:
            result.mention_scores[i] = score
        result.pending[id(v)] = (v, idx, subject_at)
        return v

    verdicts: dict[int, SentenceVerdict] = {}
    low: dict[int, list[int]] = {}      # sentences that cannot reach the hint threshold: scored later
    for k, idx in sorted(by_sentence.items()):
        if ceiling(k, [mentions[i] for i in idx]) < THRESHOLDS["info"]:
            low[k] = idx
        else:
            verdicts[k] = score_sentence(k, idx)

    def score_low() -> list[SentenceVerdict]:
        out = []
        for k, idx in low.items():
            v = verdicts[k] = score_sentence(k, idx)
            v.severity = _severity(v)
            out.append(v)
        low.clear()
        return out

    # The parse (is the drug the subject of an efficacy verb? +0.5) runs only where it can matter:
    # a sentence that reaches the hint threshold with it. The rest is resolved when asked for.
    for v in verdicts.values():
        if v.score + WEIGHTS["subject"] >= THRESHOLDS["info"]:
            result.resolve_subject(v)

    # Sentences that carry on about a promoted drug without naming it.
    promoted_heading: dict[int, SentenceVerdict] = {}
    for k, v in verdicts.items():
        block = block_of(k)
        if block is not None and block.kind in ("heading", "title") and v.score >= THRESHOLDS["info"]:
            promoted_heading[block.section] = v
    strong = any(v.score >= THRESHOLDS["warning"] and v.kind != "product" for v in verdicts.values())
    for k in range(len(sentences)) if strong or promoted_heading else ():
        if k in verdicts or k in low:
            continue
        block = block_of(k)
        if block is None:
            continue
        source = None
        for j in range(k - 1, max(-1, k - 4), -1):
            other = block_of(j)
            if other is not block:
                # "Both are in stock at our pharmacy." may open the paragraph after the pitch
                opens_block = j == k - 1 and other is not None and other.kind == "paragraph"
                if not (opens_block and cues.search("reference_start", text[sentences[k][0]:sentences[k][1]])):
                    break
            if j in verdicts and verdicts[j].score >= THRESHOLDS["warning"] and verdicts[j].kind != "product":
                source = verdicts[j]
                break
        if source is None:
            source = promoted_heading.get(block.section)
        if source is None:
            continue
        s, e = sentences[k]
        h = hits(k)
        refers = cues.search("reference", text[s:e])
        if not (refers or h["commerce"] or h["no_prescription"]):
            continue
        signals: list[str] = []
        score = cue_score(h, signals)
        if score <= 0 or not (h["efficacy"] or h["endorsement"] or h["commerce"] or h["no_prescription"]):
            continue
        score += drug_weight(source.drug) + WEIGHTS["carried"]
        signals.insert(0, f"goes on about {source.drug.name} from the sentence before")
        verdicts[k] = SentenceVerdict(s, e, score, signals, [], kind="continuation", drug=source.drug,
                                      no_prescription=bool(h["no_prescription"]),
                                      commerce=bool(h["commerce"] or h["no_prescription"]), shop=bool(h["commerce"]))

    if any(v.pitched and v.score >= THRESHOLDS["warning"] for v in verdicts.values()):
        for v in verdicts.values():     # one sentence selling in the article: its bare "Brand 10 mg" lines belong to the pitch
            v.pitched = True
    for v in verdicts.values():
        v.severity = _severity(v)

    warned = [v for v in verdicts.values() if v.severity in ("warning", "error")]
    drugs = {v.drug.ingredient for v in warned if v.drug}
    commerce = any(v.commerce for v in warned)
    repeated = any(len(ks) >= 3 for ks in per_ingredient.values())
    blocks = {id(block_of(k)) for k, v in verdicts.items() if v in warned}
    if len(warned) >= 5 or (len(warned) >= 3 and len(blocks) >= 2 and (commerce or len(drugs) >= 2 or repeated)):
        result.promotional = True
        result.reasons = [f"{len(warned)} promotional sentences in {len(blocks)} paragraphs"]
        if len(drugs) >= 2:
            result.reasons.append(f"{len(drugs)} different drugs pushed ({', '.join(sorted(drugs))})")
        if commerce:
            result.reasons.append("buying/ordering cues")
        if repeated:
            result.reasons.append("the same drug named again and again")
        score_low()
        _sales_page(text, sentences, verdicts, hits, cue_score, block_of, result.resolve_subject)
    result.scored = [verdicts[k] for k in sorted(verdicts)]
    result.deferred = score_low if low else None
    result.score = sum(v.score for v in result.scored if v.severity in ("warning", "error"))
    return result


def _sales_page(text, sentences, verdicts, hits, cue_score, block_of, resolve_subject) -> None:
    """In a sales page every drug-naming sentence and listicle heading weighs more, and sentences
    pushing a generic product ("a smart pill can give you the edge") count too."""
    cues = load_cues()
    for k, v in verdicts.items():
        if v.kind == "mention" and v.severity not in ("warning", "error") and not (hits(k)["neutral"] or hits(k)["caution"]):
            resolve_subject(v)
            v.score += WEIGHTS["sales_page"]
            v.signals.append("the article reads as a sales page")
            v.severity = _severity(v)
    for k in range(len(sentences)):
        if k in verdicts:
            continue
        s, e = sentences[k]
        if not cues.search("product", text[s:e]):
            continue
        h = hits(k)
        block = block_of(k)
        if block is not None and block.kind != "paragraph" and not (h["commerce"] or h["no_prescription"]):
            continue  # a "Best pills of 2024" heading or related-posts link needs shop talk to count
        signals: list[str] = []
        score = cue_score(h, signals)
        if h["neutral"] or h["caution"] or score < 1.5:
            continue
        v = SentenceVerdict(s, e, score + WEIGHTS["product"], ["the article reads as a sales page", *signals], [],
                            kind="product", commerce=bool(h["commerce"] or h["no_prescription"]), shop=bool(h["commerce"]),
                            no_prescription=bool(h["no_prescription"]))
        v.severity = _severity(v)
        verdicts[k] = v


def _severity(v: SentenceVerdict) -> str | None:
    # a name, a dose and an off-topic opening, with no selling cue at all, reads as a personal
    # account ("I was taking Ambien 10 mg every night") as often as a pitch: a hint at most
    if v.score >= THRESHOLDS["warning"] and v.pitched:
        if v.no_prescription and v.shop and v.drug is not None and v.drug.regulated:
            return "error"
        return "warning"
    if v.score >= THRESHOLDS["info"]:
        return "info"
    return None
