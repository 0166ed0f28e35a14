"""The words that name events, by language, with their PLOVER type; and the CAMEO root codes.

A trigger is a lemma and a part of speech. ``weak`` nouns ('cooperation', 'support') name an
event only when a verb other than 'be' governs them ('expand cooperation'); strong ones
('clash', 'meeting') always do. Light verbs ('hold talks', 'провести переговоры', 'provide
assistance') pass their subject to the noun they govern.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.stages.words import words

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "DEMAND",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "FIGHT",
    "OTHER",
    "STATEMENT",
)
# PLOVER type → CAMEO root code (for the GDELT-like export). STATEMENT is CAMEO 01, which
# PLOVER folds into OTHER; OTHER has no CAMEO root and exports as empty.
CAMEO_ROOT: dict[str, str] = {
    "STATEMENT": "01",
    "REQUEST": "02",
    "AGREE": "03",
    "CONSULT": "04",
    "SUPPORT": "05",
    "COOPERATE": "06",
    "AID": "07",
    "DEMAND": "10",
    "ACCUSE": "11",
    "REJECT": "12",
    "THREATEN": "13",
    "PROTEST": "14",
    "MOBILIZE": "15",
    "SANCTION": "16",
    "COERCE": "17",
    "ASSAULT": "18",
    "FIGHT": "19",
    "OTHER": "",
}


@dataclass(frozen=True, slots=True)
class Trigger:
    type: str
    weak: bool = False  # needs a governing verb other than 'be'


def _table(rows: dict[str, str], *, weak: str = "") -> dict[str, Trigger]:
    weak_words = set(weak.split())
    out: dict[str, Trigger] = {}
    for event_type, listed in rows.items():
        for word in listed.split():
            out[word] = Trigger(event_type, word in weak_words)
    return out


EN_VERBS = _table(
    {
        "CONSULT": "meet discuss visit negotiate consult host confer talk",
        "AGREE": "sign agree approve ratify conclude pledge promise commit",
        "SUPPORT": "support praise welcome endorse hail commend applaud recognise recognize back "
        "congratulate thank appreciate salute honor honour",
        "COOPERATE": "cooperate collaborate partner share",
        "AID": "provide supply deliver donate assist help fund finance train equip",
        "DEMAND": "demand urge insist",
        "REQUEST": "request ask appeal seek",
        "ACCUSE": "accuse blame condemn criticize criticise denounce allege",
        "REJECT": "reject refuse veto decline dismiss",
        "THREATEN": "threaten warn",
        "PROTEST": "protest rally demonstrate march",
        "SANCTION": "sanction embargo expel suspend",
        "MOBILIZE": "deploy mobilize mobilise station reinforce",
        "COERCE": "arrest detain seize deport ban raid confiscate imprison sentence convict jail",
        "ASSAULT": "bomb assassinate kidnap abduct massacre shell behead murder",
        "FIGHT": "fight clash battle ambush strike liberate retake recapture repel storm destroy "
        "combat engage",
        "OTHER": "build construct inaugurate open launch elect appoint resign",
        "STATEMENT": "say state note stress emphasize emphasise tell add remark declare announce "
        "express underline underscore comment claim explain acknowledge speak",
    },
    weak="back help train open launch add note express host conclude commit share destroy "
    "engage appreciate",
)
EN_NOUNS = _table(
    {
        "CONSULT": "meeting talks negotiation negotiations visit call summit consultation "
        "consultations conversation discussion discussions",
        "AGREE": "agreement deal treaty memorandum accord ceasefire truce",
        "SUPPORT": "support condolences congratulations solidarity gratitude",
        "COOPERATE": "cooperation collaboration partnership exercise exercises drills",
        "AID": "aid assistance supply supplies delivery deliveries donation",
        "DEMAND": "demand",
        "REQUEST": "request appeal",
        "ACCUSE": "accusation accusations condemnation",
        "PROTEST": "protest protests rally rallies demonstration demonstrations picket",
        "SANCTION": "sanctions embargo",
        "MOBILIZE": "deployment mobilization mobilisation",
        "COERCE": "arrest arrests detention raid raids ban",
        "ASSAULT": "attack attacks bombing bombings explosion assassination kidnapping massacre "
        "shelling",
        "FIGHT": "clash clashes fighting battle battles firefight offensive airstrike airstrikes "
        "skirmish skirmishes combat strike strikes counterattack counterattacks war operation "
        "operations campaign",
        "STATEMENT": "statement interview remarks",
    },
    weak="support call demand request ban statement remarks supply supplies delivery "
    "operation operations campaign war",
)
RU_VERBS = _table(
    {
        "CONSULT": "встретиться встречаться обсудить обсуждать посетить посещать переговорить "
        "побеседовать провести",
        "AGREE": "подписать подписывать договориться согласиться утвердить "
        "ратифицировать одобрить заключить",
        "SUPPORT": "поддержать поддерживать приветствовать похвалить поздравить поблагодарить",
        "COOPERATE": "сотрудничать",
        "AID": "предоставить предоставлять оказать оказывать поставить поставлять передать "
        "выделить профинансировать помочь помогать",
        "DEMAND": "потребовать требовать призвать призывать настаивать",
        "REQUEST": "попросить просить обратиться запросить",
        "ACCUSE": "обвинить обвинять осудить раскритиковать критиковать возбудить обвиняться "
        "расследовать",
        "REJECT": "отклонить отказаться отвергнуть",
        "THREATEN": "пригрозить угрожать",
        "PROTEST": "протестовать митинговать бастовать",
        "SANCTION": "выслать",
        "MOBILIZE": "развернуть мобилизовать перебросить",
        "COERCE": "задержать арестовать задерживать арестовывать изъять запретить депортировать "
        "приговорить обыскать",
        "ASSAULT": "взорвать убить похитить напасть обстрелять ранить избить",
        "FIGHT": "воевать сражаться атаковать штурмовать освободить уничтожить отбить",
        "OTHER": "построить открыть избрать назначить",
        "STATEMENT": "заявить сказать отметить подчеркнуть сообщить говорить добавить выразить "
        "указать заметить утверждать уточнить отмечать подчеркивать заявлять сообщать "
        "рассказать рассказывать пояснить признать выступить",
    },
    weak="провести оказать оказывать передать поставить открыть выразить помочь заключить "
    "возбудить освободить уничтожить",
)
RU_NOUNS = _table(
    {
        "CONSULT": "встреча переговоры визит беседа разговор саммит консультация заседание",
        "AGREE": "соглашение договор меморандум перемирие",
        "SUPPORT": "поддержка соболезнование солидарность поздравление",
        "COOPERATE": "сотрудничество учение",
        "AID": "помощь поставка",
        "DEMAND": "требование",
        "REQUEST": "просьба запрос",
        "ACCUSE": "обвинение расследование критика",
        "PROTEST": "акция митинг пикет протест забастовка демонстрация марш шествие",
        "SANCTION": "санкция эмбарго",
        "MOBILIZE": "мобилизация",
        "COERCE": "задержание арест обыск запрет",
        "ASSAULT": "нападение теракт взрыв убийство похищение обстрел покушение стрельба ранение "
        "погром",
        "FIGHT": "столкновение бой перестрелка боестолкновение наступление авиаудар штурм "
        "война операция",
        "STATEMENT": "заявление интервью",
    },
    weak="поддержка требование запрос заявление поставка операция война критика",
)
# Verbs that pass their subject to the event noun they govern.
LIGHT_VERBS = words(
    "hold have conduct make carry stage provide give offer extend sign launch impose "
    "провести проводить оказать оказывать предоставить совершить осуществить ввести "
    "подписать заключить устроить организовать начать"
)
# Verbs of saying and reporting: an event under one of them is a claim, attributed to its subject.
REPORTING = words(
    "say state confirm report announce claim tell note add stress emphasize emphasise "
    "allege reveal disclose inform write recall заявить сообщить подтвердить сказать "
    "отметить подчеркнуть добавить рассказать сообщать заявлять утверждать написать "
    "напомнить"
)
DENYING = words("deny refute dismiss отрицать опровергнуть опровергать")
PLANNING = words(
    "plan intend aim prepare seek want hope expect decide schedule планировать "
    "намереваться собираться готовиться ожидаться ожидать предстоять решить хотеть"
)
FUTURE_AUX = words("will shall would 'll")
POSSIBLE_AUX = words("may might could can мочь")
CONDITIONAL_MARKS = words("if unless если")
# Casualty words: the kind of count they give.
CASUALTY_NOUNS = {
    "death": "killed",
    "deaths": "killed",
    "dead": "killed",
    "fatalities": "killed",
    "fatality": "killed",
    "killed": "killed",
    "casualties": "killed",
    "wounded": "injured",
    "injured": "injured",
    "injuries": "injured",
    "missing": "missing",
    "погибших": "killed",
    "погибшие": "killed",
    "жертв": "killed",
    "жертвы": "killed",
    "убитых": "killed",
    "раненых": "injured",
    "раненые": "injured",
    "пострадавших": "injured",
    "пропавших": "missing",
    "задержанных": "arrested",
}
CASUALTY_VERBS = {
    "kill": "killed",
    "die": "killed",
    "wound": "injured",
    "injure": "injured",
    "hurt": "injured",
    "arrest": "arrested",
    "detain": "arrested",
    "displace": "displaced",
    "погибнуть": "killed",
    "гибнуть": "killed",
    "убить": "killed",
    "ранить": "injured",
    "пострадать": "injured",
    "задержать": "arrested",
}
# Subjects that refer back to the participants of an event just reported.
GENERIC_PARTIES = words(
    "parties party sides side leaders leader presidents ministers they both two "
    "стороны сторона лидеры президенты они министры"
)
MILITARY_TARGETS = words(
    "soldier soldiers troops guard guards post posts outpost base forces army "
    "military servicemen convoy checkpoint военнослужащий пограничник застава погранзастава "
    "пост армия войско военный солдат"
)
# Adjectives that put an event in the future: 'the next meeting', 'предстоящий визит'.
UPCOMING = words("next upcoming forthcoming planned future следующий предстоящий будущий")
# Nouns that name a fight only as military ones: 'military operation', 'военная операция'.
MILITARY_MODIFIERS = words(
    "military air counter-terrorism counterterrorism ground armed combat "
    "военный контртеррористический специальный боевой войсковой"
)
# Building names an event here only when someone paid for it (aid): 'built at the expense of'.
BUILD = words("build construct построить строить возвести")
# 'open fire', 'открыть огонь': violence, not an opening.
FIRE_OBJECTS = words("fire огонь стрельба")
# What is shared in cooperation (not 'shares a border'): 'shared intelligence'.
SHARED_THINGS = words("intelligence information knowledge experience expertise data")
# Verbs of taking place: 'a meeting took place', 'состоялось заседание' make the noun an event.
OCCUR = words("occur happen take состояться пройти произойти проходить начаться")
# 'expressed a protest', 'lodged a protest': a government's protest is an accusation.
PROTEST_AS_ACCUSE = words("express lodge file voice выразить заявить направить")
# Unnamed groups that take part in events, by lemma, to one English name in every language,
# so that 'militants' and 'боевиками' are the same participant when reports are merged.
GROUPS: dict[str, str] = {
    word: name
    for name, listed in {
        "militants": "militant militants insurgent insurgents fighter fighters gunman gunmen "
        "extremist extremists terrorist terrorists боевик повстанец террорист экстремист "
        "бандит",
        "border guards": "guard guards пограничник пограничный",
        "troops": "troop troops soldier soldiers serviceman servicemen военнослужащий солдат "
        "военный войско",
        "police": "police policeman policemen полиция полицейский милиция милиционер",
        "protesters": "protester protesters demonstrator demonstrators протестующий "
        "демонстрант митингующий",
        "civilians": "civilian civilians мирный житель",
    }.items()
    for word in listed.split()
}
