"""Whether an event happened as told: planned, expected, possible, denied, negated, conditional
or asserted, read from the verbs above its trigger (up to a reporting verb)."""

from __future__ import annotations

from storyline.stages.events import lexicon as L
from storyline.stages.events.syntax import Sentence, Tok
from storyline.stages.events.triggers import NOMINAL as _NOMINAL
from storyline.stages.events.triggers import VERBAL as _VERBAL


def modality(sent: Sentence, t: Tok) -> str:
    chain = [t, *sent.ancestors(t)]
    first_verb = True
    chain_xcomp = False
    for tok in chain:
        if tok.lemma in L.REPORTING:
            break
        if tok.lemma in L.DENYING and tok is not t:
            return "denied"
        if any(k.lemma in L.CONDITIONAL_MARKS for k in sent.kids(tok, "mark")):
            return "conditional"
        if tok.lemma in L.PLANNING and tok is not t:
            return "expected" if tok.lemma in ("expect", "ожидать", "ожидаться") else "planned"
        if (
            tok is t
            and tok.pos in _NOMINAL
            and any(k.lemma in L.UPCOMING for k in sent.kids(tok, "amod"))
        ):
            return "planned"  # 'the next meeting', 'предстоящий визит'
        if tok.pos in _VERBAL:
            aux = {k.text.lower() for k in sent.kids(tok, "aux", "aux:pass")}
            if aux & L.FUTURE_AUX or aux & {"будет", "будут", "будем", "буду"}:
                return "planned"
            if tok.feats.get("Tense") == "Fut":
                return "planned"
        if tok.pos in _VERBAL and (first_verb or tok.dep in ("xcomp",) or chain_xcomp):
            first_verb = False
            chain_xcomp = tok.dep == "xcomp"
            if {k.lemma for k in sent.kids(tok, "aux")} & L.POSSIBLE_AUX:
                return "possible"
            if any(
                k.dep == "neg" or k.lemma in ("not", "не", "never")
                for k in sent.kids(tok, "neg", "advmod", "part")
            ):
                return "negated"
    return "asserted"
