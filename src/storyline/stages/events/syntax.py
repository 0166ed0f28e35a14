"""Dependency trees from spaCy (English) and natasha (Russian) in one shape, so that one set of
event rules reads both.

The shape is Universal Dependencies as natasha gives it: a preposition is a ``case`` child of
its noun, and the noun is an ``obl`` (of a verb) or ``nmod`` (of a noun). spaCy's English
labels are mapped onto it: ``dobj`` → ``obj``, ``prep``+``pobj`` → the noun as ``obl``/``nmod``
with ``case`` set, ``agent``+``pobj`` → ``obl`` with case 'by', ``nsubjpass`` → ``nsubj:pass``.
Offsets are into the article's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from storyline.models import natasha_russian, spacy_english_full


@dataclass(slots=True)
class Tok:
    i: int  # index in the sentence
    start: int
    end: int
    text: str
    lemma: str
    pos: str  # UD: VERB, NOUN, PROPN, AUX, ADP, …
    dep: str  # UD relation to the head
    head: int  # index of the head; -1 for the root
    case: str | None = None  # the preposition(s) of a noun: 'with', 'в', 'according to'
    feats: dict[str, str] = field(default_factory=dict)
    children: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    tokens: list[Tok]

    def kids(self, tok: Tok, *deps: str) -> Iterator[Tok]:
        for c in tok.children:
            child = self.tokens[c]
            if not deps or child.dep in deps or child.dep.split(":")[0] in deps:
                yield child

    def span(self, tok: Tok) -> tuple[int, int]:
        """The character span of ``tok``'s subtree."""
        lo, hi = tok.start, tok.end
        for node in self.subtree(tok):
            lo, hi = min(lo, node.start), max(hi, node.end)
        return lo, hi

    def subtree(self, tok: Tok) -> list[Tok]:
        """``tok`` and everything under it (each token once, even if a parser made a cycle)."""
        seen = {tok.i}
        out = [tok]
        stack = list(tok.children)
        while stack:
            i = stack.pop()
            if i in seen:
                continue
            seen.add(i)
            out.append(self.tokens[i])
            stack.extend(self.tokens[i].children)
        return out

    def ancestors(self, tok: Tok) -> Iterator[Tok]:
        seen = 0
        while tok.head >= 0 and seen < 50:
            tok = self.tokens[tok.head]
            seen += 1
            yield tok


def _link(tokens: list[Tok]) -> None:
    for tok in tokens:
        if tok.head >= 0:
            tokens[tok.head].children.append(tok.i)


_SPACY_DEPS = {
    "dobj": "obj",
    "nsubjpass": "nsubj:pass",
    "auxpass": "aux:pass",
    "poss": "nmod:poss",
    "ROOT": "root",
}


def parse_english(spans: Iterable[tuple[int, int]], text: str) -> list[Sentence]:
    """Parse each ``(start, end)`` span of ``text`` as one sentence with spaCy's full model."""
    spans = list(spans)
    nlp = spacy_english_full()
    out: list[Sentence] = []
    with nlp.select_pipes(disable=[p for p in ("ner",) if p in nlp.pipe_names]):
        docs = nlp.pipe((text[s:e] for s, e in spans), batch_size=32)
        for (offset, end), doc in zip(spans, docs, strict=True):
            out.append(Sentence(offset, end, _from_spacy(doc, offset)))
    return out


def _from_spacy(doc: Any, offset: int) -> list[Tok]:
    tokens = [
        Tok(
            t.i,
            offset + t.idx,
            offset + t.idx + len(t.text),
            t.text,
            t.lemma_.lower(),
            t.pos_,
            _SPACY_DEPS.get(t.dep_, t.dep_),
            -1 if t.head.i == t.i else t.head.i,
            feats={"Tense": ",".join(t.morph.get("Tense"))} if t.morph.get("Tense") else {},
        )
        for t in doc
    ]
    # prep/agent + pobj → the object noun hangs from the prep's head, the prep becomes its case
    for tok in tokens:
        if tok.dep in ("pobj", "pcomp") and tok.head >= 0:
            prep = tokens[tok.head]
            if prep.dep in ("prep", "agent") and prep.head >= 0:
                tok.case = "by" if prep.dep == "agent" else prep.text.lower()
                if prep.head >= 0 and tokens[prep.head].dep == "prep":  # according → to → X
                    outer = tokens[prep.head]
                    tok.case = f"{outer.text.lower()} {tok.case}"
                    prep = outer
                head = tokens[prep.head]
                tok.head = head.i
                tok.dep = "obl" if head.pos in ("VERB", "AUX") else "nmod"
    return _relinked(tokens)


def _relinked(tokens: list[Tok]) -> list[Tok]:
    for tok in tokens:
        tok.children.clear()
    _link(tokens)
    return tokens


def parse_russian(spans: Iterable[tuple[int, int]], text: str) -> list[Sentence]:
    """Parse each span of ``text`` as one sentence with natasha (morphology, syntax, lemmas).

    All sentences of a call go through the morphology and syntax models as one batch, as
    natasha's own ``Doc`` does for the sentences of a text."""
    from razdel import tokenize

    _, vocab, morph, syntax, _ = natasha_russian()
    spans = list(spans)
    tokenised = [list(tokenize(text[start:end])) for start, end in spans]
    words = [[t.text for t in tokens] for tokens in tokenised]
    out: list[Sentence] = []
    morphs = morph.map(words) if words else []
    trees = syntax.map(words) if words else []
    for (start, end), raw, tagged, tree in zip(spans, tokenised, morphs, trees, strict=True):
        tokens: list[Tok] = []
        index = {t.id: i for i, t in enumerate(tree.tokens)}
        for i, (r, m) in enumerate(zip(raw, tagged.tokens, strict=True)):
            tokens.append(
                Tok(
                    i,
                    start + r.start,
                    start + r.stop,
                    r.text,
                    _russian_lemma(vocab, r.text, m.pos, m.feats),
                    m.pos or "",
                    "",
                    -1,
                    feats=dict(m.feats or {}),
                )
            )
        for tok, node in zip(tokens, tree.tokens, strict=True):
            tok.dep = node.rel or ""
            tok.head = index.get(node.head_id, -1)
            if tok.head == tok.i:
                tok.head = -1
        _link(tokens)
        for tok in tokens:
            cases = [tokens[c].text.lower() for c in tok.children if tokens[c].dep == "case"]
            if cases:
                tok.case = " ".join(cases)
        out.append(Sentence(start, end, tokens))
    return out


_LEMMAS: dict[tuple[str, str, tuple[tuple[str, str], ...]], str] = {}
_LEMMA_CACHE_MAX = 200_000


def _russian_lemma(vocab: Any, word: str, pos: str, feats: dict[str, str] | None) -> str:
    """natasha's lemma for a tagged word, remembered: news repeats its words."""
    key = (word, pos, tuple(sorted((feats or {}).items())))
    lemma = _LEMMAS.get(key)
    if lemma is None:
        if len(_LEMMAS) > _LEMMA_CACHE_MAX:
            _LEMMAS.clear()
        lemma = (vocab.lemmatize(word, pos, feats or {}) or word).lower()
        _LEMMAS[key] = lemma
    return lemma
