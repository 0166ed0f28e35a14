"""Within-article clusters on the seeds: variants, surnames, acronyms."""

from __future__ import annotations

import pytest

from storyline.document import Document


def groups(doc: Document) -> dict[str, set[str]]:
    by_cluster: dict[int, set[str]] = {}
    for m in doc.entities:
        assert m.cluster is not None
        by_cluster.setdefault(m.cluster, set()).add(m.text.removeprefix("the "))
    return {min(texts, key=len): texts for texts in by_cluster.values()}


@pytest.mark.parametrize(
    ("seed", "variants"),
    [
        ("001", {"Stanislav Zas", "Zas", "Zac"}),
        ("001", {"Emomali Rahmon", "Rahmon"}),
        ("001", {"Sirojiddin Muhriddin", "Muhriddin"}),
        ("001", {"Collective Security Treaty Organization", "CSTO"}),
        ("002", {"Sodik Imom", "Imomi"}),
        ("000", {"Semyan Grigarif", "Grigariev"}),
        ("003", {"Организации Договора о коллективной безопасности", "ОДКБ"}),
        ("003", {"Эмомали Рахмоном", "Эмомали Рахмон"}),
    ],
)
def test_coref_variants_grouped(seeds: dict[str, Document], seed: str, variants: set[str]) -> None:
    assert any(variants <= texts for texts in groups(seeds[seed]).values()), groups(seeds[seed])


def test_coref_different_people_stay_apart(seeds: dict[str, Document]) -> None:
    for texts in groups(seeds["001"]).values():
        assert not ({"Zas"} <= texts and {"Rahmon"} <= texts)
        assert not ({"Muhriddin"} <= texts and {"Zas"} <= texts)
