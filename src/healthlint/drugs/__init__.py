"""Drug names and drug promotion (rule family HL4xx, category ``drug-promotion``).

lexicon    drugs.tsv + pharmacy_brands.yaml -> keys for the matcher
normalise  the folded text the matcher runs on, with its offset map
matcher    one Aho-Corasick pass: drug mentions with their strengths
signals    promotion / neutral cue phrases (rules/lexicons/promotion_cues.yaml)
context    sentences, the article's opening, links, the drug as subject of an efficacy verb
analysis   per-sentence promotion scores and the document verdict, cached in
           ``document.cache["drugs"]`` (see ``analysis`` for the record's shape)
"""
from .analysis import DrugAnalysis, analyse

__all__ = ["DrugAnalysis", "analyse"]
