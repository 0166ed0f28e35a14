"""Events: type, participants, place, date, counts, attribution and modality, from the text."""

from __future__ import annotations

import pytest

from storyline.document import Document, Event, ParagraphLanguage
from storyline.settings import Settings
from storyline.stages import STAGES


def _names(args: list) -> set[str]:  # type: ignore[type-arg]
    return {a.canonical or a.text for a in args}


def _find(doc: Document, event_type: str, trigger: str) -> Event:
    for event in doc.events:
        triggers = {event.trigger} | {
            doc.text[m.trigger_start : m.trigger_end] for m in event.merged
        }
        if event.type == event_type and trigger in triggers:
            return event
    raise AssertionError(
        f"no {event_type} event on {trigger!r}: {[(e.type, e.trigger) for e in doc.events]}"
    )


def _analyse(text: str, settings: Settings, language: str = "en") -> Document:
    """The entity, date, number and event stages over ``text`` as one paragraph (the cleaning
    stages would set a one-line text aside as too short to be an article)."""
    doc = Document(id="t", source="t", raw=text, raw_format="text", text=text)
    doc.paragraphs = [(0, len(text))]
    doc.meta.language = language
    doc.paragraph_languages = [ParagraphLanguage(0, len(text), language)]
    for name in ("mentions.v1", "coref.v1", "dates.v1", "numbers.v1", "events.v1"):
        doc = STAGES[name].factory(settings)(doc)
    return doc


def test_events_001_meetings_with_their_participants(seeds: dict[str, Document]) -> None:
    doc = seeds["001"]
    first = _find(doc, "CONSULT", "met")
    assert _names(first.actors) == {"Emomali Rahmon"} and _names(first.targets) == {"Stanislav Zas"}
    assert (
        first.place is not None and first.place.text == "Dushanbe"
    )  # "met here": the headline's place
    assert first.date is None and "yesterday" in (first.date_reason or "")
    # "Rahmon and Zas also exchanged views" is the same meeting, folded with its reasons
    exchanged = [
        m for m in first.merged if doc.text[m.trigger_start : m.trigger_end] == "exchanged"
    ]
    assert exchanged and exchanged[0].score >= 0.5 and exchanged[0].reasons
    # "On the same day, Zac met … with Sirojiddin Muhriddin": another meeting, not folded
    [second] = [
        e for e in doc.events if e is not first and "Sirojiddin Muhriddin" in _names(e.targets)
    ]
    assert second.type == "CONSULT" and _names(second.actors) == {"Stanislav Zas"}
    assert second.date is None and "On the same day" in (second.date_reason or "")


def test_events_003_visit_and_programme_approval(seeds: dict[str, Document]) -> None:
    doc = seeds["003"]
    visit = _find(doc, "CONSULT", "посетил")
    assert [a.text for a in visit.actors] == ["Имангали Тасмагамбетов"]
    # "В ходе поездки он встретился с … Рахмоном и … Мухриддином": the same visit, folded
    assert {"Эмомали Рахмоном", "Сироджиддином Мухриддином"} <= {a.text for a in visit.targets}
    assert visit.place is not None and visit.place.text == "Душанбе"
    assert (visit.date, visit.date_grain) == ("2025-01-29", "day")
    approved = _find(doc, "AGREE", "утверждена")
    assert [(a.text, a.canonical) for a in approved.actors] == [
        ("ОДКБ", "Collective Security Treaty Organization")  # "Эта программа" is the CSTO's
    ]
    assert approved.place is not None and approved.place.text == "Астане"
    assert (approved.date, approved.modality) == ("2024-11-28", "asserted")


def test_events_004_phone_call_clash_and_attacks(seeds: dict[str, Document]) -> None:
    doc = seeds["004"]
    call = _find(doc, "CONSULT", "call")
    assert {"Vladimir Putin", "Emomali Rahmon"} <= _names(call.actors) | {
        a.text for a in call.actors
    } or {"Putin", "Rahmon"} <= {a.text for a in call.actors}
    assert call.attribution is not None and "Kremlin" in call.attribution.text
    clash = _find(doc, "FIGHT", "clash")
    assert (clash.date, clash.date_grain) == ("--12-25", "month-day")
    assert [(c.kind, c.value, c.side) for c in clash.counts] == [
        ("killed", 3, "insurgent"),
        ("killed", 2, "border guard"),
    ]
    assert clash.claim and clash.attribution is not None
    assert clash.attribution.text == "the National Security Committee of Tajikistan"
    assert _names(clash.targets) == {"militants"}
    attacks = _find(doc, "ASSAULT", "attacks")
    assert (attacks.date, attacks.date_grain) == ("--12", "month-only")
    assert [(c.kind, c.value) for c in attacks.counts] == [("killed", 5)]


def test_events_000_border_post_built_by_russia_in_2023(seeds: dict[str, Document]) -> None:
    doc = seeds["000"]
    post = _find(doc, "AID", "built")
    assert (post.date, post.date_grain, post.modality) == ("2023", "year", "asserted")
    assert _names(post.actors) == {"Russian"} or "Russia" in _names(post.actors)
    provide = _find(doc, "AID", "provide")
    assert provide.modality == "planned"  # "will continue to provide": not reported as done


def test_events_002_planned_completion_is_not_done(seeds: dict[str, Document]) -> None:
    doc = seeds["002"]
    negotiation = _find(doc, "CONSULT", "negotiation")
    assert (negotiation.date, negotiation.modality) == ("2024", "planned")
    assert negotiation.attribution is not None and negotiation.claim


def test_events_every_span_is_the_text_it_names(seeds: dict[str, Document]) -> None:
    for doc in seeds.values():
        for e in doc.events:
            assert doc.text[e.trigger_start : e.trigger_end] == e.trigger
            assert e.start <= e.trigger_start < e.trigger_end <= e.end
            for arg in [*e.actors, *e.targets]:
                assert doc.text[arg.start : arg.end] == arg.text
            if e.date_start is not None:
                assert e.start <= e.date_start and e.date_end is not None
            for c in e.counts:
                assert doc.text[c.start : c.end]


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        (
            "Russian President Vladimir Putin will meet Tajik President Emomali Rahmon in Moscow.",
            "planned",
        ),
        ("Tajik officials plan to sign the agreement with Kyrgyzstan.", "planned"),
        ("The ministry denied that troops attacked the village.", "denied"),
        ("If the talks fail, the army will attack the town.", "conditional"),
        ("Russian troops did not attack the village.", "negated"),
        ("Russian troops attacked the village.", "asserted"),
    ],
)
def test_events_modality(text: str, modality: str, settings: Settings) -> None:
    doc = _analyse(text, settings)
    assert doc.events, text
    assert doc.events[-1].modality == modality or doc.events[0].modality == modality


def test_events_russian_attribution_and_counts(settings: Settings) -> None:
    text = (
        "По данным ГКНБ Таджикистана, 25 декабря боевики напали на пограничную заставу. "
        "В перестрелке погибли трое боевиков и двое пограничников."
    )
    doc = _analyse(text, settings, "ru")
    attack = doc.events[0]
    assert attack.type == "FIGHT"  # an attack on a border post is a fight, not a massacre
    assert attack.attribution is not None and attack.claim
    assert "ГКНБ" in attack.attribution.text
    fight = _find(doc, "FIGHT", "перестрелке")
    assert {(c.kind, c.value, c.side) for c in fight.counts} == {
        ("killed", 3, "боевик"),
        ("killed", 2, "пограничник"),
    }


def test_events_reporting_verb_is_a_source_not_an_event(settings: Settings) -> None:
    doc = _analyse(
        "The Kremlin said Russian troops clashed with militants near the border.", settings
    )
    assert [e.type for e in doc.events] == ["FIGHT"]
    assert doc.events[0].attribution is not None and doc.events[0].attribution.cue == "say"
    plain = _analyse("Sodik Imom said the situation in the region is alarming.", settings)
    assert [e.type for e in plain.events] == ["STATEMENT"]
    assert _names(plain.events[0].actors) == {"Sodik Imom"}


def test_events_names_are_not_triggers(settings: Settings) -> None:
    doc = _analyse("The Collective Security Treaty Organization opened an office.", settings)
    assert not any(e.type == "AGREE" for e in doc.events)


@pytest.mark.parametrize(
    ("sentence", "cue", "source"),
    [
        (
            "По данным ГКНБ Таджикистана, боевики напали на заставу.",
            "по данным",
            "ГКНБ Таджикистана",
        ),
        (
            "Как сообщает пресс-служба президента, визит прошёл успешно.",
            "как сообщает",
            "пресс-служба президента",
        ),
        (
            "По словам министра иностранных дел, переговоры прошли.",
            "по словам",
            "министра иностранных дел",
        ),
        ("Об этом сообщает ТАСС.", "сообщает", "ТАСС"),
    ],
)
def test_events_russian_source_phrases_by_yargy(sentence: str, cue: str, source: str) -> None:
    from storyline.stages.events.russian import attributions

    [(found_cue, start, end)] = attributions(sentence, 0, len(sentence))
    assert (found_cue, sentence[start:end]) == (cue, source)
