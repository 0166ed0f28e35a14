"""roles.v1: who holds which office, as the article says it.

"Stanislav Zas, Secretary General of the CSTO", "Tajik Foreign Minister Sirojiddin Muhriddin",
"Генеральный секретарь ОДКБ Имангали Тасмагамбетов", "президентом Таджикистана Эмомали
Рахмоном" become role assertions: the person (a mention), the role (normalised: 'secretary
general', 'foreign minister', 'president'), the organisation or country the office belongs to
(the nearest organisation, place or nationality named in the role phrase) and the span of the
phrase. The article's date dates the assertion when it is stored.
"""

from __future__ import annotations

import re

from storyline.aliases import DEMONYM_COUNTRY
from storyline.document import Document, EntityMention, RoleMention
from storyline.settings import Settings
from storyline.stages.pipeline import StageFn, stage

# Office words, longest first so 'deputy foreign minister' wins over 'minister'.
_ROLES_EN = (
    "deputy foreign minister",
    "foreign minister",
    "defense minister",
    "defence minister",
    "interior minister",
    "prime minister",
    "deputy prime minister",
    "secretary general",
    "secretary-general",
    "deputy minister",
    "minister of foreign affairs",
    "minister of defense",
    "minister",
    "vice president",
    "president",
    "ambassador",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "chairman",
    "chair",
    "head",
    "director",
    "commander",
    "envoy",
    "secretary",
    "leader",
    "governor",
    "mayor",
    "speaker",
)
_ROLES_RU = (
    "генеральный секретарь",
    "генерального секретаря",
    "генеральным секретарем",
    "министр иностранных дел",
    "министра иностранных дел",
    "главой мид",
    "глава мид",
    "главы мид",
    "президент",
    "президента",
    "президентом",
    "премьер-министр",
    "премьер-министра",
    "министр",
    "министра",
    "министром",
    "посол",
    "посла",
    "послом",
    "глава",
    "главы",
    "главой",
    "председатель",
    "председателя",
    "секретарь",
    "секретаря",
    "заместитель министра",
    "замминистра",
)
# Russian titles in any case, to the English role name used for every language.
_RU_NORMAL = {
    "генеральный секретарь": "secretary general",
    "генерального секретаря": "secretary general",
    "генеральным секретарем": "secretary general",
    "министр иностранных дел": "foreign minister",
    "министра иностранных дел": "foreign minister",
    "главой мид": "foreign minister",
    "глава мид": "foreign minister",
    "главы мид": "foreign minister",
    "президент": "president",
    "президента": "president",
    "президентом": "president",
    "премьер-министр": "prime minister",
    "премьер-министра": "prime minister",
    "министр": "minister",
    "министра": "minister",
    "министром": "minister",
    "посол": "ambassador",
    "посла": "ambassador",
    "послом": "ambassador",
    "глава": "head",
    "главы": "head",
    "главой": "head",
    "председатель": "chairman",
    "председателя": "chairman",
    "секретарь": "secretary",
    "секретаря": "secretary",
    "заместитель министра": "deputy minister",
    "замминистра": "deputy minister",
}
_ROLE_RE = re.compile(
    r"\b(?P<role>" + "|".join(re.escape(r) for r in _ROLES_EN + _ROLES_RU) + r")\b",
    re.IGNORECASE,
)
_WINDOW = 90  # characters before a name, or after it in apposition, searched for the role
_SENTENCE_END = re.compile(r"[.!?;]\s|\n")
_ORG_TYPES = ("ORG", "LOC", "NORP")
_QUALIFIER = 20  # characters before a title searched for its country ('Tajik', 'Russia’s')
_CONNECTORS = re.compile(r"\b(?:of|the|for|on|to)\b|[()«»“”\"'’,.\s-]", re.IGNORECASE)


def normalise_role(role: str) -> str:
    role = " ".join(role.lower().replace("secretary-general", "secretary general").split())
    return _RU_NORMAL.get(role, role)


def _window_before(text: str, start: int) -> tuple[int, str]:
    begin = max(0, start - _WINDOW)
    window = text[begin:start]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        begin += ends[-1].end()
    return begin, text[begin:start]


def _window_after(text: str, end: int) -> tuple[int, str]:
    """The apposition after a name: ', the Russian ambassador to Tajikistan,' / ', Secretary…'."""
    if not text[end : end + 3].lstrip('”"»').startswith(","):
        return end, ""
    stop = end + _WINDOW
    found = _SENTENCE_END.search(text, end, stop)
    clause_end = text.find(",", text.find(",", end) + 1, stop)
    limit = min(found.start() if found else stop, clause_end if clause_end > 0 else stop)
    return end, text[end:limit]


def find_roles(doc: Document) -> list[RoleMention]:
    text = doc.text
    people = [m for m in doc.entities if m.type == "PER"]
    others = [m for m in doc.entities if m.type in _ORG_TYPES]
    roles: list[RoleMention] = []
    for person in people:
        for begin, window, before in (
            (*_window_before(text, person.start), True),
            (*_window_after(text, person.end), False),
        ):
            matches = list(_ROLE_RE.finditer(window))
            if not matches:
                continue
            role = matches[-1] if before else matches[0]
            if (
                before
                and window[role.end() :].strip(" ,")
                and not _only_names_between(window[role.end() :], begin + role.end(), others)
            ):
                continue  # words between the title and the name: not this person's title
            start, end = begin + role.start(), begin + role.end()
            # 'Tajik President X', 'Tajikistan’s President X': the office's country comes first.
            phrase_start = max(begin, start - _QUALIFIER) if before else person.end
            phrase_end = person.start if before else begin + len(window)
            organisation = _organisation(others, phrase_start, phrase_end, person)
            roles.append(
                RoleMention(
                    start=start,
                    end=end,
                    role=normalise_role(role.group("role")),
                    person_start=person.start,
                    person_end=person.end,
                    person=person.entity_id or person.canonical or person.text,
                    organisation=_office_holder(organisation),
                )
            )
            break
    return roles


def _office_holder(mention: EntityMention | None) -> str | None:
    if mention is None:
        return None
    if mention.entity_id:
        return DEMONYM_COUNTRY.get(mention.entity_id, mention.entity_id)
    return mention.canonical or mention.text


def _only_names_between(gap: str, offset: int, others: list[EntityMention]) -> bool:
    """'Tajik Foreign Minister Sirojiddin Muhriddin': between the title and the name there may
    be only an organisation's or a country's name (ОДКБ, Таджикистана)."""
    rest = gap
    for m in others:
        if offset <= m.start and m.end <= offset + len(gap):
            rest = rest.replace(m.text, " ")
    return not _CONNECTORS.sub("", rest)


def _organisation(
    others: list[EntityMention], start: int, end: int, person: EntityMention
) -> EntityMention | None:
    inside = [m for m in others if start <= m.start and m.end <= end]
    if not inside:
        return None
    organisations = [m for m in inside if m.type == "ORG"]
    return (organisations or inside)[-1]


@stage("roles.v1", requires=["text", "entities"], assigns=["roles"])
def roles_v1(settings: Settings) -> StageFn:
    """Role assertions: person, office, organisation, from titles and appositions."""

    def run(doc: Document) -> Document:
        doc.roles = find_roles(doc)
        return doc

    return run
