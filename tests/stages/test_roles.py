"""Role assertions from titles and appositions, in English and Russian."""

from __future__ import annotations

import pytest

from storyline.document import Document, RawItem
from storyline.settings import Settings
from storyline.stages import build_pipeline


@pytest.mark.parametrize(
    ("seed", "person", "role", "organisation"),
    [
        ("000", "Imangali Tasmgambitov", "secretary general", "org:csto"),
        ("000", "Semyan Grigarif", "ambassador", "country:TJ"),  # "ambassador to Tajikistan"
        ("001", "Stanislav Zas", "secretary general", "org:csto"),
        ("001", "Emomali Rahmon", "president", "country:TJ"),
        ("001", "Sirojiddin Muhriddin", "foreign minister", "country:TJ"),
        ("002", "Sodik Imom", "deputy foreign minister", "country:TJ"),
        ("003", "Имангали Тасмагамбетов", "secretary general", "org:csto"),
        ("003", "Эмомали Рахмоном", "president", "country:TJ"),
        ("004", "Vladimir Putin", "president", "country:RU"),
    ],
)
def test_roles_seed_assertions(
    seeds: dict[str, Document], seed: str, person: str, role: str, organisation: str
) -> None:
    doc = seeds[seed]
    found = {(doc.text[r.person_start : r.person_end], r.role, r.organisation) for r in doc.roles}
    assert (person, role, organisation) in found, found


def test_roles_need_the_title_next_to_the_name(settings: Settings) -> None:
    text = (
        "The president spoke at length about the economy and the harvest. Later that week "
        "Stanislav Zas visited a school in the capital."
    )
    doc = build_pipeline(settings)(RawItem("x.txt", text, "text"))
    assert isinstance(doc, Document) and doc.roles == []
