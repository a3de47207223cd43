"""Generate the synthetic 2016 sample submissions in ``sample_data/2016/``.

Why this exists: impactagg needs realistic input to demonstrate, test and benchmark
against, but real submissions are internal documents that cannot be published. This
script writes a synthetic year of submissions (50 sections, 30 international projects,
350 outcomes) whose aggregate figures reproduce the published 2016 impact review:
the expectation split (49% exceeded, 44% met, 7% negative), tangible government action
in 70% of sections and 43% of projects, goal 1 closest to expectations, goals 2 and 3
with the most negative outcomes, and almost two thirds of Middle East and North Africa
outcomes at the minimum expectation.

The data mixes the formats the tool reads (one YAML file per section, a consolidated
CSV plus some YAML files for projects) and includes the awkward bits real files have:
non-ASCII names, a multi-line CSV cell, an empty submission, a country code ("NO") that
YAML 1.1 would read as a boolean if it were not quoted.

Everything is deterministic (``random.Random(2016)``): running the script twice gives
byte-identical files. It deletes and rewrites ``sample_data/2016/``, then reads the
files back and asserts every target figure, so an edit that breaks a figure fails
loudly. Run it from the repository root::

    python scripts/make_sample_data.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import shutil
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

SEED = 2016
YEAR = 2016
ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "sample_data" / str(YEAR)
SCHEMA_LINE = "# yaml-language-server: $schema=../../../schemas/submission.schema.json"
CSV_NAME = "international_projects.csv"
CSV_HEADER = [
    "entity_id",
    "entity_name",
    "entity_type",
    "region",
    "year",
    "outcome_id",
    "title",
    "description",
    "impact_type",
    "strategic_goal",
    "expectation",
    "target",
    "country",
    "date",
    "contribution",
    "sources",
    "corroborated_by",
]
OUTCOME_KEYS = [
    "id",
    "title",
    "description",
    "impact_type",
    "strategic_goal",
    "expectation",
    "target",
    "country",
    "date",
    "contribution",
    "sources",
    "corroborated_by",
]

# --- codes -----------------------------------------------------------------------------------

SECTION = "section"
PROJECT = "international_project"
AFR, AME, ASA, EUR, MENA = (
    "africa",
    "americas",
    "asia_pacific",
    "europe_central_asia",
    "middle_east_north_africa",
)
REGIONS = (AFR, AME, ASA, EUR, MENA)
CAS, CAB, EC, SC, IS, ID = (
    "concrete_action_specific",
    "concrete_action_broad",
    "enhanced_capacity",
    "strengthened_calls",
    "influenced_standards",
    "increased_dialogue",
)
IMPACT_TYPES = (CAS, CAB, EC, SC, IS, ID)
CONCRETE = (CAS, CAB)
GOV, OG, RB, IB, CS, RH, GP, CORP = (
    "government",
    "other_government",
    "regional_body",
    "international_body",
    "civil_society",
    "rights_holders",
    "general_public",
    "corporate",
)
TARGETS = (GOV, OG, RB, IB, CS, RH, GP, CORP)
EXCEEDED, MET, NEGATIVE = "exceeded", "met", "negative"
EXPECTATIONS = (EXCEEDED, MET, NEGATIVE)
GOALS = (1, 2, 3, 4, 5)

# --- the figures to reproduce ----------------------------------------------------------------

TOTAL_OUTCOMES = 350
EXPECTATION_TOTALS = {EXCEEDED: 172, MET: 154, NEGATIVE: 24}
# goal -> (exceeded, met, negative). Goal 1 has the highest share met (45/85); goals 2 and 3
# have the same, highest share negative (8/80).
GOAL_MATRIX = {1: (37, 45, 3), 2: (40, 32, 8), 3: (40, 32, 8), 4: (30, 27, 3), 5: (25, 18, 2)}
MENA_EXPECTATIONS = {EXCEEDED: 9, MET: 20, NEGATIVE: 2}  # 20/31 met: "almost two thirds"
SECTIONS_WITH_GOV_ACTION = 35  # of 50: 70%
PROJECTS_WITH_GOV_ACTION = 13  # of 30: 43%
CORROBORATED = 117  # about a third of 350
EMPTY_SECTION = "AI-MN"
# Outcome totals per group of entities; they add up to 350 and give MENA 31 outcomes.
GROUP_TOTALS = {(SECTION, False): 218, (SECTION, True): 14, (PROJECT, False): 101, (PROJECT, True): 17}

# --- countries -------------------------------------------------------------------------------

COUNTRIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "KE": ("Kenya", ("Nairobi", "Mombasa", "Kisumu")),
    "ZA": ("South Africa", ("Johannesburg", "Cape Town", "Durban")),
    "NG": ("Nigeria", ("Lagos", "Abuja", "Port Harcourt", "Maiduguri")),
    "GH": ("Ghana", ("Accra", "Kumasi", "Tamale")),
    "SN": ("Senegal", ("Dakar", "Ziguinchor", "Saint-Louis")),
    "SL": ("Sierra Leone", ("Freetown", "Bo", "Kenema")),
    "TG": ("Togo", ("Lomé", "Sokodé", "Kara")),
    "BF": ("Burkina Faso", ("Ouagadougou", "Bobo-Dioulasso", "Koudougou")),
    "CI": ("Côte d'Ivoire", ("Abidjan", "Bouaké", "Yamoussoukro")),
    "ZW": ("Zimbabwe", ("Harare", "Bulawayo", "Mutare")),
    "UG": ("Uganda", ("Kampala", "Gulu", "Mbarara")),
    "RW": ("Rwanda", ("Kigali", "Huye", "Musanze")),
    "BI": ("Burundi", ("Bujumbura", "Gitega", "Ngozi")),
    "ET": ("Ethiopia", ("Addis Ababa", "Gondar", "Ambo")),
    "SS": ("South Sudan", ("Juba", "Malakal", "Bentiu")),
    "TZ": ("Tanzania", ("Dar es Salaam", "Mwanza", "Arusha")),
    "CM": ("Cameroon", ("Yaoundé", "Maroua", "Douala")),
    "ML": ("Mali", ("Bamako", "Gao", "Mopti")),
    "NE": ("Niger", ("Niamey", "Diffa", "Agadez")),
    "TD": ("Chad", ("N'Djamena", "Bol", "Abéché")),
    "MW": ("Malawi", ("Lilongwe", "Blantyre", "Zomba")),
    "MZ": ("Mozambique", ("Maputo", "Beira", "Tete")),
    "ZM": ("Zambia", ("Lusaka", "Ndola", "Kitwe")),
    "SD": ("Sudan", ("Khartoum", "El Fasher", "Kadugli")),
    "SO": ("Somalia", ("Mogadishu", "Baidoa", "Kismayo")),
    "CD": ("the Democratic Republic of the Congo", ("Kinshasa", "Goma", "Kolwezi")),
    "GM": ("the Gambia", ("Banjul", "Serekunda", "Brikama")),
    "GN": ("Guinea", ("Conakry", "Kankan", "Nzérékoré")),
    "AO": ("Angola", ("Luanda", "Cabinda", "Lobito")),
    "ER": ("Eritrea", ("Asmara", "Massawa", "Keren")),
    "AR": ("Argentina", ("Buenos Aires", "Córdoba", "Rosario")),
    "BR": ("Brazil", ("São Paulo", "Rio de Janeiro", "Belém")),
    "CA": ("Canada", ("Toronto", "Montréal", "Vancouver")),
    "CL": ("Chile", ("Santiago", "Valparaíso", "Temuco")),
    "MX": ("Mexico", ("Mexico City", "Ciudad Juárez", "Oaxaca", "Tapachula")),
    "PY": ("Paraguay", ("Asunción", "Ciudad del Este", "Concepción")),
    "PE": ("Peru", ("Lima", "Cusco", "Cajamarca")),
    "UY": ("Uruguay", ("Montevideo", "Salto", "Paysandú")),
    "US": ("the United States", ("New York", "Chicago", "Houston")),
    "VE": ("Venezuela", ("Caracas", "Maracaibo", "Barquisimeto")),
    "PR": ("Puerto Rico", ("San Juan", "Ponce", "Mayagüez")),
    "GT": ("Guatemala", ("Guatemala City", "Huehuetenango", "Quetzaltenango")),
    "HN": ("Honduras", ("Tegucigalpa", "San Pedro Sula", "La Esperanza")),
    "SV": ("El Salvador", ("San Salvador", "Santa Ana", "San Miguel")),
    "NI": ("Nicaragua", ("Managua", "León", "Bluefields")),
    "BO": ("Bolivia", ("La Paz", "Cochabamba", "Santa Cruz")),
    "EC": ("Ecuador", ("Quito", "Guayaquil", "Lago Agrio")),
    "CO": ("Colombia", ("Bogotá", "Medellín", "Popayán")),
    "DO": ("the Dominican Republic", ("Santo Domingo", "Santiago de los Caballeros", "Dajabón")),
    "HT": ("Haiti", ("Port-au-Prince", "Cap-Haïtien", "Anse-à-Pitres")),
    "AU": ("Australia", ("Sydney", "Melbourne", "Darwin")),
    "HK": ("Hong Kong", ("Kowloon", "Wan Chai", "Sha Tin")),
    "IN": ("India", ("New Delhi", "Mumbai", "Bengaluru", "Srinagar")),
    "JP": ("Japan", ("Tokyo", "Osaka", "Sapporo")),
    "KR": ("South Korea", ("Seoul", "Busan", "Gwangju")),
    "MY": ("Malaysia", ("Kuala Lumpur", "Penang", "Kota Kinabalu")),
    "MN": ("Mongolia", ("Ulaanbaatar", "Darkhan", "Erdenet")),
    "NP": ("Nepal", ("Kathmandu", "Pokhara", "Biratnagar")),
    "NZ": ("New Zealand", ("Auckland", "Wellington", "Christchurch")),
    "PH": ("the Philippines", ("Manila", "Davao", "Cebu")),
    "CN": ("China", ("Beijing", "Guangzhou", "Wuhan")),
    "VN": ("Viet Nam", ("Hanoi", "Ho Chi Minh City", "Vinh")),
    "ID": ("Indonesia", ("Jakarta", "Jayapura", "Medan")),
    "MM": ("Myanmar", ("Yangon", "Sittwe", "Myitkyina")),
    "BD": ("Bangladesh", ("Dhaka", "Cox's Bazar", "Chittagong")),
    "TH": ("Thailand", ("Bangkok", "Chiang Mai", "Pattani")),
    "KH": ("Cambodia", ("Phnom Penh", "Siem Reap", "Battambang")),
    "TW": ("Taiwan", ("Taipei", "Kaohsiung", "Taichung")),
    "AT": ("Austria", ("Vienna", "Graz", "Linz")),
    "BE": ("Belgium", ("Brussels", "Antwerp", "Liège")),
    "CH": ("Switzerland", ("Zürich", "Geneva", "Bern")),
    "DE": ("Germany", ("Berlin", "Munich", "Köln")),
    "ES": ("Spain", ("Madrid", "Barcelona", "Melilla")),
    "FI": ("Finland", ("Helsinki", "Tampere", "Turku")),
    "FR": ("France", ("Paris", "Calais", "Marseille")),
    "GB": ("the United Kingdom", ("London", "Belfast", "Glasgow")),
    "GR": ("Greece", ("Athens", "Thessaloniki", "Lesvos")),
    "IE": ("Ireland", ("Dublin", "Cork", "Galway")),
    "NL": ("the Netherlands", ("Amsterdam", "Rotterdam", "The Hague")),
    "NO": ("Norway", ("Oslo", "Bergen", "Tromsø")),
    "PL": ("Poland", ("Warsaw", "Kraków", "Łódź")),
    "SE": ("Sweden", ("Stockholm", "Gothenburg", "Malmö")),
    "TR": ("Turkey", ("Istanbul", "Ankara", "Diyarbakır")),
    "CZ": ("the Czech Republic", ("Prague", "Brno", "Ostrava")),
    "SK": ("Slovakia", ("Bratislava", "Košice", "Prešov")),
    "HU": ("Hungary", ("Budapest", "Röszke", "Miskolc")),
    "RO": ("Romania", ("Bucharest", "Cluj-Napoca", "Baia Mare")),
    "BG": ("Bulgaria", ("Sofia", "Plovdiv", "Harmanli")),
    "IT": ("Italy", ("Rome", "Lampedusa", "Milan")),
    "RU": ("Russia", ("Moscow (Москва)", "Kazan (Казань)", "Vladimir (Владимир)")),
    "KZ": ("Kazakhstan", ("Almaty", "Astana", "Zhanaozen (Жаңаөзен)")),
    "KG": ("Kyrgyzstan", ("Bishkek", "Osh", "Jalal-Abad")),
    "TJ": ("Tajikistan", ("Dushanbe", "Khujand", "Khorog")),
    "UZ": ("Uzbekistan", ("Tashkent", "Andijan", "Samarkand")),
    "TM": ("Turkmenistan", ("Ashgabat", "Türkmenabat", "Dashoguz")),
    "UA": ("Ukraine", ("Kyiv", "Mariupol", "Sloviansk (Слов'янськ)")),
    "AZ": ("Azerbaijan", ("Baku", "Ganja", "Sumqayit")),
    "BY": ("Belarus", ("Minsk (Мінск)", "Gomel (Гомель)", "Brest (Брэст)")),
    "DZ": ("Algeria", ("Algiers", "Oran", "Ghardaïa")),
    "IL": ("Israel", ("Tel Aviv", "Haifa", "Beersheba")),
    "MA": ("Morocco", ("Rabat", "Casablanca", "Al Hoceima (الحسيمة)")),
    "TN": ("Tunisia", ("Tunis", "Sfax", "Gafsa (قفصة)")),
    "SY": ("Syria", ("Aleppo", "Homs", "Idlib")),
    "LB": ("Lebanon", ("Beirut", "Tripoli", "Arsal")),
    "JO": ("Jordan", ("Amman", "Zarqa", "Mafraq")),
    "SA": ("Saudi Arabia", ("Riyadh", "Jeddah", "Qatif")),
    "BH": ("Bahrain", ("Manama", "Sitra", "Diraz")),
    "AE": ("the United Arab Emirates", ("Abu Dhabi", "Dubai", "Sharjah")),
    "KW": ("Kuwait", ("Kuwait City", "Jahra", "Al Ahmadi")),
    "QA": ("Qatar", ("Doha", "Al Wakrah", "Al Khor")),
    "IQ": ("Iraq", ("Baghdad", "Mosul", "Fallujah", "Erbil")),
    "PS": ("Palestine", ("Gaza City", "Ramallah", "Hebron (الخليل)")),
    "LY": ("Libya", ("Tripoli", "Benghazi", "Misrata")),
    "EG": ("Egypt", ("Cairo", "Alexandria", "Ismailia")),
    "IR": ("Iran", ("Tehran", "Tabriz", "Zahedan")),
    "YE": ("Yemen", ("Sana'a", "Aden", "Taiz")),
}


def _group(codes: str) -> frozenset[str]:
    return frozenset(codes.split())


# Country groups that keep the stories plausible.
RESTRICTIVE = _group(
    "KE NG ZW TG SL CI BF SN UG RW BI ET SS TZ CM TD ML NE SD SO CD GM GN AO MZ ZM MW VE MX GT HN SV "
    "NI BO EC CO PE PY BR CN HK IN MY NP PH TH KH VN ID MM BD MN TR RU KZ KG TJ UZ TM UA AZ BY HU PL "
    "DZ MA TN EG LY IL PS SA BH AE KW QA IQ SY LB JO IR ER"
)
ROMA = _group("CZ SK HU RO BG IT GR FR ES")
ALBINISM = _group("MW MZ TZ KE ZA ZM BI NG")
ABORTION_AMERICAS = _group("SV HN NI CL PY DO GT BO EC PE MX BR AR VE")
ABORTION_RESTRICTED = ABORTION_AMERICAS | _group(
    "IE PL KR SL KE NG SN MA DZ EG MY PH CI BF TG ZW IR UG TZ MW"
)
INDIGENOUS = _group("PE PY BR CO EC BO GT MX CA AU NZ PH MY KE CL AR US ID TW HN NI")
DEATH_PENALTY = _group(
    "MY IN JP US NG KE GH SL ZW MA DZ TN KR TW CN VN ID SA IQ EG BH KW AE BD TH TZ ZM MW CM TD IR BY "
    "LB JO PS SD SS UG ET"
)
HOSTS = _group(
    "LB JO TR KE UG ET TH MY BD DE GR IT SE AT NO MX PE CO EG IQ TD NE CM TZ RW ZA HU BG ES FR GB NL "
    "BE CH FI IE CA AU US BR AR CL EC IN NP ID"
)
ARMS_EXPORTERS = _group("NL BE DE SE NO FI CH FR GB ES AT IE CA AU KR JP US IT PL CZ TR BR ZA")
ARMS_DESTINATIONS = ("YE", "SY", "SS", "LY", "IQ")
CONFLICT = _group("SY SS SD SO CD YE IQ MM UA LY ML NG CM NE TD BI CO PH PS")
RESETTLEMENT = _group("AU CA NZ NO SE FI DE IE NL BE CH GB FR ES AT US AR BR UY CL JP KR")
DISAPPEARANCES = _group("MX CO GT PE AR CL NP PH DZ SY BD TR SV HN EG SD CD BI ZW LB IQ")
PROFILING = _group("AT BE CH DE ES FI FR GB GR IE NL NO PL SE US CA BR AU ZA IL")
PROTEST_KILLINGS = _group("KE NG ET TG BI CD VE MX TR EG BH IN ZW CM GN UG SD GM")
CITIZENS_ASSEMBLY = _group("IE PL CL AR BR KR MX PE EC BO SV HN GT SL KE GH PH")
WAR_CRIMES = ("SY", "SS", "YE", "IQ", "MM", "UA", "LY", "CD", "SD")
MANDATORY_DEATH_PENALTY = _group("MY KE NG GH SL TZ ZM BD IN SG")
SPOUSAL_CONSENT = _group("ID MY PH KE NG SN BF TG CI SL ZW MA DZ EG NP TZ MW MZ UG ET CM TD ML NE AO TR")
OIL = _group("NG EC PE AO SS GH KZ CO VE CA BR MX LY DZ IQ SD TD CM ID MY AZ")
# Countries of concern a section's own government may raise with others.
CONCERN = ("CN", "SA", "EG", "AZ", "BH", "RU", "IR", "SY", "ER", "BI", "SD", "MM", "VE", "TR", "ET")
# Second-country governments an international project may persuade to speak up.
ACTING_STATES = (
    "NO",
    "CA",
    "DE",
    "NL",
    "SE",
    "CH",
    "GB",
    "FR",
    "IE",
    "FI",
    "BE",
    "AU",
    "NZ",
    "JP",
    "MX",
    "BR",
    "AR",
    "ZA",
    "GH",
    "SN",
)


@dataclass(frozen=True)
class Body:
    """A regional body, the countries it covers (empty: the whole region) and the goals it works on."""

    name: str
    members: frozenset[str] = frozenset()
    goals: tuple[int, ...] = GOALS


ECOWAS = _group("SN GH NG SL TG BF CI GM GN ML NE")
SADC = _group("ZA ZW MW MZ ZM AO TZ CD")
EAC = _group("KE UG RW BI TZ SS")
ASEAN = _group("ID MY TH PH KH VN MM")
EU = _group("AT BE DE ES FI FR GR IE NL PL SE CZ SK HU RO BG IT GB")
COUNCIL_OF_EUROPE = _group("AT BE CH DE ES FI FR GB GR IE NL NO PL SE TR CZ SK HU RO BG IT RU UA AZ")
ARAB_LEAGUE = _group("DZ MA TN LY EG SA BH AE KW QA IQ SY LB JO PS YE")
REGIONAL_BODIES = {
    AFR: (
        Body("the African Commission on Human and Peoples' Rights"),
        Body("the African Union Peace and Security Council", goals=(3, 4)),
        Body("the ECOWAS Commission", ECOWAS, (1, 2, 3, 4)),
        Body("the SADC Parliamentary Forum", SADC, (1, 2, 4, 5)),
        Body("the East African Legislative Assembly", EAC, (1, 2, 3, 4)),
    ),
    AME: (
        Body("the Inter-American Commission on Human Rights"),
        Body("the OAS General Assembly"),
        Body("the OAS Permanent Council", goals=(1, 3, 4)),
    ),
    ASA: (
        Body("the ASEAN Intergovernmental Commission on Human Rights", ASEAN),
        Body("the Pacific Islands Forum", _group("AU NZ"), (2, 3)),
    ),
    EUR: (
        Body("the Council of Europe Committee of Ministers", COUNCIL_OF_EUROPE),
        Body("the European Parliament", EU),
        Body("the Parliamentary Assembly of the Council of Europe", COUNCIL_OF_EUROPE),
        Body("the OSCE Office for Democratic Institutions and Human Rights", goals=(1, 4)),
    ),
    MENA: (
        Body("the Arab Human Rights Committee", ARAB_LEAGUE, (1, 2, 4)),
        Body("the League of Arab States", ARAB_LEAGUE, (3, 4)),
        Body("the Arab Parliament", ARAB_LEAGUE, (2, 3)),
    ),
}
INTERNATIONAL_BODIES = (
    "the UN Human Rights Council",
    "the UN Human Rights Committee",
    "the UN General Assembly Third Committee",
    "the UN Committee against Torture",
)
RAPPORTEURS = {
    1: ("the situation of human rights defenders", "freedom of peaceful assembly and of association"),
    2: ("adequate housing", "violence against women"),
    3: ("the human rights of migrants", "the human rights of internally displaced persons"),
    4: ("torture", "extrajudicial, summary or arbitrary executions"),
    5: ("the right to education",),
}
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

# --- entities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    region: str
    countries: tuple[str, ...]
    goal: int = 0  # a project's main goal; 0 for sections
    fmt: str = "yaml"  # "yaml" or "csv"


def _sections() -> list[Entity]:
    by_region = {
        AFR: "KE ZA NG GH SN SL TG BF CI ZW",
        AME: "AR BR CA CL MX PY PE UY US VE PR",
        ASA: "AU HK IN JP KR MY MN NP NZ PH",
        EUR: "AT BE CH DE ES FI FR GB GR IE NL NO PL SE TR",
        MENA: "DZ IL MA TN",
    }
    special = {"US": "USA", "GB": "UK"}
    sections = []
    for region, codes in by_region.items():
        for code in codes.split():
            name = special.get(code) or COUNTRIES[code][0].removeprefix("the ")
            sections.append(Entity(f"AI-{code}", f"Amnesty International {name}", SECTION, region, (code,)))
    return sections


def _projects() -> list[Entity]:
    rows = [
        # id suffix, office, topic, region, focus countries, main goal, format
        ("AFR-DEFENDERS", "Nairobi", "Human rights defenders", AFR, "KE UG RW BI ET SS TZ", 1, "csv"),
        (
            "AFR-AU-MECHANISMS",
            "Johannesburg",
            "African Union and regional mechanisms",
            AFR,
            "ET ZA NG KE BI SS",
            4,
            "csv",
        ),
        ("AFR-SAHEL-CONFLICT", "Dakar", "Lake Chad and Sahel conflict", AFR, "CM NG ML NE TD BF", 3, "csv"),
        ("AFR-ALBINISM", "Johannesburg", "Albinism and discrimination", AFR, "MW MZ TZ ZA ZM", 2, "csv"),
        (
            "AFR-GREAT-LAKES",
            "Nairobi",
            "Great Lakes and Horn crisis response",
            AFR,
            "SS SD SO CD BI",
            3,
            "yaml",
        ),
        (
            "AFR-WEST-JUSTICE",
            "Dakar",
            "West Africa justice and accountability",
            AFR,
            "GM GN SN CI TG BF",
            4,
            "csv",
        ),
        (
            "AFR-EVICTIONS",
            "Johannesburg",
            "Housing rights and forced evictions",
            AFR,
            "AO ZW ZA MZ NG",
            2,
            "yaml",
        ),
        (
            "AME-DEFENDERS",
            "Mexico City",
            "Central America human rights defenders",
            AME,
            "GT HN SV MX NI",
            1,
            "csv",
        ),
        ("AME-SRHR", "Lima", "Sexual and reproductive rights", AME, "PE CL BO EC PY AR", 2, "csv"),
        ("AME-MIGRANTS", "Mexico City", "Migrants and refugees in transit", AME, "MX GT HN SV US", 3, "csv"),
        ("AME-IACHR", "Washington DC", "Inter-American system advocacy", AME, "CO VE BR US MX", 4, "csv"),
        ("AME-INDIGENOUS", "Lima", "Indigenous peoples' land rights", AME, "PE PY BR CO EC", 2, "yaml"),
        ("AME-STATELESSNESS", "Washington DC", "Statelessness in the Caribbean", AME, "DO HT", 2, "yaml"),
        (
            "ASA-DEATH-PENALTY",
            "Hong Kong",
            "Death penalty in East and Southeast Asia",
            ASA,
            "CN MY VN ID JP TW",
            4,
            "csv",
        ),
        ("ASA-LAWYERS", "Hong Kong", "Human rights lawyers in China", ASA, "CN HK", 1, "csv"),
        ("ASA-ROHINGYA", "Hong Kong", "Myanmar and Rohingya crisis", ASA, "MM BD TH MY", 3, "csv"),
        ("ASA-ASEAN", "Hong Kong", "ASEAN regional advocacy", ASA, "ID MY TH PH KH VN", 1, "yaml"),
        ("ASA-LGBTI", "Hong Kong", "LGBTI rights in East Asia", ASA, "KR TW JP CN MN", 2, "yaml"),
        ("EUR-EU-MIGRATION", "Brussels", "EU migration and asylum policy", EUR, "GR IT HU ES BG", 3, "csv"),
        (
            "EUR-COUNTER-TERROR",
            "Brussels",
            "Counter-terrorism and human rights",
            EUR,
            "FR BE DE GB HU",
            1,
            "csv",
        ),
        ("EUR-ROMA", "Brussels", "Roma rights and discrimination", EUR, "CZ SK HU RO BG", 2, "csv"),
        ("EUR-RUSSIA-CIVIC", "Moscow", "Civic space in Russia and Belarus", EUR, "RU BY", 1, "csv"),
        (
            "EUR-CENTRAL-ASIA",
            "Moscow",
            "Torture prevention in Central Asia",
            EUR,
            "KZ KG TJ UZ TM",
            4,
            "yaml",
        ),
        ("EUR-UKRAINE", "Moscow", "Eastern Ukraine and Crimea conflict", EUR, "UA RU", 3, "yaml"),
        ("MENA-SYRIA-CRISIS", "Beirut", "Syria crisis and refugees", MENA, "SY LB JO", 3, "csv"),
        ("MENA-GULF-DEFENDERS", "Beirut", "Gulf human rights defenders", MENA, "SA BH AE KW QA", 1, "csv"),
        ("MENA-IRAQ", "Beirut", "Iraq detentions and accountability", MENA, "IQ", 4, "csv"),
        (
            "MENA-OPT",
            "East Jerusalem",
            "Israel and the Occupied Palestinian Territories",
            MENA,
            "IL PS",
            4,
            "yaml",
        ),
        ("MENA-NORTH-AFRICA", "Tunis", "North Africa freedoms", MENA, "TN DZ MA LY EG", 1, "csv"),
        ("MENA-WOMEN", "Tunis", "Women's rights in North Africa", MENA, "TN MA DZ EG", 2, "yaml"),
    ]
    return [
        Entity(
            f"IP-{suffix}",
            f"{office} Regional Office: {topic} project",
            PROJECT,
            region,
            tuple(countries.split()),
            goal,
            fmt,
        )
        for suffix, office, topic, region, countries, goal, fmt in rows
    ]


# --- outcome templates ---------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """One outcome pattern. Slots: {country} {place} {other} {body} {n} {when}."""

    goal: int
    impact: str
    target: str
    title: str
    desc: str
    contrib: str
    negative: bool = False
    who: str = "both"  # section | project | both
    countries: frozenset[str] = frozenset()  # where the story is plausible (empty: anywhere)
    others: tuple[str, ...] = ()  # choices for {other} (empty: the default list)
    n: tuple[int, int] = (2, 50)
    bodies: tuple[str, ...] = ()  # choices for {body} (empty: by target and region)


def _t(goal: int, impact: str, target: str, title: str, desc: str, contrib: str, **kw: Any) -> Template:
    return Template(goal, impact, target, title, desc, contrib, **kw)


def _neg(goal: int, impact: str, target: str, title: str, desc: str, contrib: str, **kw: Any) -> Template:
    return Template(goal, impact, target, title, desc, contrib, negative=True, **kw)


HRC_GA = ("the UN Human Rights Council", "the UN General Assembly Third Committee")

TEMPLATES: tuple[Template, ...] = (
    # ---------------------------------------------------------------- goal 1: freedoms
    _t(
        1,
        CAS,
        GOV,
        "Prisoner of conscience freed after {n} months in detention in {country}",
        "{when}, authorities in {country} released a student leader held in {place} solely for organising "
        "a peaceful protest. The release followed a judicial review of the case.",
        "We adopted the student as a prisoner of conscience, mobilised members to send appeals and raised "
        "the case with the justice ministry.",
        countries=RESTRICTIVE,
        n=(6, 40),
    ),
    _t(
        1,
        CAS,
        GOV,
        "Charges dropped against {n} people arrested at peaceful protest in {place}",
        "{when}, the prosecutor in {place}, {country}, withdrew charges of unlawful assembly against {n} "
        "people detained during a peaceful march. All of them were released without conditions.",
        "We monitored the march, published testimonies from those arrested and briefed their defence "
        "lawyers.",
        n=(5, 60),
    ),
    _t(
        1,
        CAS,
        GOV,
        "Human rights organisation in {place} allowed to re-register after ban",
        "{when}, the registrar in {country} restored the legal registration of a human rights organisation "
        "based in {place}, which had been deregistered after criticising the security forces. Its staff "
        "resumed their work within weeks.",
        "We issued a joint appeal with the organisation and raised the ban with the registrar and with "
        "embassies.",
        countries=RESTRICTIVE,
    ),
    _t(
        1,
        CAS,
        GOV,
        "Appeal court in {place} overturns blogger's conviction for insulting officials",
        "{when}, an appeal court in {place}, {country}, quashed the conviction of a blogger sentenced for "
        "posts about police corruption. The blogger was freed the same day.",
        "We published an analysis of the charges, sent a trial observer and kept the case in the media.",
        countries=RESTRICTIVE,
    ),
    _t(
        1,
        CAS,
        GOV,
        "Prosecutors in {place} drop cases against {n} land rights defenders",
        "{when}, the prosecutor's office in {place}, {country}, closed criminal cases against {n} community "
        "leaders who had opposed a hydroelectric project, ending a pattern of using the courts against "
        "them.",
        "We documented the cases, met the attorney general's office and accompanied the defenders to "
        "hearings.",
        countries=RESTRICTIVE,
        n=(3, 18),
    ),
    _t(
        1,
        CAS,
        CORP,
        "Mobile operator restores internet access cut during protests in {place}",
        "{when}, the main mobile operator in {country} restored data services in {place} after cutting "
        "them for {n} days while residents protested. The company also published the order it had "
        "received from the authorities.",
        "We wrote to the operator's head office and shareholders about their responsibility to respect "
        "freedom of expression.",
        countries=RESTRICTIVE,
        n=(3, 21),
    ),
    _t(
        1,
        CAB,
        GOV,
        "Lawmakers in {country} shelve bill restricting foreign funding of NGOs",
        "{when}, the parliamentary committee examining a draft law on foreign funding of associations in "
        "{country} voted to shelve it. The bill would have required NGOs to seek government approval for "
        "every grant.",
        "We produced a legal analysis of the bill, coordinated a joint statement with {n} civil society "
        "groups and met committee members.",
        n=(20, 120),
    ),
    _t(
        1,
        CAB,
        GOV,
        "{country} removes prison terms for defamation from revised media law",
        "{when}, the revised media law adopted in {country} abolished prison sentences for defamation and "
        "for insulting public officials, provisions that had been used against journalists in {place}.",
        "We commented on the draft law, documented prosecutions of journalists and campaigned with press "
        "freedom groups.",
        countries=RESTRICTIVE,
    ),
    _t(
        1,
        CAB,
        GOV,
        "Police in {country} adopt guidelines on policing peaceful assemblies",
        "{when}, the national police in {country} issued operational guidelines that limit the use of force "
        "at demonstrations and require officers to facilitate spontaneous protests.",
        "We shared international standards on the use of force and took part in a working group convened "
        "by the police in {place}.",
    ),
    _t(
        1,
        CAB,
        GOV,
        "Counter-terrorism bill in {country} amended to protect peaceful protest",
        "{when}, lawmakers in {country} removed a clause from a counter-terrorism bill that would have "
        "allowed peaceful protesters to be prosecuted as terrorists.",
        "We briefed lawmakers on the clause, published case studies from {place} and coordinated our "
        "messages with partners.",
    ),
    _t(
        1,
        EC,
        CS,
        "{n} human rights defenders in {place} trained in digital security",
        "{when}, {n} defenders from organisations across {country} completed a digital security course in "
        "{place} and began using encrypted tools for their case work.",
        "We organised the course with a technology partner and mentored participants afterwards.",
        n=(12, 80),
    ),
    _t(
        1,
        EC,
        RH,
        "Families of jailed journalists in {place} form support network",
        "{when}, relatives of journalists imprisoned in {country} set up a network in {place} to share legal "
        "information, organise prison visits and speak to the media together.",
        "We brought the families together for the first time and supported their first public event.",
        countries=RESTRICTIVE,
    ),
    _t(
        1,
        EC,
        GP,
        "{n} young people in {country} join campaign for freedom of expression",
        "{when}, {n} young people signed up as activists in {country} and took part in street actions in "
        "{place} calling for the release of jailed journalists.",
        "We ran the campaign through school and university groups and on social media.",
        n=(300, 6000),
    ),
    _t(
        1,
        EC,
        GP,
        "Residents of {place} hold first public meeting on the right to protest",
        "{when}, more than {n} residents of {place}, {country}, attended a public meeting on the right to "
        "protest and agreed to set up a local monitoring group.",
        "We co-organised the meeting and trained the volunteers who ran it.",
        n=(80, 900),
    ),
    _t(
        1,
        SC,
        OG,
        "Government of {country} raises jailed activists' cases with {other}",
        "{when}, the foreign ministry of {country} raised the cases of imprisoned activists in {other} in "
        "bilateral talks and called publicly for their release.",
        "We briefed foreign ministry officials and sent them case files before the talks.",
    ),
    _t(
        1,
        SC,
        OG,
        "{country} funds emergency protection for human rights defenders in {other}",
        "{when}, the foreign ministry of {country} announced funding for emergency relocation and legal "
        "support for human rights defenders at risk in {other}.",
        "We shared our research on threats against defenders in {other} and recommended the programme "
        "to the ministry.",
        countries=RESETTLEMENT,
    ),
    _t(
        1,
        SC,
        IB,
        "UN experts issue urgent appeal for detained defenders in {country}",
        "{when}, several UN special rapporteurs jointly called on the authorities in {country} to release "
        "defenders detained in {place} and to stop using security laws against them.",
        "We sent case information to the special procedures and followed up with their offices.",
        who=PROJECT,
        countries=RESTRICTIVE,
    ),
    _t(
        1,
        IS,
        RB,
        "{body} adopts resolution on protecting human rights defenders",
        "{when}, {body} adopted a resolution calling on states to recognise the legitimate work of human "
        "rights defenders and to end reprisals against them.",
        "We proposed language for the resolution and lobbied member state delegations during the session.",
    ),
    _t(
        1,
        IS,
        RB,
        "{body} condemns reprisals against activists in {country}",
        "{when}, {body} publicly condemned arrests of activists in {country} and asked the authorities to "
        "report on the measures taken to protect them.",
        "We submitted a shadow report and briefed commissioners ahead of the session.",
        who=PROJECT,
    ),
    _t(
        1,
        IS,
        RB,
        "{body} publishes guidelines on freedom of association and assembly",
        "{when}, {body} published guidelines on freedom of association and assembly that set limits on "
        "registration rules and on the dispersal of protests.",
        "We commented on two drafts of the guidelines and organised a consultation with partners.",
    ),
    _t(
        1,
        IS,
        IB,
        "{body} strengthens protection for peaceful protest in new resolution",
        "{when}, {body} adopted a resolution on the management of assemblies that includes language on "
        "accountability for excessive force, which we had proposed.",
        "We drafted text with partner organisations and lobbied the core group of states.",
        bodies=HRC_GA,
    ),
    _t(
        1,
        IS,
        IB,
        "{body} calls on {country} to release people held for peaceful expression",
        "{when}, {body} published its findings on {country}, calling for the release of people detained in "
        "{place} for peaceful expression and for the repeal of vague security offences.",
        "We submitted individual cases and a briefing on the security laws.",
        who=PROJECT,
        bodies=("the UN Human Rights Committee", "the UN Working Group on Arbitrary Detention"),
    ),
    _t(
        1,
        ID,
        GOV,
        "Authorities in {country} open dialogue with civil society on protest policing",
        "{when}, officials responsible for policing in {country} met civil society representatives in "
        "{place} for the first formal discussion of how protests are policed, and agreed to meet again.",
        "We requested the meeting, presented our research on protest policing and proposed an agenda.",
    ),
    _t(
        1,
        ID,
        GP,
        "Public debate on surveillance bill opens in {country}",
        "{when}, public hearings and national media coverage in {country} opened a debate on a proposed "
        "surveillance law, and several lawmakers questioned its scope.",
        "We published an explainer on the bill and organised a public meeting in {place}.",
    ),
    _t(
        1,
        ID,
        GP,
        "Street art campaign in {place} puts jailed activists in the public eye",
        "{when}, murals of imprisoned activists appeared across {place}, {country}, and were covered by "
        "national television and newspapers, prompting public discussion of their cases.",
        "We commissioned the artists, chose the cases and handled the media work.",
    ),
    _t(
        1,
        ID,
        CORP,
        "Technology company agrees to discuss government data requests in {country}",
        "{when}, a major technology company operating in {country} agreed to meet civil society groups "
        "regularly about requests from the authorities for users' data.",
        "We raised the concerns of activists in {place} whose accounts had been targeted and requested "
        "the meeting.",
    ),
    _neg(
        1,
        ID,
        GOV,
        "Talks on protest policing with the authorities in {country} broken off",
        "{when}, the authorities in {country} cancelled planned meetings with civil society on "
        "protest policing after demonstrations in {place}, and has not resumed them.",
        "We had proposed the dialogue and kept requesting meetings.",
    ),
    _neg(
        1,
        IS,
        RB,
        "{body} drops language on human rights defenders from final declaration",
        "{when}, references to the protection of human rights defenders were removed from the final text "
        "adopted by {body}, although earlier drafts had included them.",
        "We lobbied delegations to keep the language but could not secure enough support.",
    ),
    _neg(
        1,
        EC,
        CS,
        "Partner organisations in {place} suspend work after police raids",
        "{when}, police raids on offices in {place}, {country}, led {n} partner organisations to suspend "
        "their work and move staff out of the city.",
        "We gave partners emergency security advice and publicised the raids.",
        countries=RESTRICTIVE,
        n=(2, 9),
    ),
    _neg(
        1,
        SC,
        OG,
        "Government of {country} declines to raise jailed activists with {other}",
        "{when}, during an official visit to {other}, the government of {country} chose not to raise the "
        "cases of imprisoned activists, despite earlier assurances to parliament.",
        "We briefed officials before the visit and asked members of parliament to question the decision.",
    ),
    _neg(
        1,
        ID,
        GP,
        "Support for restrictive protest law grows in {country}",
        "{when}, an opinion poll in {country} found growing public support for a law allowing the "
        "authorities to ban protests, after unrest in {place}.",
        "We published commentary on the law and engaged supporters, but opinion continued to shift.",
    ),
    # ---------------------------------------------------------------- goal 2: equal rights
    _t(
        2,
        CAS,
        GOV,
        "Planned eviction of {n} families halted in {place}",
        "{when}, the municipal authorities in {place}, {country}, suspended the demolition of an informal "
        "settlement that would have left {n} families homeless, pending consultation and an offer of "
        "alternative housing.",
        "We documented the threatened eviction with residents and raised it with the mayor's office and "
        "the housing ministry.",
        n=(40, 600),
    ),
    _t(
        2,
        CAS,
        GOV,
        "{n} Romani children move from segregated to mainstream school in {place}",
        "{when}, the education authorities in {place}, {country}, moved {n} Romani children from a "
        "segregated school into mainstream classes after their parents complained.",
        "We documented segregation in local schools with Romani parents and raised it with the education "
        "ministry and the European Commission.",
        countries=ROMA,
        n=(12, 90),
    ),
    _t(
        2,
        CAS,
        GOV,
        "Woman jailed after obstetric emergency freed in {country}",
        "{when}, a court in {place}, {country}, ordered the release of a woman who had served {n} months of "
        "a prison sentence imposed after she suffered an obstetric emergency.",
        "We campaigned for her release with women's rights groups and gathered signatures from supporters.",
        countries=ABORTION_AMERICAS,
        n=(12, 80),
    ),
    _t(
        2,
        CAS,
        GOV,
        "Court in {place} orders legal gender recognition for transgender woman",
        "{when}, a court in {place}, {country}, ordered the civil registry to issue documents reflecting the "
        "gender identity of a transgender woman without requiring medical procedures.",
        "We supported her lawyers with a written brief on international standards.",
    ),
    _t(
        2,
        CAS,
        GOV,
        "Stateless children in {place} issued birth certificates",
        "{when}, the civil registry in {place}, {country}, issued birth certificates to {n} children of "
        "migrant descent who had been refused documents, giving them access to school enrolment.",
        "We documented the refusals with community groups and raised them with the registry and the "
        "ombudsman.",
        n=(30, 400),
    ),
    _t(
        2,
        CAS,
        CORP,
        "Mining company suspends relocation of indigenous community near {place}",
        "{when}, a mining company operating near {place}, {country}, suspended the relocation of an "
        "indigenous community of about {n} people until it obtains their free, prior and informed "
        "consent.",
        "We documented the community's concerns and raised them with the company and its investors.",
        countries=INDIGENOUS,
        n=(150, 2500),
    ),
    _t(
        2,
        CAB,
        GOV,
        "{country} adopts law prohibiting discrimination on grounds of sexual orientation",
        "{when}, lawmakers in {country} passed an anti-discrimination law that explicitly covers sexual "
        "orientation and gender identity in employment, housing and services.",
        "We campaigned for the law with LGBTI groups and gave evidence to the parliamentary committee in "
        "{place}.",
    ),
    _t(
        2,
        CAB,
        GOV,
        "Citizens' assembly set up to review abortion law in {country}",
        "{when}, the government of {country} set up a citizens' assembly to review the constitutional and "
        "legal restrictions on abortion and to report to parliament.",
        "We campaigned for law reform, briefed lawmakers and published testimonies of women forced to "
        "travel abroad.",
        countries=CITIZENS_ASSEMBLY,
    ),
    _t(
        2,
        CAB,
        GOV,
        "Land titles granted to {n} indigenous communities in {country}",
        "{when}, the land agency of {country} granted collective titles to {n} indigenous communities around "
        "{place}, recognising territories they had claimed for decades.",
        "We supported the communities' legal claims and raised them in meetings with the agency.",
        countries=INDIGENOUS,
        n=(3, 40),
    ),
    _t(
        2,
        CAB,
        GOV,
        "New law in {country} strengthens protection of people with albinism",
        "{when}, {country} amended its penal code to make attacks on people with albinism and trade in body "
        "parts specific offences, with higher penalties and support for victims.",
        "We documented attacks around {place} and lobbied lawmakers together with associations of people "
        "with albinism.",
        countries=ALBINISM,
    ),
    _t(
        2,
        CAB,
        GOV,
        "Spousal consent requirement for contraception dropped in {country}",
        "{when}, the health ministry in {country} issued a directive allowing women to obtain contraception "
        "at public clinics without their husband's consent.",
        "We raised the requirement with the health ministry and trained health workers in {place} on "
        "sexual and reproductive rights.",
        countries=SPOUSAL_CONSENT,
    ),
    _t(
        2,
        CAB,
        GOV,
        "Housing ministry in {country} adopts eviction guidelines",
        "{when}, the housing ministry in {country} adopted guidelines requiring genuine consultation, "
        "adequate notice and alternative housing before any eviction.",
        "We submitted a draft based on international standards and facilitated consultations with "
        "communities in {place}.",
    ),
    _t(
        2,
        EC,
        RH,
        "Women in {place} open community-run legal advice centre",
        "{when}, a group of women in {place}, {country}, opened a legal advice centre that supported {n} "
        "women facing violence or discrimination in its first months.",
        "We trained the women as paralegals and helped them register the centre.",
        n=(40, 400),
    ),
    _t(
        2,
        EC,
        CS,
        "{n} LGBTI organisations in {country} form national coalition",
        "{when}, {n} LGBTI organisations in {country} formed a national coalition to coordinate advocacy and "
        "document hate crimes.",
        "We hosted the founding meeting in {place} and shared our documentation methods.",
        n=(6, 30),
    ),
    _t(
        2,
        EC,
        GP,
        "{n} people in {country} sign petition for equal marriage",
        "{when}, a petition calling for equal marriage rights in {country} reached {n} signatures and was "
        "delivered to lawmakers in {place}.",
        "We launched the petition with partners and promoted it through our supporter networks.",
        n=(5000, 90000),
    ),
    _t(
        2,
        EC,
        GP,
        "Students at {n} universities around {place} campaign against gender-based violence",
        "{when}, students at {n} universities in and around {place}, {country}, ran events on consent and "
        "gender-based violence that reached thousands of their peers.",
        "We developed the campaign toolkit and trained the student leaders.",
        n=(3, 25),
    ),
    _t(
        2,
        SC,
        OG,
        "Government of {country} urges {other} to halt forced evictions",
        "{when}, the government of {country} publicly urged the authorities of {other} to stop forced "
        "evictions and to consult the communities affected.",
        "We shared our research on evictions in {other} with diplomats and asked for the statement.",
    ),
    _t(
        2,
        SC,
        IB,
        "CEDAW Committee urges {country} to ensure access to safe abortion",
        "{when}, in its concluding observations on {country}, the UN Committee on the Elimination of "
        "Discrimination against Women recommended decriminalising abortion and ensuring access to safe "
        "services.",
        "We submitted a shadow report with national women's rights groups.",
        countries=ABORTION_RESTRICTED,
    ),
    _t(
        2,
        SC,
        IB,
        "UN rapporteur on housing raises forced evictions in {place} with {country}",
        "{when}, the UN Special Rapporteur on adequate housing wrote to the government of {country} about "
        "forced evictions in {place} and asked for a moratorium until safeguards are in place.",
        "We sent the rapporteur testimonies from evicted families and satellite images of the demolitions.",
        who=PROJECT,
    ),
    _t(
        2,
        IS,
        RB,
        "{body} adopts guidance on sexual and reproductive health and rights",
        "{when}, {body} adopted guidance calling on states to remove barriers to sexual and reproductive "
        "health services, including third-party consent requirements.",
        "We contributed research from several countries and briefed members before the vote.",
    ),
    _t(
        2,
        IS,
        RB,
        "{body} issues report on discrimination against minorities and indigenous peoples",
        "{when}, {body} issued a report on discrimination against minorities and indigenous peoples that "
        "recommends recognising collective land rights and consulting communities before extractive "
        "projects.",
        "We provided case studies and took part in the public hearing.",
    ),
    _t(
        2,
        IS,
        RB,
        "{body} calls on {country} to end attacks on people with albinism",
        "{when}, {body} adopted a resolution calling on {country} to investigate attacks on people with "
        "albinism and to protect them, especially children.",
        "We briefed commissioners and supported the testimony of an albinism rights activist.",
        who=PROJECT,
        countries=ALBINISM,
    ),
    _t(
        2,
        IS,
        IB,
        "{body} adopts general comment on equality and non-discrimination",
        "{when}, {body} adopted a general comment that spells out states' duties to prevent discrimination, "
        "including by private actors.",
        "We made a written submission on the draft and lobbied committee members.",
        bodies=(
            "the UN Committee on Economic, Social and Cultural Rights",
            "the UN Committee on the Rights of Persons with Disabilities",
        ),
    ),
    _t(
        2,
        IS,
        IB,
        "{body} resolution on violence against women includes protection of defenders",
        "{when}, {body} adopted a resolution on violence against women that includes the protection of "
        "women human rights defenders for the first time.",
        "We proposed the paragraph and lobbied the core group of states.",
        bodies=HRC_GA,
    ),
    _t(
        2,
        ID,
        GOV,
        "Health officials in {country} agree to review barriers to abortion services",
        "{when}, senior officials of the health ministry in {country} met us and partners in {place} to "
        "discuss barriers to legal abortion services, and agreed to review them.",
        "We presented our research on access to services and proposed the meeting.",
    ),
    _t(
        2,
        ID,
        GOV,
        "Education ministry in {country} opens talks on segregation of Romani pupils",
        "{when}, the education ministry in {country} invited Romani organisations to talks on ending "
        "segregated classes, starting with schools in {place}.",
        "We published research on segregated schools and asked for the talks.",
        countries=ROMA,
    ),
    _t(
        2,
        ID,
        GP,
        "Poll in {country} shows majority support for reform of abortion law",
        "{when}, an opinion poll in {country} showed for the first time a majority in favour of reforming "
        "the abortion law, with strongest support among young people in {place}.",
        "We campaigned for law reform and shared personal stories of women affected.",
        countries=ABORTION_RESTRICTED,
    ),
    _t(
        2,
        ID,
        GP,
        "National debate on racial profiling opens in {country}",
        "{when}, media coverage of identity checks in {place} opened a national debate in {country} on "
        "racial profiling by the police.",
        "We published testimonies of young people stopped repeatedly and spoke on national radio.",
        countries=PROFILING,
    ),
    _t(
        2,
        ID,
        CORP,
        "Property developers in {place} agree to consult residents on resettlement",
        "{when}, a group of property developers in {place}, {country}, agreed to consult residents on "
        "resettlement plans before any further demolitions.",
        "We facilitated meetings between residents and the developers and published the residents' demands.",
    ),
    _neg(
        2,
        ID,
        GOV,
        "Health ministry in {country} withdraws from talks on abortion access",
        "{when}, the health ministry in {country} withdrew from talks with civil society on access to "
        "legal abortion, after a public campaign against the talks in {place}.",
        "We had been part of the talks and continued to call for them to resume.",
    ),
    _neg(
        2,
        IS,
        IB,
        "Reference to sexual orientation removed from {body} text",
        "{when}, a reference to discrimination based on sexual orientation was removed from a text adopted "
        "by {body}, despite lobbying by several states and civil society.",
        "We lobbied delegations to keep the reference.",
        bodies=HRC_GA,
    ),
    _neg(
        2,
        EC,
        RH,
        "Evicted families in {place} scattered before legal challenge could be filed",
        "{when}, families forcibly evicted in {place}, {country}, were dispersed across the city before "
        "they could file a joint legal challenge, and the residents' committee stopped meeting.",
        "We had supported the residents' committee and referred families to lawyers.",
    ),
    _neg(
        2,
        ID,
        GP,
        "Survey records rising hostility towards minorities in {country}",
        "{when}, a national survey in {country} recorded a rise in hostile attitudes towards minorities, "
        "particularly in and around {place}.",
        "We ran a public awareness campaign that did not reverse the trend.",
    ),
    _neg(
        2,
        ID,
        CORP,
        "Developer in {place} ends consultation with residents facing eviction",
        "{when}, a property developer in {place}, {country}, ended its consultation with residents facing "
        "eviction and announced that demolitions would go ahead.",
        "We had facilitated the consultation and publicised the developer's decision.",
    ),
    _neg(
        2,
        SC,
        OG,
        "Government of {country} refuses to back call on {other} to protect LGBTI people",
        "{when}, the government of {country} declined to join a joint statement urging {other} to protect "
        "LGBTI people from violence.",
        "We asked the foreign ministry to sign the statement and mobilised supporters to write to it.",
    ),
    _neg(
        2,
        IS,
        RB,
        "{body} postpones adoption of guidelines on women's rights",
        "{when}, {body} postponed for a second time the adoption of guidelines on women's rights, after "
        "several member states objected.",
        "We had contributed to the drafts and briefed members before the session.",
    ),
    # ---------------------------------------------------------------- goal 3: crises
    _t(
        3,
        CAS,
        GOV,
        "Refugees stranded near {place} allowed into reception centre",
        "{when}, authorities in {country} allowed {n} refugees who had been stranded for weeks near {place} "
        "to enter a reception centre with shelter and medical care.",
        "We visited the site, published testimonies and pressed the interior ministry to act.",
        n=(40, 800),
        countries=HOSTS,
    ),
    _t(
        3,
        CAS,
        GOV,
        "{n} detainees released after unlawful detention in {place} exposed",
        "{when}, authorities in {country} released {n} people held without charge in {place} after their "
        "detention was exposed in the media.",
        "We documented the detentions through interviews with families and shared the findings with the "
        "authorities and journalists.",
        countries=RESTRICTIVE,
        n=(30, 700),
    ),
    _t(
        3,
        CAS,
        GOV,
        "Asylum seekers held at {place} airport released to apply for protection",
        "{when}, border authorities in {country} released {n} asylum seekers held in the transit zone of "
        "{place} airport and allowed them to lodge asylum claims.",
        "We alerted lawyers and raised the cases with the border agency.",
        n=(3, 40),
        countries=HOSTS,
    ),
    _t(
        3,
        CAS,
        GOV,
        "Refugee family of {n} reunited in {place} after visas granted",
        "{when}, the authorities of {country} granted family reunification visas to a refugee family of {n} "
        "separated for more than a year, who were reunited in {place}.",
        "We took up the case and supported the family's application with a legal aid group.",
        n=(3, 9),
        countries=HOSTS | RESETTLEMENT,
    ),
    _t(
        3,
        CAS,
        GOV,
        "Children held after raid in {place} released to their families",
        "{when}, the security forces in {country} released {n} children detained during a raid on schools "
        "in {place}, and handed them to their families.",
        "We exposed the detentions, visited the families and raised the case with the defence ministry.",
        countries=CONFLICT,
        n=(20, 120),
    ),
    _t(
        3,
        CAS,
        GOV,
        "Deportation of {n} asylum seekers held in {place} halted",
        "{when}, the authorities in {country} halted the planned deportation of {n} asylum seekers held in "
        "{place}, after their lawyers showed that they faced serious risks on return.",
        "We alerted lawyers, issued an urgent action and raised the cases with the interior ministry.",
        n=(3, 60),
    ),
    _t(
        3,
        CAB,
        GOV,
        "{country} ratifies the Arms Trade Treaty",
        "{when}, lawmakers in {country} voted to ratify the Arms Trade Treaty, committing the country to "
        "assess the risk of serious violations before authorising any arms transfer.",
        "We campaigned for ratification and briefed members of parliament in {place}.",
    ),
    _t(
        3,
        CAB,
        GOV,
        "Residency renewal fees dropped for refugees in {country}",
        "{when}, the government of {country} waived residency renewal fees for registered refugees, allowing "
        "many families in {place} and elsewhere to regularise their status.",
        "We documented how the fees pushed refugees into irregular status and raised it with the "
        "authorities and donors.",
        countries=HOSTS,
    ),
    _t(
        3,
        CAB,
        GOV,
        "{country} suspends arms transfers to parties to the conflict in {other}",
        "{when}, the government of {country} suspended export licences for weapons to parties to the "
        "conflict in {other}, citing the risk of serious violations.",
        "We published evidence of weapons used against civilians and met export control officials.",
        who=SECTION,
        countries=ARMS_EXPORTERS,
        others=ARMS_DESTINATIONS,
    ),
    _t(
        3,
        CAB,
        GOV,
        "{country} raises refugee resettlement commitment to {n} places",
        "{when}, the government of {country} announced it would resettle {n} refugees over the next two "
        "years, more than doubling its previous commitment.",
        "We campaigned for more resettlement places and mobilised supporters in {place} to write to the "
        "government.",
        who=SECTION,
        countries=RESETTLEMENT,
        n=(500, 10000),
    ),
    _t(
        3,
        CAB,
        GOV,
        "{country} ends immigration detention of children",
        "{when}, the government of {country} ended the detention of children in immigration centres, and "
        "families were moved to open accommodation.",
        "We documented conditions in detention centres near {place} and lobbied for alternatives.",
        countries=HOSTS,
    ),
    _t(
        3,
        CAB,
        CORP,
        "Arms manufacturer in {country} halts shipment over risk of misuse",
        "{when}, a manufacturer based in {country} halted a shipment of armoured vehicles bound for {other} "
        "after evidence emerged that similar vehicles had been used against civilians.",
        "We traced the vehicles and shared the evidence with the company and its export regulator.",
        countries=ARMS_EXPORTERS,
        others=ARMS_DESTINATIONS,
    ),
    _t(
        3,
        EC,
        RH,
        "Refugee women in {place} set up self-help committee",
        "{when}, refugee women living in {place}, {country}, set up a committee that now represents {n} "
        "families in talks with camp managers and aid agencies.",
        "We ran workshops on rights and advocacy and helped the committee prepare its first meeting.",
        n=(60, 900),
        countries=HOSTS,
    ),
    _t(
        3,
        EC,
        CS,
        "{n} local monitors in {country} trained to document attacks on civilians",
        "{when}, {n} monitors from local organisations in {country} completed training on documenting "
        "attacks on civilians and began sending verified reports from around {place}.",
        "We designed the training and verify the monitors' reports.",
        countries=CONFLICT,
        n=(10, 60),
    ),
    _t(
        3,
        EC,
        CS,
        "Lawyers' network in {place} starts free legal aid for asylum seekers",
        "{when}, a network of lawyers in {place}, {country}, began offering free legal aid to asylum "
        "seekers, taking on {n} cases in its first three months.",
        "We trained the lawyers in asylum law and referred the first cases.",
        countries=HOSTS,
        n=(40, 300),
    ),
    _t(
        3,
        EC,
        GP,
        "{n} households in {country} volunteer to host refugees",
        "{when}, {n} households in {country} registered to host refugees through a community sponsorship "
        "scheme, many of them in {place}.",
        "We promoted the scheme through our campaign and supporter events.",
        countries=HOSTS,
        n=(200, 5000),
        who=SECTION,
    ),
    _t(
        3,
        EC,
        GP,
        "{n} supporters in {country} join refugee welcome campaign",
        "{when}, {n} people in {country} signed up to the refugee welcome campaign and took part in local "
        "actions, including a march in {place}.",
        "We ran the campaign and trained local group coordinators.",
        n=(1000, 30000),
        who=SECTION,
    ),
    _t(
        3,
        SC,
        OG,
        "Government of {country} calls for inquiry into attacks on hospitals in {other}",
        "{when}, the government of {country} called for an independent inquiry into attacks on hospitals in "
        "{other} and raised the issue at the UN.",
        "We shared our evidence on the attacks with the foreign ministry.",
        others=WAR_CRIMES,
    ),
    _t(
        3,
        SC,
        IB,
        "UN Security Council members call for humanitarian access in {country}",
        "{when}, several members of the UN Security Council called publicly for unimpeded humanitarian "
        "access to besieged areas around {place}, {country}.",
        "We briefed council members' missions with testimonies from residents.",
        who=PROJECT,
        countries=CONFLICT,
    ),
    _t(
        3,
        SC,
        IB,
        "UN refugee agency urges {country} to halt forced returns",
        "{when}, the UN refugee agency publicly urged the authorities of {country} to stop returning "
        "refugees against their will and to give them access to asylum procedures.",
        "We shared cases of forced returns from {place} with the agency.",
        countries=HOSTS,
    ),
    _t(
        3,
        IS,
        RB,
        "{body} commits to monitoring protection of displaced people",
        "{when}, {body} agreed to monitor how member states protect internally displaced people and to "
        "report on it yearly.",
        "We proposed the monitoring mechanism and lobbied member states.",
    ),
    _t(
        3,
        IS,
        RB,
        "{body} adopts resolution on civilians in {country}",
        "{when}, {body} adopted a resolution on the protection of civilians in {country} that calls for "
        "independent investigations into attacks on civilians around {place}.",
        "We briefed the drafting states with our field research.",
        who=PROJECT,
        countries=CONFLICT,
    ),
    _t(
        3,
        IS,
        IB,
        "{body} adopts stronger refugee protection commitments",
        "{when}, {body} adopted commitments on refugee protection that include shared responsibility and "
        "alternatives to detention for children.",
        "We lobbied states during the negotiations and proposed wording on detention.",
        bodies=("the UN General Assembly", "the Executive Committee of the UN refugee agency"),
    ),
    _t(
        3,
        IS,
        IB,
        "Arms Trade Treaty states agree reporting rules with human rights safeguards",
        "{when}, states parties to the Arms Trade Treaty agreed reporting templates that require "
        "information on how the risk of human rights violations is assessed.",
        "We took part in the working group and lobbied delegations.",
    ),
    _t(
        3,
        ID,
        GOV,
        "Immigration officials in {country} meet refugee groups for first time",
        "{when}, senior immigration officials in {country} met refugee-led groups in {place} for the first "
        "time and agreed to meet them every quarter.",
        "We facilitated the meeting and prepared the groups' agenda.",
        countries=HOSTS,
    ),
    _t(
        3,
        ID,
        GP,
        "Media coverage of refugees in {country} shifts towards their rights",
        "{when}, national media coverage of refugees in {country} shifted, with more reporting of their "
        "rights and stories after the events in {place}.",
        "We provided journalists with testimonies and background briefings.",
        countries=HOSTS,
    ),
    _neg(
        3,
        SC,
        OG,
        "Government of {country} votes against inquiry into attacks on civilians in {other}",
        "{when}, the government of {country} voted against a proposal for an international inquiry into "
        "attacks on civilians in {other}.",
        "We had lobbied the foreign ministry to support the inquiry.",
        others=WAR_CRIMES,
    ),
    _neg(
        3,
        IS,
        RB,
        "{body} endorses returns arrangement without protection safeguards",
        "{when}, {body} endorsed an arrangement to return asylum seekers without safeguards to assess "
        "their protection needs.",
        "We warned members of the risks and proposed safeguards that were not adopted.",
    ),
    _neg(
        3,
        ID,
        GOV,
        "Authorities in {country} refuse monitors access to immigration detention",
        "{when}, the authorities in {country} refused independent monitors access to immigration "
        "detention centres, including the one near {place}.",
        "We had asked for access and continued to request it.",
        countries=HOSTS,
    ),
    _neg(
        3,
        EC,
        RH,
        "Refugee committee in {place} dissolved after residents relocated",
        "{when}, the refugee committee in {place}, {country}, dissolved after residents were relocated to "
        "different sites without consultation.",
        "We had supported the committee and raised the relocation with the authorities.",
        countries=HOSTS,
    ),
    _neg(
        3,
        ID,
        GP,
        "Public support for refugee protection falls in {country}",
        "{when}, polling in {country} showed falling public support for protecting refugees, after "
        "hostile media coverage of arrivals in {place}.",
        "We ran a positive campaign whose reach was too small to change the trend.",
        countries=HOSTS,
    ),
    _neg(
        3,
        ID,
        GOV,
        "Dialogue with armed forces in {country} on civilian protection suspended",
        "{when}, the armed forces in {country} suspended a dialogue with civil society on the protection of "
        "civilians after operations around {place}.",
        "We had taken part in the dialogue and called for it to resume.",
        countries=CONFLICT,
    ),
    # ---------------------------------------------------------------- goal 4: accountability
    _t(
        4,
        CAS,
        GOV,
        "Police officers charged over death in custody in {place}",
        "{when}, the prosecutor in {place}, {country}, charged {n} police officers over the death of a young "
        "man in custody, after an autopsy contradicted the police account.",
        "We supported the family's call for an independent autopsy and raised the case with the prosecutor.",
        n=(2, 6),
    ),
    _t(
        4,
        CAS,
        GOV,
        "Death sentences of {n} prisoners commuted in {country}",
        "{when}, the authorities in {country} commuted the death sentences of {n} prisoners to prison "
        "terms, including people held in {place}.",
        "We campaigned on the individual cases and mobilised members to write to the head of state.",
        countries=DEATH_PENALTY,
        n=(2, 30),
    ),
    _t(
        4,
        CAS,
        GOV,
        "Inquiry into killings of protesters in {place} hands findings to prosecutor",
        "{when}, the commission of inquiry into the killing of protesters in {place} handed its findings to "
        "the public prosecutor of {country}, naming officers suspected of responsibility.",
        "We called for the inquiry, gave it our evidence and published the families' testimonies.",
        countries=PROTEST_KILLINGS,
    ),
    _t(
        4,
        CAS,
        GOV,
        "Investigation opened into torture allegations at {place} prison",
        "{when}, the authorities in {country} opened an investigation into allegations of torture at the "
        "prison in {place}, and suspended {n} guards.",
        "We documented the allegations with former detainees and lawyers and met the justice ministry.",
        n=(2, 12),
    ),
    _t(
        4,
        CAS,
        GOV,
        "Court in {place} convicts soldiers over enforced disappearance",
        "{when}, a court in {place}, {country}, convicted {n} soldiers for the enforced disappearance of a "
        "student, the first such conviction in the region.",
        "We supported the family for years and sent observers to the trial.",
        countries=DISAPPEARANCES,
        n=(2, 7),
    ),
    _t(
        4,
        CAB,
        GOV,
        "{country} announces legal reforms to abolish the mandatory death penalty",
        "{when}, the government of {country} announced legal reforms to abolish the mandatory death penalty "
        "and give judges discretion in sentencing.",
        "We published research on unfair trials in capital cases and met officials in {place}.",
        countries=MANDATORY_DEATH_PENALTY,
    ),
    _t(
        4,
        CAB,
        GOV,
        "{country} makes torture a specific crime in revised penal code",
        "{when}, lawmakers in {country} made torture a specific crime in the revised penal code, with "
        "penalties that reflect its gravity.",
        "We commented on the draft code and briefed the justice committee in {place}.",
    ),
    _t(
        4,
        CAB,
        GOV,
        "Law on access to public information passed in {country}",
        "{when}, lawmakers in {country} passed a law on access to public information, with an independent "
        "body to enforce it.",
        "We campaigned for the law with transparency groups and trained journalists in {place} to use it.",
    ),
    _t(
        4,
        CAB,
        GOV,
        "{country} creates special prosecutor's unit for enforced disappearances",
        "{when}, the attorney general of {country} created a special unit to investigate enforced "
        "disappearances, with a mandate to search for the missing.",
        "We campaigned with families of the disappeared in {place} for the unit.",
        countries=DISAPPEARANCES,
    ),
    _t(
        4,
        CAB,
        CORP,
        "Oil company agrees to independent assessment of spills near {place}",
        "{when}, an oil company operating near {place}, {country}, agreed to an independent assessment of "
        "oil spills and to publish the results.",
        "We published research on the spills and raised them with the company and its investors.",
        countries=OIL,
    ),
    _t(
        4,
        EC,
        CS,
        "{n} lawyers in {country} trained to litigate torture cases",
        "{when}, {n} lawyers in {country} completed training on litigating torture cases and filed the "
        "first complaints in {place}.",
        "We ran the training with a bar association.",
        n=(15, 120),
    ),
    _t(
        4,
        EC,
        RH,
        "Families of the disappeared in {place} file joint complaint",
        "{when}, {n} families of people who disappeared in {place}, {country}, filed a joint complaint "
        "calling for investigations and searches.",
        "We supported the families' association and helped them prepare the complaint.",
        n=(8, 80),
        countries=DISAPPEARANCES,
    ),
    _t(
        4,
        EC,
        GP,
        "Campaign for justice for killed protesters in {country} gathers {n} signatures",
        "{when}, {n} people signed a petition calling for justice for protesters killed in {place}, "
        "{country}, which was delivered to the attorney general.",
        "We ran the petition with the victims' families.",
        n=(3000, 60000),
        countries=PROTEST_KILLINGS,
    ),
    _t(
        4,
        SC,
        OG,
        "Government of {country} backs investigation into war crimes in {other}",
        "{when}, the government of {country} publicly backed an international investigation into war crimes "
        "committed in {other}.",
        "We briefed the foreign ministry on our findings from {other}.",
        others=WAR_CRIMES,
    ),
    _t(
        4,
        SC,
        IB,
        "UN Committee against Torture presses {country} on ill-treatment claims",
        "{when}, the UN Committee against Torture asked the government of {country} to investigate claims of "
        "ill-treatment in police custody in {place}.",
        "We submitted a shadow report to the committee.",
    ),
    _t(
        4,
        IS,
        RB,
        "{body} adopts resolution on ending impunity for enforced disappearances",
        "{when}, {body} adopted a resolution calling on member states to investigate enforced "
        "disappearances and to support the families of the disappeared.",
        "We lobbied members and briefed them on cases.",
    ),
    _t(
        4,
        IS,
        RB,
        "{body} opens inquiry into abuses by security forces in {country}",
        "{when}, {body} decided to open an inquiry into abuses by security forces in {country}, including "
        "killings around {place}.",
        "We submitted our research and asked members to open the inquiry.",
        who=PROJECT,
    ),
    _t(
        4,
        IS,
        RB,
        "{body} publishes guidance on investigating deaths in custody",
        "{when}, {body} published guidance on investigating deaths in custody, requiring independent "
        "autopsies and access for families.",
        "We contributed to the drafting and shared case studies.",
    ),
    _t(
        4,
        IS,
        IB,
        "UN General Assembly moratorium on executions gains {n} more votes",
        "{when}, the UN General Assembly Third Committee adopted its resolution calling for a moratorium on "
        "executions with {n} more votes than last time.",
        "We lobbied states that had abstained before.",
        n=(2, 9),
    ),
    _t(
        4,
        IS,
        IB,
        "{body} adopts resolution on accountability for unlawful killings",
        "{when}, {body} adopted a resolution on accountability for unlawful killings that calls for "
        "independent investigations and for reparations to families.",
        "We proposed wording and lobbied the core group.",
        bodies=HRC_GA,
    ),
    _t(
        4,
        ID,
        GOV,
        "Authorities in {country} acknowledge torture claims and promise review",
        "{when}, the justice ministry in {country} publicly acknowledged allegations of torture in {place} "
        "and promised a review of interrogation practices.",
        "We kept raising the cases we had documented in meetings with the ministry.",
    ),
    _t(
        4,
        ID,
        GP,
        "Poll shows falling support for the death penalty in {country}",
        "{when}, an opinion poll in {country} showed support for the death penalty falling, especially "
        "among young people in {place}.",
        "We ran a public campaign on wrongful convictions.",
        countries=DEATH_PENALTY,
    ),
    _t(
        4,
        ID,
        CORP,
        "Mining company in {country} agrees to meet communities over pollution claims",
        "{when}, a mining company in {country} agreed to meet communities near {place} who blame its "
        "operations for polluted water.",
        "We published research on the pollution and asked the company to meet the communities.",
    ),
    _neg(
        4,
        ID,
        GOV,
        "Authorities in {country} dismiss torture findings without investigation",
        "{when}, the authorities in {country} dismissed documented allegations of torture in {place} "
        "without opening an investigation.",
        "We published the findings and asked for an investigation.",
    ),
    _neg(
        4,
        SC,
        IB,
        "UN review of {country} ends without commitments on impunity",
        "{when}, the Universal Periodic Review of {country} ended without the government accepting any "
        "recommendation on impunity for abuses in {place}.",
        "We lobbied states to make recommendations on impunity.",
    ),
    _neg(
        4,
        SC,
        OG,
        "Government of {country} drops support for accountability resolution on {other}",
        "{when}, the government of {country} withdrew its support for a resolution on accountability for "
        "violations in {other}.",
        "We had lobbied the foreign ministry to keep its support.",
    ),
    _neg(
        4,
        ID,
        GOV,
        "Talks on a moratorium on executions stall in {country}",
        "{when}, talks between the justice ministry in {country} and civil society on a moratorium on "
        "executions stalled after a high-profile crime in {place}.",
        "We had been part of the talks.",
        countries=DEATH_PENALTY,
    ),
    # ---------------------------------------------------------------- goal 5: resources, engagement
    _t(
        5,
        EC,
        GP,
        "{n} new members join the movement in {country}",
        "{when}, {n} people in {country} joined the movement as members, many of them after events in "
        "{place}.",
        "We ran a membership drive with local groups.",
        n=(800, 12000),
        who=SECTION,
    ),
    _t(
        5,
        EC,
        GP,
        "Human rights education reaches {n} schools in {country}",
        "{when}, teachers in {n} schools in {country} began using human rights education materials, "
        "starting in {place}.",
        "We produced the materials and trained teachers.",
        n=(20, 600),
    ),
    _t(
        5,
        EC,
        CS,
        "Youth network in {place} grows to {n} activist groups",
        "{when}, the youth network in {place}, {country}, grew to {n} activist groups that plan their own "
        "actions.",
        "We trained group coordinators and funded the network's meetings.",
        n=(8, 90),
    ),
    _t(
        5,
        EC,
        RH,
        "Community activists in {place} lead their own human rights campaign",
        "{when}, community activists in {place}, {country}, ran their own campaign on the right to water, "
        "with {n} residents taking part.",
        "We trained the activists in campaigning.",
        n=(50, 800),
    ),
    _t(
        5,
        EC,
        GP,
        "Letter-writing marathon in {place} mobilises {n} participants",
        "{when}, {n} people in {place}, {country}, took part in a letter-writing marathon for people at "
        "risk.",
        "We organised the marathon with local groups.",
        n=(500, 20000),
        who=SECTION,
    ),
    _t(
        5,
        EC,
        CS,
        "{n} volunteers in {country} trained as human rights educators",
        "{when}, {n} volunteers in {country} completed training as human rights educators and began "
        "running sessions in {place}.",
        "We designed and ran the training.",
        n=(20, 300),
    ),
    _t(
        5,
        EC,
        GP,
        "Monthly donors in {country} increase by {n}",
        "{when}, the number of people in {country} giving every month grew by {n}, after a face-to-face "
        "fundraising campaign in {place}.",
        "We ran the fundraising campaign.",
        n=(500, 8000),
        who=SECTION,
    ),
    _t(
        5,
        ID,
        GOV,
        "Education ministry in {country} agrees to discuss human rights in the curriculum",
        "{when}, the education ministry in {country} agreed to discuss adding human rights education to "
        "the national curriculum, starting with a pilot in {place}.",
        "We proposed the pilot and shared materials.",
    ),
    _t(
        5,
        ID,
        GP,
        "Television channel in {country} airs human rights series watched by {n} viewers",
        "{when}, a national television channel in {country} aired a series on human rights defenders that "
        "was watched by {n} people.",
        "We worked with the producers and arranged interviews, including in {place}.",
        n=(100000, 2000000),
        who=SECTION,
    ),
    _neg(
        5,
        EC,
        GP,
        "Active supporter numbers in {country} fall after campaign ends",
        "{when}, the number of active supporters in {country} fell by {n} after a major campaign ended, "
        "especially in {place}.",
        "We had run the campaign.",
        n=(200, 3000),
        who=SECTION,
    ),
    _neg(
        5,
        ID,
        GOV,
        "Education ministry in {country} halts human rights education pilot",
        "{when}, the education ministry in {country} halted a pilot of human rights education in schools "
        "in {place}.",
        "We had proposed and supported the pilot.",
    ),
    _neg(
        5,
        EC,
        CS,
        "Youth groups in {place} close after funding restrictions",
        "{when}, {n} youth groups in {place}, {country}, closed after new rules restricted their funding.",
        "We had supported the groups.",
        countries=RESTRICTIVE,
        n=(2, 12),
    ),
)

# Words that mark a template as on-topic for a project; on-topic templates are preferred.
PROJECT_KEYWORDS = {
    "IP-AFR-DEFENDERS": ("defender", "activist", "organisation", "ngo"),
    "IP-AFR-AU-MECHANISMS": ("african", "ecowas", "sadc", "east african"),
    "IP-AFR-SAHEL-CONFLICT": ("civilian", "detain", "children", "refugee", "displaced"),
    "IP-AFR-ALBINISM": ("albinism", "discrimination"),
    "IP-AFR-GREAT-LAKES": ("civilian", "humanitarian", "refugee", "displaced", "war crimes"),
    "IP-AFR-WEST-JUSTICE": ("torture", "impunity", "inquiry", "investigat", "prosecut", "disappear"),
    "IP-AFR-EVICTIONS": ("evict", "housing", "resettlement", "demoli"),
    "IP-AME-DEFENDERS": ("defender", "activist", "protest"),
    "IP-AME-SRHR": ("abortion", "contracept", "reproductive", "obstetric", "gender-based"),
    "IP-AME-MIGRANTS": ("asylum", "refugee", "migrant", "deport"),
    "IP-AME-IACHR": ("inter-american", "oas", "torture", "disappear", "impunity", "killing"),
    "IP-AME-INDIGENOUS": ("indigenous", "land", "mining"),
    "IP-AME-STATELESSNESS": ("stateless", "birth certificate", "deport", "migrant"),
    "IP-ASA-DEATH-PENALTY": ("death penalty", "death sentence", "execution"),
    "IP-ASA-LAWYERS": ("lawyer", "detain", "defender", "activist"),
    "IP-ASA-ROHINGYA": ("refugee", "civilian", "humanitarian", "displaced", "return"),
    "IP-ASA-ASEAN": ("asean", "defender", "expression", "protest"),
    "IP-ASA-LGBTI": ("lgbti", "sexual orientation", "equal marriage", "transgender"),
    "IP-EUR-EU-MIGRATION": ("asylum", "refugee", "migra", "return", "european"),
    "IP-EUR-COUNTER-TERROR": ("counter-terrorism", "security laws", "surveillance", "protest"),
    "IP-EUR-ROMA": ("roma", "segregat", "evict", "discrimination"),
    "IP-EUR-RUSSIA-CIVIC": ("ngo", "foreign funding", "protest", "activist", "journalist"),
    "IP-EUR-CENTRAL-ASIA": ("torture", "ill-treatment", "custody", "prison"),
    "IP-EUR-UKRAINE": ("civilian", "war crimes", "displaced", "conflict"),
    "IP-MENA-SYRIA-CRISIS": ("refugee", "civilian", "humanitarian", "residency", "hospitals"),
    "IP-MENA-GULF-DEFENDERS": ("activist", "defender", "expression", "detain"),
    "IP-MENA-IRAQ": ("detain", "torture", "civilian", "war crimes", "execution"),
    "IP-MENA-OPT": ("civilian", "war crimes", "torture", "accountability", "demoli"),
    "IP-MENA-NORTH-AFRICA": ("protest", "expression", "activist", "ngo", "torture"),
    "IP-MENA-WOMEN": ("women", "contracept", "abortion", "gender"),
}
ON_TOPIC_WEIGHT = 6.0
TARGET_WEIGHTS = {
    SECTION: {GP: 6.0, GOV: 2.0, CS: 2.5, RH: 2.5, CORP: 1.0, OG: 1.5, RB: 0.6, IB: 0.8},
    PROJECT: {RB: 5.0, IB: 5.0, GOV: 4.0, OG: 1.5, CS: 1.0, RH: 1.0, CORP: 0.6, GP: 0.3},
}
PROJECT_GOAL_FOCUS = 0.75  # chance that a project outcome serves the project's main goal
EXTRA_CONCRETE_WEIGHT = 0.3  # damping for concrete action beyond the one a government-action entity needs


# --- building the outcomes -----------------------------------------------------------------


@dataclass
class Outcome:
    entity: Entity
    goal: int
    expectation: str
    forced_concrete: bool = False
    concrete_allowed: bool = False
    impact: str = ""
    target: str = ""
    title: str = ""
    description: str = ""
    contribution: str | None = None
    country: str | None = None
    place: str | None = None
    date: dt.date | None = None
    sources: list[str] = field(default_factory=list)
    corroborated_by: list[str] = field(default_factory=list)
    id: str = ""


def _allocate(rng: random.Random, entities: Sequence[Entity], total: int) -> list[int]:
    """Outcome counts of 1-8 per entity that add up to ``total``."""
    counts = [rng.randint(1, 8) for _ in entities]
    while sum(counts) > total:
        i = rng.randrange(len(counts))
        if counts[i] > 1:
            counts[i] -= 1
    while sum(counts) < total:
        i = rng.randrange(len(counts))
        if counts[i] < 8:
            counts[i] += 1
    return counts


def _slots(rng: random.Random, entities: Sequence[Entity]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for (etype, is_mena), total in GROUP_TOTALS.items():
        group = [
            e for e in entities if e.type == etype and (e.region == MENA) == is_mena and e.id != EMPTY_SECTION
        ]
        for entity, count in zip(group, _allocate(rng, group, total), strict=True):
            outcomes.extend(Outcome(entity, 0, "") for _ in range(count))
    return outcomes


def _assign_goals(rng: random.Random, outcomes: Sequence[Outcome]) -> None:
    """Give every outcome a goal and an expectation drawn from the exact goal matrix."""
    pool = [
        (goal, expectation)
        for goal, counts in GOAL_MATRIX.items()
        for expectation, count in zip(EXPECTATIONS, counts, strict=True)
        for _ in range(count)
    ]
    rng.shuffle(pool)
    mena_wanted = [e for e, count in MENA_EXPECTATIONS.items() for _ in range(count)]
    rng.shuffle(mena_wanted)
    mena = [o for o in outcomes if o.entity.region == MENA]
    projects = [o for o in outcomes if o.entity.region != MENA and o.entity.type == PROJECT]
    sections = [o for o in outcomes if o.entity.region != MENA and o.entity.type == SECTION]
    assert len(mena) == len(mena_wanted)

    def take(want_exp: str | None, want_goal: int | None) -> tuple[int, str]:
        """The first pool item with the wanted expectation, preferring the wanted goal."""
        for goal_matters in (True, False):
            for i, (g, e) in enumerate(pool):
                if want_exp in (None, e) and (not goal_matters or want_goal in (None, g)):
                    return pool.pop(i)
        raise AssertionError("goal pool exhausted")

    for outcome, exp in zip(mena, mena_wanted, strict=True):
        goal = outcome.entity.goal if outcome.entity.goal and rng.random() < PROJECT_GOAL_FOCUS else None
        outcome.goal, outcome.expectation = take(exp, goal)
    for outcome in projects:
        goal = outcome.entity.goal if rng.random() < PROJECT_GOAL_FOCUS else None
        outcome.goal, outcome.expectation = take(None, goal)
    for outcome in sections:
        outcome.goal, outcome.expectation = take(None, None)
    assert not pool


def _can_be_concrete(outcome: Outcome) -> bool:
    return outcome.expectation != NEGATIVE and outcome.goal in (1, 2, 3, 4)


def _assign_government_action(
    rng: random.Random, entities: Sequence[Entity], outcomes: Sequence[Outcome]
) -> None:
    """Pick exactly the entities with tangible government action and one concrete outcome each."""
    by_entity: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_entity[outcome.entity.id].append(outcome)
    for etype, wanted in ((SECTION, SECTIONS_WITH_GOV_ACTION), (PROJECT, PROJECTS_WITH_GOV_ACTION)):
        eligible = [
            e.id for e in entities if e.type == etype and any(_can_be_concrete(o) for o in by_entity[e.id])
        ]
        chosen = rng.sample(eligible, wanted)
        for entity_id in sorted(chosen):
            candidates = [o for o in by_entity[entity_id] if _can_be_concrete(o)]
            rng.choice(candidates).forced_concrete = True
            for o in candidates:
                o.concrete_allowed = True


def _uses(tpl: Template, slot: str) -> bool:
    return any(slot in text for text in (tpl.title, tpl.desc, tpl.contrib))


def _bodies(tpl: Template, entity: Entity, country: str | None) -> list[str]:
    """The bodies {body} can name: a regional body must cover the country (or one of the entity's)."""
    if tpl.bodies:
        return list(tpl.bodies)
    if tpl.target != RB:
        return list(INTERNATIONAL_BODIES)
    covered = {country} if country else set(entity.countries)
    return [
        body.name
        for body in REGIONAL_BODIES[entity.region]
        if tpl.goal in body.goals and (not body.members or covered & body.members)
    ]


def _options(tpl: Template, entity: Entity) -> tuple[list[str], list[str]]:
    """Where the story can happen (country) and which country {other} can be, for this entity."""
    if tpl.target == OG and entity.type == PROJECT:
        countries = [c for c in ACTING_STATES if c not in entity.countries]
        others = [c for c in entity.countries if not tpl.others or c in tpl.others]
    else:
        countries = list(entity.countries)
        others = list(tpl.others or CONCERN)
    if tpl.countries:
        countries = [c for c in countries if c in tpl.countries]
    if _uses(tpl, "{body}") and (_uses(tpl, "{country}") or _uses(tpl, "{place}")):
        countries = [c for c in countries if _bodies(tpl, entity, c)]
    return countries, others


def _applicable(tpl: Template, outcome: Outcome) -> bool:
    entity = outcome.entity
    if tpl.goal != outcome.goal or tpl.negative != (outcome.expectation == NEGATIVE):
        return False
    if tpl.who not in ("both", entity.type):
        return False
    concrete = tpl.impact in CONCRETE
    if outcome.forced_concrete != concrete and (outcome.forced_concrete or not outcome.concrete_allowed):
        return False
    countries, others = _options(tpl, entity)
    needs_country = _uses(tpl, "{country}") or _uses(tpl, "{place}")
    if needs_country and not countries:
        return False
    if _uses(tpl, "{body}") and not needs_country and not _bodies(tpl, entity, None):
        return False
    return not (_uses(tpl, "{other}") and not [o for o in others if o not in countries[:1]])


def _when(date: dt.date | None) -> str:
    return f"On {date.day} {MONTHS[date.month - 1]} {date.year}" if date else f"During {YEAR}"


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(rng: random.Random, tpl: Template, outcome: Outcome) -> dict[str, str | None]:
    entity = outcome.entity
    countries, others = _options(tpl, entity)
    country = rng.choice(countries) if countries else None
    needs_country = _uses(tpl, "{country}") or _uses(tpl, "{place}")
    other = rng.choice([o for o in others if o != country]) if _uses(tpl, "{other}") else None
    place = rng.choice(COUNTRIES[country][1]) if country else None
    bodies = _bodies(tpl, entity, country if needs_country else None)
    body = rng.choice(bodies) if bodies else ""
    low, high = tpl.n
    number = rng.randint(low, high)
    if high >= 100_000:
        number = round(number, -3)
    elif high >= 5_000:
        number = round(number, -1)
    values = {
        "country": COUNTRIES[country][0] if country else "",
        "place": place or "",
        "other": COUNTRIES[other][0] if other else "",
        "body": body,
        "n": f"{number:,}",
        "when": _when(outcome.date),
    }
    return {
        "title": _capfirst(tpl.title.format(**values)),
        "description": _capfirst(tpl.desc.format(**values)),
        "contribution": _capfirst(tpl.contrib.format(**values)),
        "country": country if needs_country else None,
        "place": place,
    }


def _choose_texts(rng: random.Random, outcomes: Sequence[Outcome]) -> None:
    used_titles: set[str] = set()
    uses: Counter[int] = Counter()
    for outcome in outcomes:
        candidates = [i for i, tpl in enumerate(TEMPLATES) if _applicable(tpl, outcome)]
        if not candidates:
            raise AssertionError(f"no template for {outcome.entity.id} goal {outcome.goal} {outcome}")
        weights = []
        for i in candidates:
            tpl = TEMPLATES[i]
            weight = TARGET_WEIGHTS[outcome.entity.type][tpl.target] / (1 + uses[i])
            text = f"{tpl.title} {tpl.desc}".lower()
            if any(word in text for word in PROJECT_KEYWORDS.get(outcome.entity.id, ())):
                weight *= ON_TOPIC_WEIGHT
            if tpl.impact in CONCRETE and not outcome.forced_concrete:
                weight *= EXTRA_CONCRETE_WEIGHT
            weights.append(weight)
        for _ in range(200):
            index = rng.choices(candidates, weights)[0]
            filled = _fill(rng, TEMPLATES[index], outcome)
            if filled["title"] not in used_titles:
                break
        else:
            raise AssertionError(f"could not find a fresh title for {outcome.entity.id}")
        tpl = TEMPLATES[index]
        uses[index] += 1
        used_titles.add(str(filled["title"]))
        outcome.impact, outcome.target = tpl.impact, tpl.target
        outcome.title = str(filled["title"])
        outcome.description = str(filled["description"])
        outcome.contribution = filled["contribution"] if rng.random() < 0.86 else None
        outcome.country = filled["country"]
        outcome.place = filled["place"]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].rstrip("-")


def _sources(rng: random.Random, outcome: Outcome) -> list[str]:
    if rng.random() >= 0.6:
        return []
    month = MONTHS[outcome.date.month - 1] if outcome.date else "December"
    site = rng.choice(("news.example.org", "www.example.com", "media.example.net"))
    bank = [f"https://{site}/{YEAR}/{_slug(outcome.title)}", "Internal case file"]
    if outcome.target in (GOV, OG):
        bank += [f"Minutes of meeting with officials, {month} {YEAR}", "Official statement published online"]
    if outcome.target == GOV:
        bank += ["Press release by the authorities", "Court records"]
    if outcome.target in (RB, IB):
        bank += ["Session records and adopted text", "Report of the session"]
    if outcome.target in (CS, RH, GP, CORP):
        bank += ["Partner field report", "Photos and attendance lists"]
    if outcome.country:
        bank.append("National media coverage")
    return rng.sample(bank, rng.randint(1, 3))


def _stakeholders(rng: random.Random, outcome: Outcome) -> list[str]:
    topic = rng.choice(RAPPORTEURS[outcome.goal])
    bank = [f"Office of the UN Special Rapporteur on {topic}"]
    if outcome.country and outcome.place:
        name = COUNTRIES[outcome.country][0]
        bank += [
            f"Partner organisation in {outcome.place}",
            f"Community leaders in {outcome.place}",
            f"National human rights institution of {name}",
            f"Lawyers' collective in {name}",
            f"Coalition of human rights defenders in {name}",
        ]
        if outcome.target in (RH, CS):
            bank.append("Members of the affected community")
    else:
        bank += ["Regional NGO coalition", "Delegation of a member state", "International NGO partner"]
    return rng.sample(bank, rng.randint(1, 2))


def _date(rng: random.Random) -> dt.date | None:
    if rng.random() >= 0.88:
        return None
    return dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(366))


def build_outcomes() -> tuple[list[Entity], list[Outcome]]:
    rng = random.Random(SEED)
    entities = _sections() + _projects()
    assert sorted(PROJECT_KEYWORDS) == sorted(e.id for e in entities if e.type == PROJECT)
    outcomes = _slots(rng, entities)
    _assign_goals(rng, outcomes)
    _assign_government_action(rng, entities, outcomes)
    for outcome in outcomes:
        outcome.date = _date(rng)
    _choose_texts(rng, outcomes)
    for outcome in outcomes:
        outcome.sources = _sources(rng, outcome)
    for index in sorted(rng.sample(range(len(outcomes)), CORROBORATED)):
        outcomes[index].corroborated_by = _stakeholders(rng, outcomes[index])
    # Number each entity's outcomes in date order (undated last).
    by_entity: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_entity[outcome.entity.id].append(outcome)
    ordered: list[Outcome] = []
    for entity in entities:
        own = sorted(by_entity[entity.id], key=lambda o: o.date or dt.date(YEAR + 1, 1, 1))
        for number, outcome in enumerate(own, start=1):
            outcome.id = f"{entity.id}-{YEAR}-{number:02d}"
        ordered.extend(own)
    # A few follow-up notes on a second line, so multi-line text is exercised in both formats.
    follow_up = (
        "Follow-up (December 2016): partners confirmed that the change was still in effect at the end of "
        "the year."
    )
    first_csv = next(o for o in ordered if o.entity.fmt == "csv" and o.entity.type == PROJECT)
    first_section = next(o for o in ordered if o.entity.type == SECTION)
    first_yaml_project = next(o for o in ordered if o.entity.fmt == "yaml" and o.entity.type == PROJECT)
    for outcome in (first_csv, first_section, first_yaml_project):
        outcome.description += "\n" + follow_up
    return entities, ordered


# --- rendering -----------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Indents list items under their key, as in the examples of the data standard; no aliases."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _outcome_record(outcome: Outcome) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": outcome.id,
        "title": outcome.title,
        "description": outcome.description,
        "impact_type": outcome.impact,
        "strategic_goal": outcome.goal,
        "expectation": outcome.expectation,
        "target": outcome.target,
        "country": outcome.country,
        "date": outcome.date,
        "contribution": outcome.contribution,
        "sources": list(outcome.sources),
        "corroborated_by": list(outcome.corroborated_by),
    }
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def _yaml_text(entity: Entity, outcomes: Iterable[Outcome]) -> str:
    document = {
        "schema_version": 1,
        "entity": {"id": entity.id, "name": entity.name, "type": entity.type, "region": entity.region},
        "year": YEAR,
        "outcomes": [_outcome_record(o) for o in outcomes],
    }
    body = yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return f"{SCHEMA_LINE}\n{body}"


def _csv_text(entities: Sequence[Entity], outcomes: Sequence[Outcome]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for entity in entities:
        for outcome in (o for o in outcomes if o.entity.id == entity.id):
            writer.writerow(
                [
                    entity.id,
                    entity.name,
                    entity.type,
                    entity.region,
                    YEAR,
                    outcome.id,
                    outcome.title,
                    outcome.description,
                    outcome.impact,
                    outcome.goal,
                    outcome.expectation,
                    outcome.target,
                    outcome.country or "",
                    outcome.date.isoformat() if outcome.date else "",
                    outcome.contribution or "",
                    "; ".join(outcome.sources),
                    "; ".join(outcome.corroborated_by),
                ]
            )
    return buffer.getvalue()


def render() -> dict[str, str]:
    """The files to write, as relative path -> text."""
    entities, outcomes = build_outcomes()
    files: dict[str, str] = {}
    for entity in entities:
        own = [o for o in outcomes if o.entity.id == entity.id]
        if entity.type == SECTION:
            files[f"sections/{entity.id}.yaml"] = _yaml_text(entity, own)
        elif entity.fmt == "yaml":
            files[f"projects/{entity.id}.yaml"] = _yaml_text(entity, own)
    csv_entities = [e for e in entities if e.type == PROJECT and e.fmt == "csv"]
    files[CSV_NAME] = _csv_text(csv_entities, outcomes)
    return files


def write(files: dict[str, str]) -> None:
    if OUT_DIR.exists():
        shutil.rmtree(OUT_DIR)
    for relative, text in sorted(files.items()):
        path = OUT_DIR / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)


# --- reading back and checking -------------------------------------------------------------


def _read_back() -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, str]]:
    """Entities and outcomes as written to disk, and each entity's file format."""
    entities: list[dict[str, Any]] = []
    outcomes: list[dict[str, Any]] = []
    formats: dict[str, str] = {}
    for path in sorted(OUT_DIR.glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == SCHEMA_LINE, path
        document = yaml.safe_load(text)
        assert list(document) == ["schema_version", "entity", "year", "outcomes"], path
        assert document["schema_version"] == 1 and document["year"] == YEAR, path
        entity = document["entity"]
        assert list(entity) == ["id", "name", "type", "region"], path
        assert path.stem == entity["id"], path
        entities.append(entity)
        formats[entity["id"]] = f"yaml:{path.parent.name}"
        for item in document["outcomes"]:
            keys = list(item)
            assert keys == [k for k in OUTCOME_KEYS if k in keys], (path, keys)
            assert all(value not in (None, "", []) for value in item.values()), path
            assert isinstance(item["strategic_goal"], int), path
            assert "date" not in item or isinstance(item["date"], dt.date), path
            assert "country" not in item or isinstance(item["country"], str), path
            outcomes.append({**item, "entity": entity})
    with (OUT_DIR / CSV_NAME).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == CSV_HEADER
        for row in reader:
            entity = {
                "id": row["entity_id"],
                "name": row["entity_name"],
                "type": row["entity_type"],
                "region": row["region"],
            }
            if entity["id"] not in formats:
                entities.append(entity)
                formats[entity["id"]] = "csv"
            assert row["year"] == str(YEAR)
            outcome: dict[str, Any] = {
                "id": row["outcome_id"],
                "title": row["title"],
                "description": row["description"],
                "impact_type": row["impact_type"],
                "strategic_goal": int(row["strategic_goal"]),
                "expectation": row["expectation"],
                "target": row["target"],
            }
            if row["country"]:
                outcome["country"] = row["country"]
            if row["date"]:
                outcome["date"] = dt.date.fromisoformat(row["date"])
            if row["contribution"]:
                outcome["contribution"] = row["contribution"]
            for key in ("sources", "corroborated_by"):
                if row[key]:
                    outcome[key] = row[key].split("; ")
            outcomes.append({**outcome, "entity": entity})
    return entities, outcomes, formats


def _share(part: int, whole: int) -> Fraction:
    return Fraction(part, whole) if whole else Fraction(0)


def _pct(value: Fraction) -> str:
    return f"{float(value):.1%}"


def check_and_report() -> None:
    entities, outcomes, formats = _read_back()
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids)) == 80, len(ids)
    sections = [e for e in entities if e["type"] == SECTION]
    projects = [e for e in entities if e["type"] == PROJECT]
    assert len(sections) == 50 and len(projects) == 30
    assert all(formats[e["id"]] == "yaml:sections" for e in sections)
    project_formats = Counter(formats[e["id"]] for e in projects)
    assert project_formats == {"csv": 20, "yaml:projects": 10}, project_formats
    for kind in (sections, projects):
        assert {e["region"] for e in kind} == set(REGIONS)
    assert all(re.fullmatch(r"AI-[A-Z]{2}", e["id"]) for e in sections)
    assert all(re.fullmatch(r"IP-(AFR|AME|ASA|EUR|MENA)-[A-Z-]+", e["id"]) for e in projects)

    # counts and ids
    assert len(outcomes) == TOTAL_OUTCOMES, len(outcomes)
    outcome_ids = [o["id"] for o in outcomes]
    assert len(set(outcome_ids)) == TOTAL_OUTCOMES
    per_entity: dict[str, list[dict[str, Any]]] = {e["id"]: [] for e in entities}
    for outcome in outcomes:
        per_entity[outcome["entity"]["id"]].append(outcome)
    for entity_id, own in per_entity.items():
        expected = [f"{entity_id}-{YEAR}-{n:02d}" for n in range(1, len(own) + 1)]
        assert sorted(o["id"] for o in own) == expected, entity_id
    empty = [entity_id for entity_id, own in per_entity.items() if not own]
    assert empty == [EMPTY_SECTION], empty
    assert all(1 <= len(own) <= 8 for entity_id, own in per_entity.items() if entity_id != EMPTY_SECTION)

    # expectation overall
    expectation = Counter(o["expectation"] for o in outcomes)
    assert expectation == EXPECTATION_TOTALS, expectation

    # tangible government action
    def with_action(group: list[dict[str, Any]]) -> int:
        return sum(any(o["impact_type"] in CONCRETE for o in per_entity[e["id"]]) for e in group)

    gov_sections, gov_projects = with_action(sections), with_action(projects)
    assert gov_sections == SECTIONS_WITH_GOV_ACTION, gov_sections
    assert gov_projects == PROJECTS_WITH_GOV_ACTION, gov_projects

    # by goal
    by_goal = {g: Counter(o["expectation"] for o in outcomes if o["strategic_goal"] == g) for g in GOALS}
    met = {g: _share(c[MET], c.total()) for g, c in by_goal.items()}
    neg = {g: _share(c[NEGATIVE], c.total()) for g, c in by_goal.items()}
    assert all(met[1] > met[g] for g in GOALS if g != 1), met
    assert neg[2] == neg[3], neg
    assert all(neg[2] > neg[g] for g in (1, 4, 5)), neg

    # by region
    by_region = {
        r: Counter(o["expectation"] for o in outcomes if o["entity"]["region"] == r) for r in REGIONS
    }
    region_met = {r: _share(c[MET], c.total()) for r, c in by_region.items()}
    assert Fraction(60, 100) <= region_met[MENA] <= Fraction(666, 1000), region_met[MENA]
    assert all(region_met[MENA] > region_met[r] for r in REGIONS if r != MENA), region_met

    # targets: sections lean to the public, projects to regional/international bodies and governments
    section_targets = Counter(o["target"] for o in outcomes if o["entity"]["type"] == SECTION)
    project_targets = Counter(o["target"] for o in outcomes if o["entity"]["type"] == PROJECT)
    assert section_targets.most_common(1)[0][0] == GP, section_targets
    top3 = {t for t, _ in project_targets.most_common(3)}
    assert top3 == {RB, IB, GOV}, project_targets
    assert project_targets[GP] < min(project_targets[t] for t in (RB, IB, GOV))

    # every code used
    assert {o["target"] for o in outcomes} == set(TARGETS)
    assert {o["impact_type"] for o in outcomes} == set(IMPACT_TYPES)
    assert {o["strategic_goal"] for o in outcomes} == set(GOALS)
    assert {o["entity"]["region"] for o in outcomes} == set(REGIONS)

    # optional fields
    corroborated = sum("corroborated_by" in o for o in outcomes)
    assert Fraction(30, 100) <= _share(corroborated, len(outcomes)) <= Fraction(37, 100), corroborated
    with_country = [o for o in outcomes if "country" in o]
    assert len(with_country) > 0.6 * len(outcomes)
    assert all(o["target"] in (RB, IB) for o in outcomes if "country" not in o)
    assert all(o["country"] in COUNTRIES for o in with_country)
    dated = [o for o in outcomes if "date" in o]
    assert 0.8 * len(outcomes) < len(dated) < len(outcomes)
    assert all(o["date"].year == YEAR for o in dated)
    assert all(o["description"] == o["description"].strip() for o in outcomes)

    # texts and encodings
    titles = [o["title"] for o in outcomes]
    assert len(set(titles)) == len(titles), [t for t, n in Counter(titles).items() if n > 1]
    assert all("{" not in o["title"] + o["description"] + o.get("contribution", "") for o in outcomes)
    csv_text = (OUT_DIR / CSV_NAME).read_text(encoding="utf-8")
    assert any("\n" in o["description"] for o in outcomes if formats[o["entity"]["id"]] == "csv")
    assert any("\n" in o["description"] for o in outcomes if formats[o["entity"]["id"]] != "csv")
    assert not csv_text.isascii()
    all_text = csv_text + "".join(p.read_text(encoding="utf-8") for p in OUT_DIR.glob("*/*.yaml"))
    assert re.search("[\u0400-\u04ff]", all_text), "no Cyrillic text in the data"
    assert re.search("[\u0600-\u06ff]", all_text), "no Arabic text in the data"
    assert not all(p.read_text(encoding="utf-8").isascii() for p in OUT_DIR.glob("*/*.yaml"))
    assert '"NO"' in (OUT_DIR / "sections" / "AI-NO.yaml").read_text(encoding="utf-8") or "'NO'" in (
        OUT_DIR / "sections" / "AI-NO.yaml"
    ).read_text(encoding="utf-8")

    # summary
    total = len(outcomes)
    print(
        f"Wrote {len(list(OUT_DIR.rglob('*.*')))} files to {OUT_DIR.relative_to(ROOT)}: "
        f"{len(entities)} entities, {total} outcomes"
    )
    print(
        "Expectation: "
        + ", ".join(f"{e} {expectation[e]} ({_pct(_share(expectation[e], total))})" for e in EXPECTATIONS)
    )
    print(
        f"Tangible government action: sections {gov_sections}/50 ({_pct(_share(gov_sections, 50))}), "
        f"projects {gov_projects}/30 ({_pct(_share(gov_projects, 30))})"
    )
    print("By goal (n: met / negative):")
    for g in GOALS:
        c = by_goal[g]
        print(
            f"  goal {g}: {c.total():3d}  met {c[MET]:3d} ({_pct(met[g])})  "
            f"negative {c[NEGATIVE]:2d} ({_pct(neg[g])})"
        )
    print("By region (n: met):")
    for r in REGIONS:
        c = by_region[r]
        print(f"  {r:26s} {c.total():3d}  met {c[MET]:3d} ({_pct(region_met[r])})")
    print(f"Targets, sections: {dict(section_targets.most_common())}")
    print(f"Targets, projects: {dict(project_targets.most_common())}")
    print(
        f"Corroborated: {corroborated} ({_pct(_share(corroborated, total))}); "
        f"with country: {len(with_country)}; dated: {len(dated)}"
    )


# Expected entities that did not report for 2016, and one that closed before it: they make the
# registry (sample_data/entities.yaml) show what `impactagg status` is for.
REGISTRY_EXTRAS: list[dict[str, Any]] = [
    {"id": "AI-BD", "name": "Amnesty International Bangladesh", "type": SECTION, "region": ASA},
    {"id": "AI-CO", "name": "Amnesty International Colombia", "type": SECTION, "region": AME},
    {"id": "AI-LB", "name": "Amnesty International Lebanon", "type": SECTION, "region": MENA},
    {
        "id": "IP-EUR-SURVEILLANCE",
        "name": "Brussels Regional Office: Surveillance and privacy project",
        "type": PROJECT,
        "region": EUR,
    },
    {
        "id": "IP-ASA-MIGRANTS",
        "name": "Hong Kong Regional Office: Migrant workers project",
        "type": PROJECT,
        "region": ASA,
        "active_until": 2015,
    },
]


def render_registry() -> str:
    """The registry of expected entities: every entity that reported, plus the extras above."""
    entities, _, _ = _read_back()
    listed = [{key: entity[key] for key in ("id", "name", "type", "region")} for entity in entities]
    listed += REGISTRY_EXTRAS
    listed.sort(key=lambda entity: (entity["type"], entity["id"]))
    header = (
        "# The entities expected to report: impactagg checks each submission's entity against this\n"
        "# list, and `impactagg status` reports who has not reported yet. Synthetic, like the rest.\n"
    )
    body = yaml.safe_dump({"entities": listed}, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def main() -> None:
    files = render()
    assert render() == files, "generation is not deterministic"
    write(files)
    check_and_report()
    (OUT_DIR.parent / "entities.yaml").write_text(render_registry(), encoding="utf-8")


if __name__ == "__main__":
    main()
