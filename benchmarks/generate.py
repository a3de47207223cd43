"""Realistic synthetic outcome data of any size, for benchmarks and for tests of every error kind.

Why this exists: the performance targets of impactagg (a million-row consolidated CSV, a
10,000-outcome YAML file, ten years of a data repository) need inputs far larger than the
sample data, shaped like real submissions: many entities, entity details repeated on every
row, descriptions of a few hundred characters (some quoted over several lines), non-ASCII
names, the small inconsistencies people type (``Met``, impact types by number, lower-case
country codes) that the standard accepts. With ``--error-share`` a chosen share of rows gets
exactly one bad cell, cycling through every kind of problem a CSV cell can have, and a
sidecar JSON lists each one (line, column, problem code) so that a benchmark or a test can
prove that every bad cell was reported, and nothing else.

Everything is deterministic from ``--seed``: the same arguments give byte-identical files.
The errors use their own random stream, so the file with errors is the valid file of the
same seed with some cells changed.

    python benchmarks/generate.py csv --rows 1000000 --years 10 -o outcomes.csv
    python benchmarks/generate.py csv --rows 1000000 --years 10 --error-share 0.01 -o bad.csv
    python benchmarks/generate.py yaml --outcomes 10000 -o AI-KE-2016.yaml
    python benchmarks/generate.py folder --years 10 --entities 300 -o data/
    python benchmarks/generate.py table-schema -o schema.json   # for frictionless

The code lists and the column order come from impactagg itself, so the data follows the
standard as it changes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from impactagg.codes import EntityType, Expectation, ImpactType, Region, StrategicGoal, Target
from impactagg.tabular import COLUMNS

START_YEAR = 2016
SIDECAR_SUFFIX = ".errors.json"
T = TypeVar("T")

# --- what the synthetic movement looks like ----------------------------------------------------

AFR, AME, ASA, EUR, MENA = (region.value for region in Region)
SECTION, PROJECT = (kind.value for kind in EntityType)


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    region: str
    section: str | None  # the section's name, when the movement has one there
    cities: tuple[str, ...]


# Names and places in their own spelling: real submissions carry accents and other scripts,
# and a reader that mangles them must show up in the benchmarks' correctness checks.
COUNTRIES = (
    Country("KE", "Kenya", AFR, "Amnesty International Kenya", ("Nairobi", "Mombasa", "Kisumu")),
    Country("NG", "Nigeria", AFR, "Amnesty International Nigeria", ("Lagos", "Abuja", "Kano")),
    Country("GH", "Ghana", AFR, "Amnesty International Ghana", ("Accra", "Kumasi")),
    Country("SN", "Senegal", AFR, "Amnesty International Sénégal", ("Dakar", "Thiès", "Ziguinchor")),
    Country("CI", "Côte d'Ivoire", AFR, "Amnesty International Côte d'Ivoire", ("Abidjan", "Bouaké")),
    Country("ZA", "South Africa", AFR, "Amnesty International South Africa", ("Johannesburg", "Durban")),
    Country("ZW", "Zimbabwe", AFR, "Amnesty International Zimbabwe", ("Harare", "Bulawayo")),
    Country("TG", "Togo", AFR, "Amnesty International Togo", ("Lomé", "Sokodé")),
    Country("BF", "Burkina Faso", AFR, "Amnesty International Burkina Faso", ("Ouagadougou",)),
    Country("SL", "Sierra Leone", AFR, "Amnesty International Sierra Leone", ("Freetown", "Bo")),
    Country("CM", "Cameroon", AFR, None, ("Yaoundé", "Douala", "Bamenda")),
    Country("CD", "DR Congo", AFR, None, ("Kinshasa", "Goma", "Bukavu")),
    Country("ET", "Ethiopia", AFR, None, ("Addis Ababa", "Gondar")),
    Country("AR", "Argentina", AME, "Amnistía Internacional Argentina", ("Buenos Aires", "Rosario")),
    Country("BR", "Brazil", AME, "Anistia Internacional Brasil", ("São Paulo", "Rio de Janeiro", "Belém")),
    Country("CL", "Chile", AME, "Amnistía Internacional Chile", ("Santiago", "Valparaíso", "Temuco")),
    Country("MX", "Mexico", AME, "Amnistía Internacional México", ("Ciudad de México", "Chihuahua")),
    Country("PE", "Peru", AME, "Amnistía Internacional Perú", ("Lima", "Cusco", "Ayacucho")),
    Country("PY", "Paraguay", AME, "Amnistía Internacional Paraguay", ("Asunción", "Encarnación")),
    Country("CA", "Canada", AME, "Amnesty International Canada", ("Ottawa", "Montréal", "Winnipeg")),
    Country("US", "United States", AME, "Amnesty International USA", ("New York", "Chicago", "El Paso")),
    Country("CO", "Colombia", AME, None, ("Bogotá", "Medellín", "Cúcuta")),
    Country("GT", "Guatemala", AME, None, ("Ciudad de Guatemala", "Quetzaltenango")),
    Country("AU", "Australia", ASA, "Amnesty International Australia", ("Sydney", "Darwin")),
    Country("JP", "Japan", ASA, "アムネスティ・インターナショナル日本", ("東京", "大阪", "Sapporo")),
    Country("KR", "Republic of Korea", ASA, "국제앰네스티 한국지부", ("서울", "부산")),
    Country("NP", "Nepal", ASA, "Amnesty International Nepal", ("Kathmandu", "Pokhara")),
    Country("PH", "Philippines", ASA, "Amnesty International Philippines", ("Manila", "Davao")),
    Country("MN", "Mongolia", ASA, "Amnesty International Mongolia", ("Ulaanbaatar",)),
    Country("MM", "Myanmar", ASA, None, ("Yangon", "Mandalay", "Sittwe")),
    Country("KH", "Cambodia", ASA, None, ("Phnom Penh", "Siem Reap")),
    Country("AT", "Austria", EUR, "Amnesty International Österreich", ("Wien", "Graz", "Linz")),
    Country("DE", "Germany", EUR, "Amnesty International Deutschland", ("Berlin", "Düsseldorf", "Köln")),
    Country("FR", "France", EUR, "Amnesty International France", ("Paris", "Marseille", "Calais")),
    Country("ES", "Spain", EUR, "Amnistía Internacional España", ("Madrid", "Málaga", "Ceuta")),
    Country("PL", "Poland", EUR, "Amnesty International Polska", ("Warszawa", "Kraków", "Łódź")),
    Country("NO", "Norway", EUR, "Amnesty International Norge", ("Oslo", "Tromsø", "Bergen")),
    Country("CH", "Switzerland", EUR, "Amnesty International Schweiz", ("Zürich", "Genève", "Bern")),
    Country("UA", "Ukraine", EUR, "Amnesty International Ukraine", ("Київ", "Одеса", "Kharkiv")),
    Country("TR", "Türkiye", EUR, "Amnesty International Türkiye", ("İstanbul", "Ankara", "Diyarbakır")),
    Country("GB", "United Kingdom", EUR, "Amnesty International UK", ("London", "Belfast", "Glasgow")),
    Country("HU", "Hungary", EUR, None, ("Budapest", "Szeged")),
    Country("BY", "Belarus", EUR, None, ("Minsk", "Hrodna")),
    Country("MA", "Morocco", MENA, "Amnesty International Maroc", ("Rabat", "Casablanca", "Laâyoune")),
    Country("TN", "Tunisia", MENA, "Amnesty International Tunisie", ("Tunis", "Sfax", "Gafsa")),
    Country("IL", "Israel", MENA, "Amnesty International Israel", ("Tel Aviv", "Haifa")),
    Country("LB", "Lebanon", MENA, None, ("بيروت", "Tripoli")),
    Country("EG", "Egypt", MENA, None, ("القاهرة", "Alexandria")),
    Country("IR", "Iran", MENA, None, ("Tehran", "Zahedan")),
)
BY_REGION = {region: [c for c in COUNTRIES if c.region == region] for region in (AFR, AME, ASA, EUR, MENA)}

# International projects: (id stem, name, region).
PROJECTS = (
    ("IP-AFR-DEFENDERS", "Nairobi Regional Office: Human rights defenders project", AFR),
    ("IP-AFR-AU", "Johannesburg Regional Office: African Union and regional mechanisms project", AFR),
    ("IP-AFR-SAHEL", "Dakar Regional Office: Crisis response in the Sahel", AFR),
    ("IP-AME-DEFENDERS", "Americas Regional Office: Defensores y defensoras de derechos humanos", AME),
    ("IP-AME-MIGRATION", "Mexico City Regional Office: Migrants and refugees in transit", AME),
    ("IP-ASA-DEATHPENALTY", "Bangkok Regional Office: Death penalty in Asia and the Pacific", ASA),
    ("IP-ASA-REFUGEES", "Asia and the Pacific: Rohingya refugee crisis response", ASA),
    ("IP-EUR-MIGRATION", "European Institutions Office: Migration and asylum", EUR),
    ("IP-EUR-FREEDOMS", "Europe and Central Asia: Freedom of expression and assembly", EUR),
    ("IP-MENA-DETENTION", "Beirut Regional Office: Arbitrary detention and torture", MENA),
    ("IP-MENA-GULF", "Middle East and North Africa: Migrant workers in the Gulf", MENA),
    ("IP-GLO-ARMS", "International Secretariat: Arms control and the Arms Trade Treaty", ""),
    ("IP-GLO-CORPORATE", "International Secretariat: Business and human rights", ""),
    ("IP-GLO-UN", "United Nations Office: Human Rights Council and treaty bodies", ""),
)

# Rough shares from the published 2016 review, so summaries look like real ones.
IMPACT_WEIGHTS = {
    ImpactType.CONCRETE_ACTION_SPECIFIC: 11,
    ImpactType.CONCRETE_ACTION_BROAD: 8,
    ImpactType.ENHANCED_CAPACITY: 31,
    ImpactType.STRENGTHENED_CALLS: 11,
    ImpactType.INFLUENCED_STANDARDS: 18,
    ImpactType.INCREASED_DIALOGUE: 21,
}
GOAL_WEIGHTS = {"1": 24, "2": 23, "3": 23, "4": 17, "5": 13}
EXPECTATION_WEIGHTS = {Expectation.EXCEEDED: 49, Expectation.MET: 44, Expectation.NEGATIVE: 7}
TARGETS_BY_IMPACT = {
    ImpactType.CONCRETE_ACTION_SPECIFIC: {Target.GOVERNMENT: 9, Target.CORPORATE: 1},
    ImpactType.CONCRETE_ACTION_BROAD: {Target.GOVERNMENT: 8, Target.OTHER_GOVERNMENT: 1, Target.CORPORATE: 1},
    ImpactType.ENHANCED_CAPACITY: {
        Target.CIVIL_SOCIETY: 4,
        Target.RIGHTS_HOLDERS: 3,
        Target.GENERAL_PUBLIC: 3,
    },
    ImpactType.STRENGTHENED_CALLS: {
        Target.OTHER_GOVERNMENT: 4,
        Target.INTERNATIONAL_BODY: 4,
        Target.REGIONAL_BODY: 2,
    },
    ImpactType.INFLUENCED_STANDARDS: {
        Target.REGIONAL_BODY: 5,
        Target.INTERNATIONAL_BODY: 4,
        Target.CORPORATE: 1,
    },
    ImpactType.INCREASED_DIALOGUE: {Target.GOVERNMENT: 6, Target.GENERAL_PUBLIC: 3, Target.CORPORATE: 1},
}
# Outcomes per entity and year: most report a handful, a few report many.
OUTCOMES_PER_ENTITY = {
    1: 6,
    2: 10,
    3: 12,
    4: 12,
    5: 11,
    6: 10,
    7: 9,
    8: 8,
    9: 6,
    10: 5,
    12: 4,
    15: 3,
    20: 2,
    30: 1,
}

ACTORS = {
    Target.GOVERNMENT: (
        "the justice ministry",
        "the interior ministry",
        "the national parliament",
        "the supreme court",
        "the police",
        "prison authorities",
        "immigration officials",
        "the attorney general's office",
        "the city council",
    ),
    Target.OTHER_GOVERNMENT: (
        "the government of Germany",
        "the Canadian foreign ministry",
        "the Swedish embassy",
        "the government of Ghana",
    ),
    Target.REGIONAL_BODY: (
        "the African Commission on Human and Peoples' Rights",
        "the Inter-American Commission on Human Rights",
        "the Council of Europe",
        "the European Parliament",
        "the ASEAN Intergovernmental Commission on Human Rights",
    ),
    Target.INTERNATIONAL_BODY: (
        "the UN Human Rights Council",
        "the UN Committee against Torture",
        "the UN Special Rapporteur on freedom of expression",
        "UNHCR",
    ),
    Target.CIVIL_SOCIETY: (
        "local women's rights groups",
        "a coalition of human rights defenders",
        "student activists",
        "community radio journalists",
    ),
    Target.RIGHTS_HOLDERS: (
        "families of the disappeared",
        "refugee-led groups",
        "Indigenous communities",
        "families facing eviction",
    ),
    Target.GENERAL_PUBLIC: ("national media", "public opinion", "schoolteachers and students"),
    Target.CORPORATE: (
        "a mining company",
        "a telecoms operator",
        "an arms manufacturer",
        "a palm oil producer",
    ),
}
CHANGES = {
    ImpactType.CONCRETE_ACTION_SPECIFIC: (
        "released {n} detained protesters",
        "dropped charges against a blogger",
        "ordered a retrial for a prisoner on death row",
        "halted the eviction of {n} families",
        "granted protection to a threatened human rights defender",
    ),
    ImpactType.CONCRETE_ACTION_BROAD: (
        "repealed the law criminalising same-sex relations",
        "adopted a law against torture",
        "abolished the death penalty for all crimes",
        "ended detention without charge",
        "lifted the ban on peaceful assemblies",
    ),
    ImpactType.ENHANCED_CAPACITY: (
        "trained {n} monitors to document police abuse",
        "set up a legal aid network",
        "filed their first strategic litigation case",
        "launched a campaign on housing rights",
    ),
    ImpactType.STRENGTHENED_CALLS: (
        "called for an independent investigation into the killings",
        "urged the release of prisoners of conscience",
        "raised enforced disappearances at the universal periodic review",
    ),
    ImpactType.INFLUENCED_STANDARDS: (
        "adopted guidelines on the use of force in policing",
        "published a resolution on the rights of migrants",
        "revised its standards on corporate due diligence",
    ),
    ImpactType.INCREASED_DIALOGUE: (
        "met refugee-led groups for the first time",
        "agreed to quarterly consultations with civil society",
        "opened a dialogue on prison conditions",
        "invited comments on a draft bill",
    ),
}
FOLLOW_UPS = (
    "The decision followed months of public pressure and direct lobbying.",
    "Partners on the ground confirmed the change within weeks.",
    "The change affects an estimated {n:,} people.",
    "Local media reported widely on it, including «{city}» coverage in the national press.",
    "It is the first such step in {country} since the constitution was adopted.",
)
CONTRIBUTIONS = (
    "We documented the cases and briefed the ministry.",
    "We lobbied members of parliament and published a report.",
    "We organised an urgent action that gathered {n:,} signatures.",
    "We trained the monitors and accompanied them to hearings.",
    "We submitted a shadow report and met the committee's members.",
    "Together with partners in {city} we ran a public campaign over several months.",
)
SOURCES = (
    "Minutes of meeting",
    "Press release by the authorities",
    "Court records",
    "National media coverage",
    "Official gazette",
    "Session records and adopted text",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _pool(weights: dict[Any, int]) -> tuple[str, ...]:
    """A weighted choice as a flat tuple, so that a draw is one index (fast at a million rows)."""
    return tuple(str(value) for value, weight in weights.items() for _ in range(weight))


IMPACT_POOL = _pool(IMPACT_WEIGHTS)
GOAL_POOL = _pool(GOAL_WEIGHTS)
EXPECTATION_POOL = _pool(EXPECTATION_WEIGHTS)
TARGET_POOLS = {str(impact): _pool(targets) for impact, targets in TARGETS_BY_IMPACT.items()}
COUNT_POOL = tuple(count for count, weight in OUTCOMES_PER_ENTITY.items() for _ in range(weight))
IMPACT_NUMBERS = {member.value: str(member.number) for member in ImpactType}
# Keyed by the code as text: the pools hold text.
ACTORS_BY_CODE = {str(target): actors for target, actors in ACTORS.items()}
CHANGES_BY_CODE = {str(impact): changes for impact, changes in CHANGES.items()}


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


# --- entities ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str
    region: str
    home: Country | None  # a section's country; None for a project


_BASES: list[tuple[str, str, str, str, Country | None]] = [
    *((f"AI-{c.code}", c.section, SECTION, c.region, c) for c in COUNTRIES if c.section),
    *((stem, name, PROJECT, region or AFR, None) for stem, name, region in PROJECTS),
]
# Global projects report under a region too; spread them over all five.
_GLOBAL_REGIONS = (AFR, AME, ASA, EUR, MENA)


def entity(index: int) -> Entity:
    """Entity number ``index``, the same in every year: the sections and projects, then their groups.

    A consolidated export of a million outcomes needs thousands of entities, far more than the
    movement has sections; local groups and project strands stand in for them.
    """
    stem, name, kind, region, home = _BASES[index % len(_BASES)]
    group = index // len(_BASES)
    if stem.startswith("IP-GLO"):
        region = _GLOBAL_REGIONS[group % len(_GLOBAL_REGIONS)]
    if group:
        stem = f"{stem}-G{group:04d}"
        name = f"{name} – group {group}" if kind == SECTION else f"{name} (strand {group})"
    return Entity(stem, name, kind, region, home)


# --- outcomes ----------------------------------------------------------------------------------


@dataclass(slots=True)
class OutcomeWriter:
    """Draws outcomes from one random stream; the same seed gives the same outcomes."""

    rng: random.Random
    messy_share: float = 0.0

    def outcome(self, who: Entity, year: int, outcome_id: str) -> dict[str, Any]:
        """One outcome as text cells (lists as lists, the date as a date), in the standard's fields."""
        rng = self.rng
        impact = _pick(rng, IMPACT_POOL)
        target = _pick(rng, TARGET_POOLS[impact])
        place = who.home if who.home is not None and rng.random() < 0.9 else _pick(rng, BY_REGION[who.region])
        city = _pick(rng, place.cities)
        actor = _pick(rng, ACTORS_BY_CODE[target])
        change = _pick(rng, CHANGES_BY_CODE[impact]).format(n=rng.randint(2, 400))
        date = dt.date(year, 1, 1) + dt.timedelta(days=int(rng.random() * 365))
        has_date = rng.random() < 0.9
        when = f"On {date.day} {MONTHS[date.month - 1]} {year}" if has_date else f"In {year}"
        title = f"{actor[0].upper()}{actor[1:]} in {city} {change}"
        if len(title) > 110:
            title = title[:109].rstrip() + "…"
        description = f"{when}, {actor} in {city}, {place.name}, {change}. " + _pick(rng, FOLLOW_UPS).format(
            n=rng.randint(50, 250_000), city=city, country=place.name
        )
        if rng.random() < 0.05:
            # Quoted multi-line cells: spreadsheets write them, and CSV lines stop being rows.
            description += (
                f"\nFollow-up ({MONTHS[int(rng.random() * 12)]} {year}): partners confirmed that the "
                "change was still in effect at the end of the year."
            )
        regional = target in (Target.REGIONAL_BODY, Target.INTERNATIONAL_BODY) and rng.random() < 0.7
        outcome: dict[str, Any] = {
            "id": outcome_id,
            "title": title,
            "description": description,
            "impact_type": impact,
            "strategic_goal": _pick(rng, GOAL_POOL),
            "expectation": _pick(rng, EXPECTATION_POOL),
            "target": target,
            "country": None if regional else place.code,
            "date": date if has_date else None,
            "contribution": _pick(rng, CONTRIBUTIONS).format(n=rng.randint(100, 90_000), city=city)
            if rng.random() < 0.7
            else None,
            "sources": [_pick(rng, SOURCES) for _ in range(int(rng.random() * 3))]
            + ([f"https://news.example.org/{year}/{outcome_id.lower()}"] if rng.random() < 0.3 else []),
            "corroborated_by": [f"Community leaders in {city}", f"{place.name} human rights coalition"][
                : int(rng.random() * 3)
            ]
            if rng.random() < 0.33
            else [],
        }
        if self.messy_share and rng.random() < self.messy_share:
            self._mess_up(outcome)
        return outcome

    def _mess_up(self, outcome: dict[str, Any]) -> None:
        """Valid but untidy values, as people type them: the standard accepts every one."""
        choice = int(self.rng.random() * 5)
        if choice == 0:
            outcome["impact_type"] = IMPACT_NUMBERS[outcome["impact_type"]]
        elif choice == 1:
            outcome["expectation"] = outcome["expectation"].capitalize()
        elif choice == 2:
            outcome["target"] = f" {outcome['target']} "
        elif choice == 3:
            outcome["strategic_goal"] = f"{outcome['strategic_goal']}.0"
        elif outcome["country"]:
            outcome["country"] = outcome["country"].lower()


def _cells(who: Entity, entity_id: str, year: int, outcome: dict[str, Any]) -> list[str]:
    """An outcome as a CSV row in the standard's column order.

    Columns this generator does not know (optional ones the standard gained since) stay empty,
    so the data stays valid as the standard grows.
    """
    date = outcome["date"]
    cells = {
        "entity_id": entity_id,
        "entity_name": who.name,
        "entity_type": who.type,
        "region": who.region,
        "year": str(year),
        "outcome_id": outcome["id"],
        "title": outcome["title"],
        "description": outcome["description"],
        "impact_type": outcome["impact_type"],
        "strategic_goal": outcome["strategic_goal"],
        "expectation": outcome["expectation"],
        "target": outcome["target"],
        "country": outcome["country"] or "",
        "date": date.isoformat() if date else "",
        "contribution": outcome["contribution"] or "",
        "sources": "; ".join(outcome["sources"]),
        "corroborated_by": "; ".join(outcome["corroborated_by"]),
    }
    return [cells.get(column, "") for column in COLUMNS]


# --- bad cells ---------------------------------------------------------------------------------

COL = {name: position for position, name in enumerate(COLUMNS)}
REQUIRED_OUTCOME_COLUMNS = ("outcome_id", "title", "description", "impact_type", "strategic_goal")
CODED_COLUMNS = ("impact_type", "expectation", "target")
_TYPOS = {
    "exceeded": ("exceded", "exeeded", "excceded"),
    "met": ("mett", "meet"),
    "negative": ("negatif", "negativ"),
    "government": ("goverment", "govenment", "governmnet"),
    "civil_society": ("civil society", "civilsociety", "civil_societies"),
    "increased_dialogue": ("increased_dialog", "increase_dialogue"),
    "enhanced_capacity": ("enhanced_capacities", "enhanced capacity"),
}


@dataclass(frozen=True, slots=True)
class Injected:
    """One bad cell: where it is and what impactagg must report there."""

    line: int
    column: str | None  # None for a problem of the whole row (a stray extra cell)
    kind: str
    code: str
    severity: str
    value: str

    def to_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "kind": self.kind,
            "code": self.code,
            "severity": self.severity,
            "value": self.value,
        }


@dataclass(slots=True)
class RowContext:
    cells: list[str]
    year: int
    previous_id: str  # the id of the row before, same entity, untouched
    entity_first: list[str]


def _misspelt(code: str, rng: random.Random) -> str:
    known = _TYPOS.get(code.strip().lower())
    if known:
        return _pick(rng, known)
    # A slip of the keyboard: two neighbouring letters swapped.
    position = 1 + int(rng.random() * (len(code) - 2))
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    return swapped if swapped != code else code + "s"


def _bad_misspelt_code(ctx: RowContext, rng: random.Random) -> tuple[str, str]:
    column = _pick(rng, CODED_COLUMNS)
    value = ctx.cells[COL[column]].strip().lower()
    if value.isdigit():  # an impact type given by number: misspell its code instead
        value = list(ImpactType)[int(value) - 1].value
    return column, _misspelt(value, rng)


def _bad_unknown_code(ctx: RowContext, rng: random.Random) -> tuple[str, str]:
    column = _pick(rng, CODED_COLUMNS)
    values = {
        "impact_type": ("advocacy", "7", "0", "awareness raising"),
        "expectation": ("partly met", "n/a", "below"),
        "target": ("media", "donors", "UN"),
    }
    return column, _pick(rng, values[column])


def _bad_goal(ctx: RowContext, rng: random.Random) -> tuple[str, str]:
    return "strategic_goal", _pick(rng, ("0", "6", "7", "12", "-1"))


def _bad_goal_text(ctx: RowContext, rng: random.Random) -> tuple[str, str]:
    return "strategic_goal", _pick(rng, ("two", "2a", "1-2", "2.5", "goal 3"))


def _bad_date(ctx: RowContext, rng: random.Random) -> tuple[str, str]:
    year = ctx.year
    # 2016-02-30 is the trap: some date parsers roll it over to March instead of refusing it.
    choices = (
        f"{year}-02-30",
        f"{year}-04-31",
        f"{year}-13-01",
        f"{year}-06-00",
        f"12/05/{year}",
        f"{year}-5-3",
    )
    return "date", _pick(rng, choices)


def _bad_date_outside_year(ctx: RowContext, rng: random.Random) -> tuple[str, str]:
    day = 1 + int(rng.random() * 28)
    return "date", f"{ctx.year - 1}-12-{day:02d}" if rng.random() < 0.5 else f"{ctx.year + 1}-01-{day:02d}"


def _bad_country(ctx: RowContext, rng: random.Random) -> tuple[str, str]:
    return "country", _pick(rng, ("UK", "XK", "KEN", "Kenya", "EU", "ZZ", "Deutschland"))


def _bad_missing(ctx: RowContext, rng: random.Random) -> tuple[str, str]:
    return _pick(rng, (*REQUIRED_OUTCOME_COLUMNS, "expectation", "target")), _pick(rng, ("", "  "))


def _bad_id(ctx: RowContext, rng: random.Random) -> tuple[str, str]:
    good = ctx.cells[COL["outcome_id"]]
    choices = (good.replace("-", " "), f"#{good}", f"-{good}", f"{good}/2", good + "-" + "x" * 100)
    return "outcome_id", _pick(rng, choices)


def _bad_duplicate_id(ctx: RowContext, rng: random.Random) -> tuple[str, str]:
    # Ids are compared without case: a lower-case copy is a duplicate too.
    return "outcome_id", ctx.previous_id.lower() if rng.random() < 0.3 else ctx.previous_id


def _bad_entity_detail(ctx: RowContext, rng: random.Random) -> tuple[str, str]:
    column = _pick(rng, ("entity_name", "region", "entity_type", "year"))
    first = ctx.entity_first[COL[column]]
    if column == "entity_name":
        return column, first.replace(
            "International", "Intl."
        ) if "International" in first else first + " (old)"
    if column == "region":
        return column, _pick(rng, [r.value for r in Region if r.value != first])
    if column == "entity_type":
        return column, PROJECT if first == SECTION else SECTION
    return column, str(int(first) - 1)


# kind -> (the bad cell, the problem code impactagg reports, its severity)
BadCell = Callable[[RowContext, random.Random], tuple[str, str]]
ERROR_KINDS: dict[str, tuple[BadCell, str, str]] = {
    "misspelt-code": (_bad_misspelt_code, "unknown-code", "error"),
    "unknown-code": (_bad_unknown_code, "unknown-code", "error"),
    "goal-out-of-range": (_bad_goal, "unknown-code", "error"),
    "goal-not-a-number": (_bad_goal_text, "unknown-code", "error"),
    "invalid-date": (_bad_date, "invalid-date", "error"),
    "date-outside-year": (_bad_date_outside_year, "date-outside-year", "warning"),
    "unknown-country": (_bad_country, "unknown-country", "error"),
    "missing-value": (_bad_missing, "missing-value", "error"),
    "invalid-id": (_bad_id, "invalid-id", "error"),
    "duplicate-outcome-id": (_bad_duplicate_id, "duplicate-outcome-id", "error"),
    "entity-mismatch": (_bad_entity_detail, "entity-mismatch", "error"),
    "extra-cell": (lambda ctx, rng: ("", "see the notes"), "row-length", "error"),
}


@dataclass(slots=True)
class ErrorPlan:
    """Decides which rows get a bad cell (``share`` of them) and of which kind, from its own stream."""

    share: float
    rng: random.Random
    credit: float = 0.0
    threshold: float = 1.0
    kinds: list[str] = field(default_factory=list)
    injected: list[Injected] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.kinds = list(ERROR_KINDS)
        self.rng.shuffle(self.kinds)

    def maybe_inject(self, ctx: RowContext, line: int, eligible: bool) -> list[str]:
        """The row's cells, with one bad cell when this row's turn has come.

        Only rows after an entity's first row, and not right after a bad row, are eligible: a
        bad first row would make every later row of the entity disagree with it, and a
        duplicate id copies the previous row's id, which must be intact. The credit carries
        over, so the share is met over the file; the random threshold keeps bad rows from
        falling at a regular stride.
        """
        self.credit += self.share
        if not eligible or self.credit < self.threshold:
            return ctx.cells
        self.credit -= self.threshold
        self.threshold = 0.5 + self.rng.random()
        kind = self.kinds[len(self.injected) % len(self.kinds)]  # every kind, in turn
        make, code, severity = ERROR_KINDS[kind]
        column, value = make(ctx, self.rng)
        cells = list(ctx.cells)
        if kind == "extra-cell":
            cells.append(value)  # one cell beyond the header's last column
            self.injected.append(Injected(line, None, kind, code, severity, value))
        else:
            cells[COL[column]] = value
            self.injected.append(Injected(line, column, kind, code, severity, value))
        return cells


# --- the files ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CsvInfo:
    path: Path
    rows: int
    years: list[int]
    entities: int  # entity-years: submissions in the file
    injected: list[Injected]

    @property
    def sidecar(self) -> Path:
        return sidecar_path(self.path)


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def _entity_years(rows: int, years: Sequence[int], rng: random.Random) -> Iterator[tuple[int, Entity, int]]:
    """(year, entity, number of outcomes) until ``rows`` outcomes, spread evenly over ``years``."""
    left = rows
    for position, year in enumerate(years):
        quota = left // (len(years) - position)
        left -= quota
        index = 0
        while quota > 0:
            count = min(_pick(rng, COUNT_POOL), quota)
            yield year, entity(index), count
            quota -= count
            index += 1


def write_csv(
    path: Path,
    rows: int,
    years: int = 1,
    *,
    start_year: int = START_YEAR,
    error_share: float = 0.0,
    messy_share: float = 0.02,
    seed: int = 1,
) -> CsvInfo:
    """A consolidated CSV export of ``rows`` outcomes over ``years`` years, and its sidecar.

    With several years each entity-year gets its own entity id (``AI-KE-G0042-2016``): in the
    CSV form the rows of one entity id are one submission and must repeat the same year.
    """
    data_rng = random.Random(seed)
    writer_rng = OutcomeWriter(data_rng, messy_share)
    plan = ErrorPlan(error_share, random.Random(f"errors-{seed}"))
    year_list = [start_year + offset for offset in range(years)]
    line = 2  # the header is line 1
    entities = 0
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        # CRLF as spreadsheets save it; cells keep their own "\n" line breaks inside quotes.
        out = csv.writer(handle, lineterminator="\r\n")
        out.writerow(COLUMNS)
        for year, who, count in _entity_years(rows, year_list, data_rng):
            entities += 1
            entity_id = f"{who.id}-{year}" if years > 1 else who.id
            first: list[str] = []
            previous_id = ""
            injected_before = False
            # Outcome ids carry the year once: AI-KE-G0042-2016-03 in both layouts.
            id_stem = entity_id if years > 1 else f"{who.id}-{year}"
            for number in range(1, count + 1):
                outcome = writer_rng.outcome(who, year, f"{id_stem}-{number:02d}")
                cells = _cells(who, entity_id, year, outcome)
                if number == 1:
                    first = cells
                ctx = RowContext(cells, year, previous_id, first)
                eligible = number > 1 and not injected_before
                before = len(plan.injected)
                written = plan.maybe_inject(ctx, line, eligible)
                injected_before = len(plan.injected) > before
                out.writerow(written)
                previous_id = cells[COL["outcome_id"]]
                # A row's physical lines: one, plus the line breaks inside its quoted cells.
                line += 1 + sum(cell.count("\n") for cell in written)
    tmp.replace(path)
    info = CsvInfo(path, rows, year_list, entities, plan.injected)
    _write_sidecar(info, seed, error_share, messy_share)
    return info


def _write_sidecar(info: CsvInfo, seed: int, error_share: float, messy_share: float) -> None:
    document = {
        "file": info.path.name,
        "rows": info.rows,
        "years": info.years,
        "submissions": info.entities,
        "seed": seed,
        "error_share": error_share,
        "messy_share": messy_share,
        "kinds": dict(sorted(Counter(error.kind for error in info.injected).items())),
        "errors": [error.to_dict() for error in info.injected],
    }
    info.sidecar.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    """Writes multi-line text as a literal block, as a person would."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def _submission(who: Entity, year: int, outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    def tidy(outcome: dict[str, Any]) -> dict[str, Any]:
        # Absent optional fields are left out, as people write YAML; goals are numbers there.
        data = {key: value for key, value in outcome.items() if value not in (None, [], "")}
        goal = str(data["strategic_goal"])
        data["strategic_goal"] = int(goal) if goal.isdigit() else goal
        return data

    return {
        "schema_version": 1,
        "entity": {"id": who.id, "name": who.name, "type": who.type, "region": who.region},
        "year": year,
        "outcomes": [tidy(outcome) for outcome in outcomes],
    }


def _dump_yaml(path: Path, document: dict[str, Any]) -> None:
    text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text("# A synthetic submission written by benchmarks/generate.py\n" + text, encoding="utf-8")
    tmp.replace(path)


def write_yaml(
    path: Path, outcomes: int, *, year: int = START_YEAR, seed: int = 1, messy_share: float = 0.02
) -> Path:
    """One YAML submission of Amnesty International Kenya with ``outcomes`` outcomes."""
    writer = OutcomeWriter(random.Random(seed), messy_share)
    who = entity(0)
    assert who.home is not None and who.home.code == "KE"
    items = [writer.outcome(who, year, f"{who.id}-{year}-{number:05d}") for number in range(1, outcomes + 1)]
    _dump_yaml(path, _submission(who, year, items))
    return path


def write_folder(
    folder: Path,
    years: int,
    entities: int,
    *,
    start_year: int = START_YEAR,
    seed: int = 1,
    messy_share: float = 0.02,
) -> int:
    """A data repository: per year, one YAML file per section and one CSV for the projects.

    Returns the number of outcomes written, which is also kept in the hidden file ``.outcomes``
    (impactagg skips hidden files) for whoever reads the folder later.
    """
    rng = random.Random(seed)
    writer = OutcomeWriter(rng, messy_share)
    total = 0
    for year in range(start_year, start_year + years):
        sections = folder / str(year) / "sections"
        sections.mkdir(parents=True, exist_ok=True)
        project_rows: list[list[str]] = []
        for index in range(entities):
            who = entity(index)
            count = _pick(rng, COUNT_POOL)
            items = [writer.outcome(who, year, f"{who.id}-{year}-{n:02d}") for n in range(1, count + 1)]
            total += count
            if who.type == SECTION:
                _dump_yaml(sections / f"{who.id}.yaml", _submission(who, year, items))
            else:
                project_rows.extend(_cells(who, who.id, year, outcome) for outcome in items)
        if not project_rows:
            continue  # a header without rows is an invalid table: too few entities to reach a project
        with (folder / str(year) / "international_projects.csv").open(
            "w", encoding="utf-8", newline=""
        ) as out:
            writer_csv = csv.writer(out, lineterminator="\r\n")
            writer_csv.writerow(COLUMNS)
            writer_csv.writerows(project_rows)
    (folder / ".outcomes").write_text(f"{total}\n", encoding="utf-8")
    return total


def table_schema() -> dict[str, Any]:
    """A Frictionless Table Schema with the checks of the standard that a Table Schema can express.

    Codes are matched case-insensitively with surrounding spaces allowed (``(?i:...)``: frictionless
    anchors a pattern as ``^...$``), impact types also by number, goals also as ``2.0``, countries
    against the ISO list, outcome ids unique. What it cannot express: entity details repeated
    identically per entity, uniqueness per year and without case, dates inside the reporting year.
    """
    import pycountry

    def codes(values: Sequence[str]) -> str:
        return r"(?i:\s*(?:" + "|".join(values) + r")\s*)"

    identifier = {"pattern": r"[A-Za-z0-9][A-Za-z0-9._-]*", "maxLength": 100}
    text_required = {"required": True, "pattern": r"(?s:.*\S.*)"}
    countries = sorted(country.alpha_2 for country in pycountry.countries)
    constraints: dict[str, dict[str, Any]] = {
        "entity_id": {"required": True, **identifier},
        "entity_name": text_required,
        "entity_type": {"required": True, "pattern": codes([kind.value for kind in EntityType])},
        "region": {"required": True, "pattern": codes([region.value for region in Region])},
        "year": {"required": True, "minimum": 1900, "maximum": 2100},
        "outcome_id": {"required": True, "unique": True, **identifier},
        "title": text_required,
        "description": text_required,
        "impact_type": {
            "required": True,
            "pattern": codes([member.value for member in ImpactType] + [r"[1-6](?:\.0+)?"]),
        },
        "strategic_goal": {"required": True, "pattern": r"\s*[1-5](?:\.0+)?\s*"},
        "expectation": {"required": True, "pattern": codes([member.value for member in Expectation])},
        "target": {"required": True, "pattern": codes([member.value for member in Target])},
        "country": {"pattern": codes(countries)},
    }
    assert [goal.value for goal in StrategicGoal] == ["1", "2", "3", "4", "5"]
    fields = []
    for name in COLUMNS:
        kind = "integer" if name == "year" else "date" if name == "date" else "string"
        described: dict[str, Any] = {"name": name, "type": kind}
        if name in constraints:
            described["constraints"] = constraints[name]
        fields.append(described)
    return {"fields": fields, "missingValues": [""]}


# --- checking a report against the sidecar -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Check:
    """The injected problems impactagg did not report, and the problems it reported beyond them."""

    expected: int
    missing: list[tuple[int, str | None, str]]
    unexpected: list[tuple[int, str | None, str]]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.unexpected

    def describe(self) -> str:
        if self.ok:
            return f"all {self.expected:,} bad cells reported, nothing else"
        return (
            f"{self.expected - len(self.missing):,}/{self.expected:,} bad cells reported, "
            f"{len(self.missing):,} missing (first: {self.missing[:3]}), "
            f"{len(self.unexpected):,} unexpected (first: {self.unexpected[:3]})"
        )


def check_report(report: dict[str, Any], sidecar: dict[str, Any]) -> Check:
    """Compare ``impactagg validate --format json`` output with the errors the generator injected.

    Problems are matched on (line, column name, problem code), as a multiset: each bad cell
    must be reported exactly once, and nothing else may be.
    """
    expected = Counter((error["line"], error["column"], error["code"]) for error in sidecar["errors"])
    reported = Counter(
        (problem["line"], problem["field"], problem["code"])
        for file in report["files"]
        for problem in file["problems"]
    )
    return Check(
        sum(expected.values()),
        sorted((expected - reported).elements(), key=str),
        sorted((reported - expected).elements(), key=str),
    )


# --- command line ------------------------------------------------------------------------------


def _share(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 0.5:
        raise argparse.ArgumentTypeError("give a share from 0 to 0.5 (0.01 is 1%)")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    as_csv = commands.add_parser("csv", help="one consolidated CSV of many entities and years")
    as_csv.add_argument("--rows", type=int, required=True)
    as_csv.add_argument("--years", type=int, default=1)
    as_csv.add_argument("--error-share", type=_share, default=0.0, help="share of rows with one bad cell")
    as_csv.add_argument("--messy-share", type=_share, default=0.02, help="share of valid but untidy rows")
    as_yaml = commands.add_parser("yaml", help="one YAML submission")
    as_yaml.add_argument("--outcomes", type=int, required=True)
    as_yaml.add_argument("--messy-share", type=_share, default=0.02)
    folder = commands.add_parser("folder", help="a data repository: a folder per year")
    folder.add_argument("--years", type=int, default=1)
    folder.add_argument("--entities", type=int, required=True, help="entities per year")
    folder.add_argument("--messy-share", type=_share, default=0.02)
    schema = commands.add_parser("table-schema", help="the Frictionless Table Schema of the CSV form")
    check = commands.add_parser(
        "check", help="compare a validate --format json report with a CSV's bad cells (exit 1 if they differ)"
    )
    check.add_argument("report", type=Path, help="the output of impactagg validate --format json")
    check.add_argument("csv_file", type=Path, help="the generated CSV (its sidecar is read)")
    for command in (as_csv, as_yaml, folder):
        command.add_argument("--seed", type=int, default=1)
        command.add_argument(
            "--start-year" if command is not as_yaml else "--year", type=int, default=START_YEAR
        )
    for command in (as_csv, as_yaml, folder, schema):
        command.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "check":
        result = check_report(
            json.loads(args.report.read_text(encoding="utf-8")),
            json.loads(sidecar_path(args.csv_file).read_text(encoding="utf-8")),
        )
        print(result.describe())
        return 0 if result.ok else 1
    if args.command == "csv":
        info = write_csv(
            args.output,
            args.rows,
            args.years,
            start_year=args.start_year,
            error_share=args.error_share,
            messy_share=args.messy_share,
            seed=args.seed,
        )
        print(
            f"{info.path}: {info.rows:,} rows, {info.entities:,} submissions, "
            f"{len(info.injected):,} bad cells"
        )
        print(f"{info.sidecar}: the bad cells (line, column, kind, problem code)")
    elif args.command == "yaml":
        write_yaml(args.output, args.outcomes, year=args.year, seed=args.seed, messy_share=args.messy_share)
        print(f"{args.output}: 1 submission, {args.outcomes:,} outcomes")
    elif args.command == "folder":
        total = write_folder(
            args.output,
            args.years,
            args.entities,
            start_year=args.start_year,
            seed=args.seed,
            messy_share=args.messy_share,
        )
        print(f"{args.output}: {args.years} years, {args.entities} entities a year, {total:,} outcomes")
    else:
        args.output.write_text(json.dumps(table_schema(), indent=1) + "\n", encoding="utf-8")
        print(f"{args.output}: Table Schema for frictionless")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
