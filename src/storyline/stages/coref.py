"""coref.v1: mentions of one entity within an article grouped into clusters.

- A name the rules or the alias table typed gives its type to every mention of the same name
  (spaCy's 'Sodik Imom' ORG becomes PER once 'Minister Sodik Imom' was found).
- Surname echoes: a capitalised word close to a known person's surname is that person ('Imomi
  said', 'Zac met'), even where the model missed it.
- A surname alone joins the full name it ends (Rahmon → Emomali Rahmon); spelling variants of
  one surname join (Zas ~ Zac, Imom ~ Imomi, Grigarif ~ Grigariev); an acronym in brackets
  joins the name before it ('Collective Security Treaty Organization (CSTO)', '(ОДКБ)'); the
  same alias-table id joins.
Each merge is a union of mention indexes; the cluster number is the first mention's index.
"""

from __future__ import annotations

import re
from collections import Counter

from storyline.aliases import name_key
from storyline.document import Document, EntityMention
from storyline.names import romanise, similarity
from storyline.settings import Settings
from storyline.stages.pipeline import StageFn, stage

SURNAME_MIN = 0.9  # romanised Jaro-Winkler for two spellings of one surname
_TRUSTED_SOURCES = ("rule", "gazetteer", "model+table")
_WORD = re.compile(r"\b[A-ZА-ЯЁ][\w’'-]{2,}\b")


class _Clusters:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _name(m: EntityMention) -> str:
    return m.lemma or m.text


def retype(mentions: list[EntityMention]) -> None:
    trusted: dict[str, str] = {}
    for m in mentions:
        if m.source in _TRUSTED_SOURCES:
            trusted.setdefault(name_key(_name(m)), m.type)
    for m in mentions:
        m.type = trusted.get(name_key(_name(m)), m.type)


def surname_echoes(doc: Document) -> list[EntityMention]:
    """Capitalised words spelled like a person's surname in this article, not yet mentions."""
    surnames = {romanise(_name(m).split()[-1]) for m in doc.entities if m.type == "PER"}
    surnames.discard("")
    if not surnames:
        return []
    taken = [(m.start, m.end) for m in doc.entities]
    echoes = []
    for match in _WORD.finditer(doc.text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        roman = romanise(match.group())
        if any(similarity(roman, s) >= SURNAME_MIN and roman[:1] == s[:1] for s in surnames):
            echoes.append(
                EntityMention(
                    match.start(),
                    match.end(),
                    match.group(),
                    "PER",
                    lemma=match.group(),
                    source="surname-echo",
                )
            )
    return echoes


def cluster(doc: Document) -> None:
    mentions = doc.entities
    clusters = _Clusters(len(mentions))
    by_table: dict[str, int] = {}
    for i, m in enumerate(mentions):
        if m.entity_id:
            clusters.union(by_table.setdefault(m.entity_id, i), i)
    _join_acronyms(doc, clusters)
    people = [i for i, m in enumerate(mentions) if m.type == "PER"]
    full = [i for i in people if len(_name(mentions[i]).split()) > 1]
    for i in people:
        words = [romanise(w) for w in _name(mentions[i]).split()]
        for j in full:
            if i == j:
                continue
            other = [romanise(w) for w in _name(mentions[j]).split()]
            if similarity(words[-1], other[-1]) < SURNAME_MIN or words[-1][:1] != other[-1][:1]:
                continue
            if len(words) > 1 and words[0][:1] != other[0][:1]:
                continue  # two people of one family: different first names
            clusters.union(i, j)
    singles = [i for i in people if len(_name(mentions[i]).split()) == 1]
    for a in singles:
        for b in singles:
            ra, rb = romanise(_name(mentions[a])), romanise(_name(mentions[b]))
            if a < b and ra[:1] == rb[:1] and similarity(ra, rb) >= SURNAME_MIN:
                clusters.union(a, b)
    by_key: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        key = (m.type, name_key(_name(m)))
        clusters.union(by_key.setdefault(key, i), i)
    for i, m in enumerate(mentions):
        m.cluster = clusters.find(i)


def _join_acronyms(doc: Document, clusters: _Clusters) -> None:
    """'Long Name (ACR)': the acronym right after a name, in brackets, is that name."""
    mentions = doc.entities
    for i in range(1, len(mentions)):
        before, m = mentions[i - 1], mentions[i]
        between = doc.text[before.end : m.start]
        after = doc.text[m.end : m.end + 1]
        if (
            between.strip() == "("
            and after == ")"
            and m.text.isupper()
            and _initials_fit(before, m.text)
        ):
            clusters.union(i - 1, i)


def _initials_fit(name: EntityMention, acronym: str) -> bool:
    """The acronym's letters are initials of the name's words (in any script)."""
    initials = "".join(w[0] for w in _name(name).split() if w[:1].isupper() or len(w) > 3)
    letters = acronym.upper()
    return letters[:1] == initials[:1].upper() or letters in initials.upper()


def canonical_names(doc: Document) -> None:
    """Each cluster's name: the alias table's, else the longest person name, else the commonest."""
    groups: dict[int, list[EntityMention]] = {}
    for m in doc.entities:
        groups.setdefault(m.cluster if m.cluster is not None else -1, []).append(m)
    for members in groups.values():
        known = next((m for m in members if m.canonical), None)
        if known:
            name = known.canonical
        elif members[0].type == "PER":
            name = max((_name(m) for m in members), key=lambda n: (len(n.split()), len(n)))
        else:
            name = Counter(_name(m) for m in members).most_common(1)[0][0]
        table_id = known.entity_id if known else None
        for m in members:
            m.canonical = name
            m.entity_id = m.entity_id or table_id


@stage("coref.v1", requires=["text", "entities"], assigns=["entities"])
def coref_v1(settings: Settings) -> StageFn:
    """Mentions of one entity within the article grouped, with one canonical name per group."""

    def run(doc: Document) -> Document:
        retype(doc.entities)
        doc.entities = sorted(doc.entities + surname_echoes(doc), key=lambda m: m.start)
        cluster(doc)
        canonical_names(doc)
        return doc

    return run
