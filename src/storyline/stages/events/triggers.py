"""Which words of a parsed sentence name events: trigger lookup by lemma and part of speech,
weak words that need the right governor or object, light verbs that hand their subject to an
event noun, and pruning (a light verb yields to its noun; speech over an event is its source;
what was asked for did not happen).
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.stages.events import lexicon as L
from storyline.stages.events.syntax import Sentence, Tok

VERBAL = ("VERB", "AUX")
NOMINAL = ("NOUN", "PROPN")
_VERBAL, _NOMINAL = VERBAL, NOMINAL


@dataclass(slots=True)
class Found:
    trigger: Tok
    predicate: Tok  # the verb whose subject is the actor: the trigger, or a light verb over it
    type: str


def triggers(sent: Sentence, lang: str, names: list[tuple[int, int]] | None = None) -> list[Found]:
    verbs, nouns = (L.RU_VERBS, L.RU_NOUNS) if lang == "ru" else (L.EN_VERBS, L.EN_NOUNS)
    found: list[Found] = []
    for tok in sent.tokens:
        entry = None
        if names and any(s <= tok.start and tok.end <= e for s, e in names):
            continue  # 'Collective Security Treaty Organization' names no treaty
        if tok.pos in _VERBAL and (tok.dep == "amod" or tok.feats.get("VerbForm") == "Conv"):
            continue  # 'the elected government', 'проще говоря': no event of their own
        if (
            tok.pos in _NOMINAL
            and tok.dep in ("compound", "amod")
            and not (
                tok.head >= 0 and sent.tokens[tok.head].lemma in ("process", "round", "процесс")
            )
        ):
            continue  # 'combat potential': a modifier, not an event
        if (
            tok.pos in _VERBAL
            and tok.lemma in ("open", "открыть")
            and any(k.lemma in L.FIRE_OBJECTS for k in sent.kids(tok, "obj"))
        ):
            found.append(Found(tok, tok, "ASSAULT"))  # 'opened fire', 'открыли огонь'
            continue
        if tok.pos in _VERBAL and tok.lemma in verbs:
            entry = verbs[tok.lemma]
            if entry.weak and not _strong_use(sent, tok, entry.type):
                entry = None
        elif tok.pos in _NOMINAL and (tok.lemma in nouns or tok.text.lower() in nouns):
            entry = nouns.get(tok.lemma) or nouns[tok.text.lower()]
            if tok.lemma == "call" and not any(
                k.lemma in ("phone", "telephone") or k.case == "with" for k in sent.kids(tok)
            ):
                entry = None  # 'the call for assistance' is no telephone conversation
            elif entry.weak and not _governed(sent, tok):
                entry = None
            elif tok.lemma in ("strike", "strikes") and (
                tok.case == "on"
                or any(k.lemma in ("hunger", "general", "labour", "labor") for k in sent.kids(tok))
            ):
                entry = L.Trigger("PROTEST")  # 'went on strike', 'a hunger strike'
            if (
                entry is not None
                and entry.type == "PROTEST"
                and tok.head >= 0
                and sent.tokens[tok.head].lemma in L.PROTEST_AS_ACCUSE
            ):
                entry = L.Trigger("ACCUSE")  # 'Japan expressed a strong protest'
            if (
                entry is not None
                and tok.lemma in ("operation", "campaign", "операция")
                and not any(
                    k.lemma in L.MILITARY_MODIFIERS or k.case in ("against", "против")
                    for k in sent.kids(tok, "amod", "compound", "nmod")
                )
            ):
                entry = None  # 'the operation of the airport' is no fight
        elif tok.pos in _VERBAL and tok.lemma == "work":
            if any(k.case in ("with", "alongside") for k in sent.kids(tok, "obl")):
                found.append(Found(tok, tok, "COOPERATE"))  # 'working closely with Turkey'
            continue
        elif tok.pos in _VERBAL and tok.lemma in ("exchange", "обменяться", "обмениваться"):
            if any(k.lemma in ("view", "opinion", "мнение") for k in sent.kids(tok, "obj", "obl")):
                found.append(Found(tok, tok, "CONSULT"))
            continue
        elif tok.pos in _VERBAL and tok.lemma == "call":
            if any(k.case in ("for", "on") for k in sent.kids(tok, "obl")):
                found.append(Found(tok, tok, "DEMAND"))
            continue
        elif tok.pos in _VERBAL and tok.lemma in (
            "kill",
            "убить",
            "attack",
            "атаковать",
            "напасть",
        ):
            entry = L.Trigger("ASSAULT")
        if entry is None:
            continue
        found.append(Found(tok, _predicate(sent, tok), entry.type))
    return _prune(sent, found)


def _strong_use(sent: Sentence, tok: Tok, event_type: str) -> bool:
    """Weak verbs ('help', 'open', 'express', 'провести') count only with the right object."""
    objects = {k.lemma for k in sent.kids(tok, "obj", "obl", "xcomp")}
    if event_type == "STATEMENT":
        return tok.lemma not in ("express", "выразить") or bool(
            objects & {"concern", "hope", "confidence", "обеспокоенность", "уверенность", "надежда"}
        )
    if event_type == "COOPERATE" and tok.lemma == "share":
        return bool(objects & L.SHARED_THINGS)
    if event_type == "CONSULT" and tok.lemma in ("host", "провести"):
        return bool(objects & {"talks", "meeting", "переговоры", "встреча", "консультация"})
    return bool(objects)


def _governed(sent: Sentence, tok: Tok) -> bool:
    """A weak noun names an event under a verb other than 'be', or as 'joint exercises'."""
    if any(
        k.lemma in ("joint", "phone", "telephone", "совместный", "телефонный")
        for k in sent.kids(tok)
    ):
        return True
    if tok.head < 0:
        return False
    head = sent.tokens[tok.head]
    if tok.dep.startswith("nsubj") and head.lemma in L.OCCUR:
        return True  # 'a meeting took place', 'состоялось заседание'
    return (
        head.pos in _VERBAL
        and head.lemma not in ("be", "быть", "have")
        and tok.dep
        in (
            "obj",
            "nsubj:pass",
        )
    )


def _predicate(sent: Sentence, tok: Tok) -> Tok:
    if tok.pos in _NOMINAL and tok.head >= 0:
        head = sent.tokens[tok.head]
        if tok.dep == "obj" and head.lemma in L.LIGHT_VERBS:
            return head  # 'held talks', 'provide assistance'
        if tok.dep == "obl" and head.lemma in ("participate", "take", "attend", "участвовать"):
            return head  # 'took part in the talks'
        if tok.dep == "xcomp" and head.lemma in L.LIGHT_VERBS:
            return head
    return tok


def _prune(sent: Sentence, found: list[Found]) -> list[Found]:
    """One event per trigger; a light verb yields to its noun; speech over an event is a source."""
    by_token = {f.trigger.i: f for f in found}
    keep: list[Found] = []
    for f in found:
        governed = [
            o
            for o in found
            if o is not f and f.trigger.i in {a.i for a in sent.ancestors(o.trigger)}
        ]
        if f.trigger.lemma in L.LIGHT_VERBS and any(o.predicate is f.trigger for o in governed):
            continue  # 'signed an agreement', 'provide assistance': the noun carries it
        if f.type == "STATEMENT" and any(o.type != "STATEMENT" for o in governed):
            continue  # 'X said militants attacked': the attack is the event, X its source
        if f.trigger.pos in _VERBAL and _requested(sent, f.trigger, found):
            continue  # 'asked him to help', 'urged them to stop': asked for, not done
        if f.trigger.pos in _NOMINAL and f.trigger.head in by_token:
            head = by_token[f.trigger.head]
            if head.type != f.type and L.EN_NOUNS.get(f.trigger.lemma, L.Trigger("")).weak:
                continue  # 'discussed cooperation' is a consultation
            if head.type == f.type and head.trigger.lemma not in L.LIGHT_VERBS:
                continue  # 'met for talks': one consultation
        keep.append(f)
    return keep


def _requested(sent: Sentence, tok: Tok, found: list[Found]) -> bool:
    """A verb in the complement of 'ask', 'urge', 'призвать': what was asked for."""
    requests = {o.trigger.i for o in found if o.type in ("REQUEST", "DEMAND")}
    node = tok
    for up in sent.ancestors(tok):
        if node.dep not in ("xcomp", "ccomp", "obj", "conj"):
            return False
        if up.i in requests:
            return True
        node = up
    return False
