"""Cross-document near-duplicate paragraphs with MinHash LSH (datasketch).

Streaming leader clustering: each paragraph's MinHash is queried against the LSH index of the
cluster *leaders* seen so far; a match (verified by the estimated Jaccard) joins that cluster —
or merges several — and only an unmatched paragraph is inserted as a new leader. Buckets hold
leaders only, so a boilerplate paragraph copied into 100,000 pages costs 100,000 lookups, not
100,000² comparisons: near-linear in the number of paragraphs. Memory: one small integer per
paragraph and one MinHash per leader; representative texts are fetched in a second pass.
"""
from __future__ import annotations

import base64
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np


@dataclass
class Cluster:
    root: int
    docs: list[int] = field(default_factory=list)      # distinct document ordinals
    paragraphs: int = 0
    text: str = ""


@dataclass
class CrossDup:
    clusters: list[Cluster]
    copied_share: dict[int, float]                      # ordinal -> share of its paragraphs in clusters
    paragraphs: int = 0
    documents: int = 0


class _UnionFind:
    def __init__(self):
        self.parent = array("q")

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)   # the earliest paragraph stays the representative


def _decode(hv: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(hv), dtype="<u8").astype(np.uint64)


def find_duplicates(sketches: Callable[[], Iterable[dict]], keep: Callable[[int], bool] = lambda n: True,
                    threshold: float = 0.7, num_perm: int = 64, min_docs: int = 2) -> CrossDup:
    """``sketches()`` yields worker sketches ({"n", "paragraphs": [[b64 minhash, words, text], ...]}); it is
    called twice (clustering, then representative texts). Only documents with ``keep(n)`` count.
    The result depends on the order of the sketches (leaders, representatives, ties in the cluster
    order): give them in input order (``resume.iter_jsonl_by_n``) for the same result on every run."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    uf = _UnionFind()
    owner = array("q")          # paragraph index -> document ordinal
    leaders: dict[int, np.ndarray] = {}
    per_doc = {}
    seen_docs: set[int] = set()
    for sketch in sketches():
        n = int(sketch["n"])
        if n in seen_docs or not keep(n):   # a resumed run may have written a sketch twice
            continue
        seen_docs.add(n)
        per_doc[n] = len(sketch["paragraphs"])
        for hv, _words, _text in sketch["paragraphs"]:
            values = _decode(hv)
            m = LeanMinHash(seed=7, hashvalues=values, scheme="affine32")
            k = uf.add()
            owner.append(n)
            matched = False
            for leader in lsh.query(m):
                if np.count_nonzero(leaders[leader] == values) / len(values) >= threshold:
                    uf.union(leader, k)
                    matched = True
            if not matched:
                lsh.insert(k, m)
                leaders[k] = values
    roots = np.fromiter((uf.find(k) for k in range(len(owner))), dtype=np.int64, count=len(owner))
    sizes = np.bincount(roots, minlength=len(owner)) if len(owner) else np.zeros(0, dtype=np.int64)
    members: dict[int, set[int]] = defaultdict(set)
    for k in np.nonzero(sizes[roots] > 1)[0] if len(owner) else ():
        members[int(roots[k])].add(owner[k])
    clusters = {root: Cluster(root, sorted(docs), int(sizes[root])) for root, docs in members.items()
                if len(docs) >= min_docs}
    copied: dict[int, int] = defaultdict(int)
    for k in np.nonzero(np.isin(roots, np.fromiter(clusters, dtype=np.int64)))[0] if clusters else ():
        copied[owner[k]] += 1
    # second pass: the representative (earliest) paragraph's text
    k = 0
    done: set[int] = set()
    for sketch in sketches():
        n = int(sketch["n"])
        if n in done or n not in per_doc:
            continue
        done.add(n)
        for _hv, _words, text in sketch["paragraphs"]:
            if k in clusters:
                clusters[k].text = text
            k += 1
    ordered = sorted(clusters.values(), key=lambda c: (-len(c.docs), -c.paragraphs, c.root))
    share = {n: round(copied[n] / total, 3) for n, total in per_doc.items() if total}
    return CrossDup(ordered, share, paragraphs=len(owner), documents=len(per_doc))
