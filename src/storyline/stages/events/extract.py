"""Events from one parsed sentence: trigger, participants, place, date, counts, attribution,
modality. The rules read the shared dependency shape of ``syntax.py``, so English and Russian
go through the same code; only the word tables differ.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from storyline.document import (
    Argument,
    Attribution,
    Count,
    DateMention,
    Document,
    EntityMention,
    Event,
    NumberMention,
)
from storyline.stages.events import lexicon as L
from storyline.stages.events.modality import modality
from storyline.stages.events.russian import attributions
from storyline.stages.events.syntax import Sentence, Tok
from storyline.stages.events.triggers import NOMINAL as _NOMINAL
from storyline.stages.events.triggers import VERBAL as _VERBAL
from storyline.stages.events.triggers import Found, triggers
from storyline.stages.words import words

_TARGET_CASES = words("with against to toward towards с со против к ко")
# 'attack on', 'напали на', 'call on': only some events take their target with 'on'.
_ON_TYPES = words("ASSAULT FIGHT ACCUSE SANCTION THREATEN COERCE DEMAND MOBILIZE")
_ON_CASES = words("on upon at на по")
# Branches that do not name a participant: where from, where, along what.
_NOT_PARTICIPANT_CASES = words(
    "from in at near along across inside outside into during after before over under "
    "since из в во около вдоль через после до во время при"
)
# Events whose object may be a plain noun phrase ('clash with militants', 'provides its
# neighbour'); for the others an unnamed object ('exchanged views') is not a participant.
_PHRASE_TARGET_TYPES = words("ASSAULT FIGHT COERCE AID THREATEN")
_PLACE_CASES = words("in at near outside inside в во около под у")
_PRONOUNS = words("he she him her он она его ее её ему ей им ним ней")
_ACTOR_TYPES = ("PER", "ORG", "LOC", "NORP")
_FUNDED = re.compile(
    r"\b(?:at the expense of|funded by|financed by|paid for by|with the (?:financial )?support of"
    r"|за сч[её]т|при (?:финансовой )?поддержке)\s+(?P<who>[^,.;]+)",
    re.IGNORECASE,
)
_ACCORDING = re.compile(
    r"\b(?:according to|citing|as reported by)\s+(?P<who>[^,.;:]+)", re.IGNORECASE
)
_HERE = words("here здесь")


@dataclass(slots=True)
class Layers:
    """The document's layers an extraction reads, looked up by offset."""

    doc: Document
    lang: str

    def mentions_in(self, start: int, end: int) -> list[EntityMention]:
        return [m for m in self.doc.entities if start <= m.start and m.end <= end]

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        return [d for d in self.doc.dates if start <= d.start and d.end <= end]

    def numbers_in(self, start: int, end: int) -> list[NumberMention]:
        return [n for n in self.doc.numbers if start <= n.start and n.end <= end]


class Extractor:
    """Builds events from triggers over one document's layers."""

    def __init__(self, layers: Layers) -> None:
        self.layers = layers
        self.doc = layers.doc

    def events(self, sent: Sentence, method: str) -> list[Event]:
        out = []
        names = [
            (m.start, m.end)
            for m in self.layers.mentions_in(sent.start, sent.end)
            if m.type in ("ORG", "PER") and m.end - m.start > 3
        ]
        for found in triggers(sent, self.layers.lang, names):
            event = self._event(sent, found, method)
            if event is not None:
                out.append(event)
        return out

    def _event(self, sent: Sentence, found: Found, method: str) -> Event | None:
        t, g = found.trigger, found.predicate
        event = Event(
            type=found.type,
            cameo=L.CAMEO_ROOT[found.type],
            start=sent.start,
            end=sent.end,
            trigger_start=t.start,
            trigger_end=t.end,
            trigger=self.doc.text[t.start : t.end],
            method=method,
        )
        event.actors = self._actors(sent, t, g)
        event.targets = [a for a in self._targets(sent, t, g, found.type) if a not in event.actors]
        if found.type == "OTHER":
            self._funded(sent, event)
            if event.type == "OTHER" and t.lemma in L.BUILD:
                return None  # 'build relationships': building is an event here only as aid
        if found.type == "ASSAULT" and any(_military(a.text) for a in event.targets):
            event.type, event.cameo = "FIGHT", L.CAMEO_ROOT["FIGHT"]
        event.place = self._place(sent, t, g, event)
        if found.type == "CONSULT":  # 'посетил Душанбе': the city visited is the place
            cities = [a for a in event.targets if a.type == "LOC" and not _is_country(self.doc, a)]
            if cities and event.place is None:
                event.place = cities[0]
            event.targets = [a for a in event.targets if a not in cities]
        if not event.actors and g.pos in _VERBAL and any(sent.kids(g, "nsubj:pass")):
            event.actors = self._owner(sent, next(iter(sent.kids(g, "nsubj:pass"))))
        self._date(sent, g, event)
        event.counts = list(self._counts(sent))
        self._attribution(sent, t, event)
        event.modality = modality(sent, t)
        return event

    # -- participants ------------------------------------------------------------------------

    def _actors(self, sent: Sentence, t: Tok, g: Tok) -> list[Argument]:
        subjects = list(sent.kids(g, "nsubj")) if g.dep != "nsubj:pass" else []
        subjects = [s for s in subjects if s.dep != "nsubj:pass"]
        agents = [k for k in sent.kids(g, "obl", "nmod") if k.case == "by"]
        if not subjects and not agents and g.pos in _VERBAL:
            for up in sent.ancestors(g):  # 'Russia intends to provide …': the planner's subject
                if g.dep in ("xcomp", "conj", "advcl") or up.lemma in L.PLANNING:
                    subjects = [s for s in sent.kids(up, "nsubj") if s.dep == "nsubj"]
                    if subjects or up.dep not in ("xcomp", "conj"):
                        break
                else:
                    break
        if t.pos in _NOMINAL and g is t:
            # 'the meeting of the secretaries', 'meeting between X and Y', "Russia's attack"
            subjects += [
                k
                for k in sent.kids(t, "nmod", "amod", "compound")
                if k.case in (None, "of", "between", "among", "между") or k.dep == "nmod:poss"
            ]
            subjects = [s for s in subjects if (s.case or "") not in _PLACE_CASES]
        out: list[Argument] = []
        for tok in [*subjects, *agents]:
            # a noun's own modifiers ('a working meeting') are no participants unless named
            out.extend(
                self._arguments(sent, tok, phrase=tok.dep.startswith("nsubj") or tok.case == "by")
            )
        return _unique(out)

    def _targets(self, sent: Sentence, t: Tok, g: Tok, event_type: str) -> list[Argument]:
        if event_type == "STATEMENT":
            return []  # what was said is not a participant
        cases = _TARGET_CASES | (_ON_CASES if event_type in _ON_TYPES else frozenset())
        picks: list[Tok] = []
        heads = list({g.i: g, t.i: t}.values())
        # one level down too: 'met in Dushanbe with the minister' may hang 'with' off Dushanbe
        heads += [
            k
            for h in heads
            for k in sent.kids(h, "obl")
            if k is not t
            and (k.case or "").split()[-1:]
            and (k.case or "").split()[-1] in _PLACE_CASES
        ]
        # 'открыли огонь по наряду': the target hangs off the fire
        heads += [k for k in sent.kids(g, "obj") if k.lemma in L.FIRE_OBJECTS]
        for head in heads:
            for k in sent.kids(head, "obj", "iobj", "obl", "nmod"):
                if k is t or k in picks or k.lemma in L.FIRE_OBJECTS:
                    continue
                last = (k.case or "").split()[-1:]
                if "according" in (k.case or ""):
                    continue
                if (k.dep in ("obj", "iobj") and head in (t, g)) or (last and last[0] in cases):
                    if event_type in ("AID", "SUPPORT") and k.case in ("with", "с"):
                        continue  # 'provides its neighbour with food': the aid, not a party
                    picks.append(k)
        out: list[Argument] = []
        for tok in picks:
            if tok.dep == "obj" and event_type not in _PHRASE_TARGET_TYPES:
                # 'discussed issues of cooperation within the CSTO': the topic, not a party
                out.extend(
                    _argument(m) for m in self._core_mentions(sent, tok) if m.type in ("PER", "ORG")
                )
                continue
            phrase = event_type in _PHRASE_TARGET_TYPES
            if event_type == "AID" and tok.dep == "obj":
                # 'provide arms to X': the aid; 'provides its neighbour with food': the recipient
                phrase = any(k.case in ("with", "с") for k in sent.kids(g, "obl"))
            out.extend(self._arguments(sent, tok, phrase=phrase))
        return _unique(out)

    def _core_mentions(self, sent: Sentence, tok: Tok) -> list[EntityMention]:
        """Names of the phrase itself: the head with its flat, appositive and conjoined parts."""
        core = ("flat", "appos", "compound", "conj")
        return self._mentions_over(sent, tok, lambda child: child.dep.split(":")[0] in core)

    def _arguments(self, sent: Sentence, tok: Tok, *, phrase: bool = True) -> list[Argument]:
        """The participants a phrase names: its people, else organisations, else countries.

        Names in branches that say where or whence ('militants from Afghanistan') are not
        participants. A phrase with no name stands as itself ('militants') when ``phrase``.
        """
        if tok.lemma in _PRONOUNS or tok.text.lower() in _PRONOUNS:
            antecedent = self._antecedent(sent.start)
            return [antecedent] if antecedent else [Argument(tok.start, tok.end, tok.text)]
        mentions = self._mentions_under(sent, tok)
        for wanted in ("PER", "ORG", "LOC", "NORP"):
            chosen = [m for m in mentions if m.type == wanted]
            if wanted == "LOC":
                chosen = [m for m in chosen if m.subtype in (None, "country", "international")]
            if chosen:
                return [_argument(m) for m in chosen]
        if tok.lemma in L.GENERIC_PARTIES or tok.text.lower() in L.GENERIC_PARTIES:
            lo, hi = _phrase(sent, tok)
            return [Argument(lo, hi, self.doc.text[lo:hi], type="GENERIC")]
        if phrase and tok.pos in _NOMINAL:
            lo, hi = _phrase(sent, tok)
            # 'militants', 'боевиками': a named kind of group, the same in every language
            group = L.GROUPS.get(tok.lemma) or L.GROUPS.get(tok.text.lower())
            return [Argument(lo, hi, self.doc.text[lo:hi], canonical=group)]
        return []

    def _mentions_under(self, sent: Sentence, tok: Tok) -> list[EntityMention]:
        """Names anywhere under the phrase, except in clauses and in where/whence branches."""

        def participant_branch(child: Tok) -> bool:
            last = (child.case or "").split()[-1:]
            if last and last[0] in _NOT_PARTICIPANT_CASES:
                return False
            return child.dep not in ("acl", "relcl", "acl:relcl", "advcl", "ccomp")

        return self._mentions_over(sent, tok, participant_branch)

    def _mentions_over(
        self, sent: Sentence, tok: Tok, follow: Callable[[Tok], bool]
    ) -> list[EntityMention]:
        """Mentions overlapping ``tok`` or the children reached through ``follow``."""
        spans: list[tuple[int, int]] = []
        stack = [tok]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if node.i in seen:
                continue
            seen.add(node.i)
            spans.append((node.start, node.end))
            stack.extend(sent.tokens[c] for c in node.children if follow(sent.tokens[c]))
        return [
            m
            for m in self.layers.mentions_in(sent.start, sent.end)
            if any(m.start < e and s < m.end for s, e in spans)
        ]

    def _source(self, sent: Sentence, subject: Tok, cue: str) -> Attribution:
        """The speaker: the subject phrase as written, with the person or organisation in it."""
        if subject.lemma in _PRONOUNS or subject.text.lower() in _PRONOUNS:
            antecedent = self._antecedent(sent.start)
            if antecedent is not None:
                a = antecedent
                return Attribution(a.start, a.end, a.text, cue, a.entity_id, a.canonical)
        lo, hi = sent.span(subject)
        named = [m for m in self._mentions_under(sent, subject) if m.type in ("PER", "ORG")]
        if named and hi - lo > 80:
            m = named[0]
            return Attribution(m.start, m.end, m.text, cue, m.entity_id, m.canonical)
        m0 = named[0] if named else None
        return Attribution(
            lo,
            hi,
            self.doc.text[lo:hi],
            cue,
            m0.entity_id if m0 else None,
            m0.canonical if m0 else None,
        )

    def _owner(self, sent: Sentence, subject: Tok) -> list[Argument]:
        """'Эта программа была утверждена': no agent, but the programme is the CSTO's.

        The organisation named with the subject ('the CSTO programme'), or with the same noun
        where the previous sentence introduced it ('программы ОДКБ' before 'Эта программа')."""
        own = [m for m in self._mentions_under(sent, subject) if m.type == "ORG"]
        if own:
            return [_argument(m) for m in own]
        if not any(
            k.lemma in ("this", "that", "these", "этот", "тот", "данный")
            for k in sent.kids(subject, "det")
        ):
            return []
        stem = subject.lemma[: max(4, len(subject.lemma) - 3)]
        before = self.doc.text.rfind(stem, max(0, sent.start - 600), sent.start)
        if before < 0:
            return []
        window = [m for m in self.layers.mentions_in(before, before + 80) if m.type == "ORG"]
        return [_argument(window[0])] if window else []

    def _antecedent(self, before: int) -> Argument | None:
        people = [m for m in self.doc.entities if m.end <= before and m.type == "PER"]
        return _argument(people[-1]) if people else None

    def _funded(self, sent: Sentence, event: Event) -> None:
        """'built … at the expense of the Russian government': aid, given by the payer."""
        match = _FUNDED.search(self.doc.text, sent.start, sent.end)
        if not match:
            return
        start, end = match.span("who")
        payer = [m for m in self.layers.mentions_in(start, end) if m.type in _ACTOR_TYPES]
        event.type, event.cameo = "AID", L.CAMEO_ROOT["AID"]
        event.actors = [_argument(m) for m in payer] or [
            Argument(start, end, self.doc.text[start:end].strip())
        ]

    # -- place, date, counts ---------------------------------------------------------------

    def _place(self, sent: Sentence, t: Tok, g: Tok, event: Event) -> Argument | None:
        taken = {(a.start, a.end) for a in [*event.actors, *event.targets]}
        if event.type == "CONSULT":  # 'посетил Душанбе', 'visited Dushanbe'
            for k in sent.kids(g, "obj"):
                for m in self._core_mentions(sent, k):
                    if m.type == "LOC" and m.subtype != "country":
                        return _argument(m)
        heads = [t, g]
        heads += [k for h in (t, g) for k in sent.kids(h, "obl") if k is not t]
        for head in heads:
            for k in sent.kids(head, "obl", "nmod", "advmod"):
                if k.lemma in _HERE:
                    return self._here()
                if (k.case or "").split()[-1:] and (k.case or "").split()[-1] in _PLACE_CASES:
                    places = [
                        m
                        for m in self.layers.mentions_in(sent.start, sent.end)
                        if m.type == "LOC"
                        and m.start < k.end
                        and k.start < m.end  # the place is the phrase's head, not a modifier
                        and (m.start, m.end) not in taken
                    ]
                    if places:
                        return _argument(places[0])
        return None

    def _here(self) -> Argument | None:
        """'met here': the dateline's place, else a place the headline names with 'in'."""
        meta = self.doc.meta
        if meta.dateline and meta.dateline.place:
            d = meta.dateline
            return Argument(d.start, d.start + len(d.place or ""), d.place or "", type="LOC")
        title = meta.title or ""
        match = re.search(r"\b(?:in|в)\s+([A-ZА-ЯЁ][\w-]+)", title)
        if match:
            return Argument(-1, -1, match.group(1), type="LOC")  # from the title: no text span
        return None

    def _date(self, sent: Sentence, g: Tok, event: Event) -> None:
        dates = self.layers.dates_in(sent.start, sent.end)
        if not dates:
            event.date_reason = "the sentence gives no date"
            return
        inside = self._dates_under(sent, g, dates)
        if not inside and g.pos in _NOMINAL:
            # the clause's verb dates a noun: 'On 25 December, the committee confirmed an armed
            # clash'; 'in December, two attacks … led to five fatalities'
            for verb in (a for a in sent.ancestors(g) if a.pos in _VERBAL):
                inside = self._dates_under(sent, verb, dates)
                if inside or verb.lemma in L.REPORTING:
                    break  # a date above the reporting verb dates the report
        if event.type != "AGREE":
            inside = [d for d in inside if not (d.value or "").startswith("../")]  # 'until 2025'
        if not inside:
            event.date_reason = "no date in the clause that reports it"
            return
        best = min(inside, key=lambda d: abs(d.start - event.trigger_start))
        event.date, event.date_grain = best.value, best.grain
        event.date_start, event.date_end = best.start, best.end
        if best.value is None:
            event.date_reason = f"{best.text!r} has no value: {best.reason}"

    def _dates_under(self, sent: Sentence, tok: Tok, dates: list[DateMention]) -> list[DateMention]:
        lo, hi = sent.span(tok)
        return [d for d in dates if lo <= d.start and d.end <= hi]

    def _counts(self, sent: Sentence) -> Iterator[Count]:
        verbs = {t.i: L.CASUALTY_VERBS[t.lemma] for t in sent.tokens if t.lemma in L.CASUALTY_VERBS}
        for number in self.layers.numbers_in(sent.start, sent.end):
            if number.value is None:
                continue
            unit = (number.unit or "").lower()
            kind = L.CASUALTY_NOUNS.get(unit)
            side = number.modifier
            if kind is None and verbs:
                near = [t for t in sent.tokens if t.i in verbs and abs(t.start - number.start) < 60]
                if near and unit and unit not in ("attacks", "times", "%"):
                    kind = verbs[near[0].i]
                    side = _side(number, self.layers.lang)
            if kind is None:
                continue
            yield Count(kind, int(number.value), side, number.start, number.end, number.approximate)

    # -- who says so -------------------------------------------------------------------------

    def _attribution(self, sent: Sentence, t: Tok, event: Event) -> None:
        below = t
        for up in sent.ancestors(t):
            if (up.lemma in L.REPORTING or up.lemma in L.DENYING) and below.dep in _COMPLEMENTS:
                sources = [s for s in sent.kids(up) if s.dep == "nsubj"]
                if sources and sources[0].i != t.i:
                    event.attribution = self._source(sent, sources[0], up.lemma)
                    event.claim = True
                    return
            below = up
        source = self._source_phrase(sent)
        if source is None:
            return
        cue, start, end = source
        mentions = [m for m in self.layers.mentions_in(start, end) if m.type in ("PER", "ORG")]
        if mentions:
            m = mentions[-1] if mentions[-1].type == "ORG" else mentions[0]
            event.attribution = Attribution(m.start, m.end, m.text, cue, m.entity_id, m.canonical)
        else:
            event.attribution = Attribution(start, end, self.doc.text[start:end], cue)
        event.claim = True

    def _source_phrase(self, sent: Sentence) -> tuple[str, int, int] | None:
        """'according to X' (a pattern), 'по данным X' (yargy rules, any inflection)."""
        if self.layers.lang == "ru":
            found = attributions(self.doc.text, sent.start, sent.end)
            return found[0] if found else None
        match = _ACCORDING.search(self.doc.text, sent.start, sent.end)
        if not match:
            return None
        start, end = match.span("who")
        text = self.doc.text[start:end]
        end = start + len(text.rstrip())
        return self.doc.text[match.start() : start].strip(), start, end


_COMPLEMENTS = words("ccomp obj parataxis xcomp conj root")


def _argument(m: EntityMention) -> Argument:
    return Argument(m.start, m.end, m.text, m.entity_id, m.canonical or m.text, m.type)


def _unique(args: Iterable[Argument]) -> list[Argument]:
    seen: set[tuple[int, int]] = set()
    out = []
    for a in args:
        if (a.start, a.end) not in seen:
            seen.add((a.start, a.end))
            out.append(a)
    return out


def _phrase(sent: Sentence, tok: Tok) -> tuple[int, int]:
    """The noun with its adjectives and compounds: 'border guards', 'the militants'."""
    lo, hi = tok.start, tok.end
    for k in sent.kids(tok, "amod", "compound", "det", "nummod", "flat"):
        lo, hi = min(lo, k.start), max(hi, k.end)
    return lo, hi


def _is_country(doc: Document, arg: Argument) -> bool:
    mention = next((m for m in doc.entities if (m.start, m.end) == (arg.start, arg.end)), None)
    return mention is not None and mention.subtype == "country"


def _military(text: str) -> bool:
    """'soldiers', 'a border post', 'пограничную заставу': the target is armed."""
    words_ = re.findall(r"\w+", text.lower())
    if any(w in L.MILITARY_TARGETS for w in words_):
        return True
    if not any("а" <= c <= "я" for w in words_ for c in w):
        return False
    from storyline.models import russian_morphology

    morph = russian_morphology()
    return any(morph.parse(w)[0].normal_form in L.MILITARY_TARGETS for w in words_)


def _side(number: NumberMention, lang: str) -> str | None:
    """'three insurgents were killed' → insurgent; 'погибли двое пограничников' → пограничник."""
    if not number.unit:
        return number.modifier
    unit = number.unit
    if lang == "ru":
        from storyline.models import russian_morphology

        unit = russian_morphology().parse(unit)[0].normal_form
    elif unit.endswith("s") and len(unit) > 3:
        unit = unit[:-1]
    return f"{number.modifier} {unit}" if number.modifier else unit
