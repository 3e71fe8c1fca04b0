"""Names and fixed numbers of the synthetic bench portfolio (bench/generate.py).

Everything generated is recognisable by these: the portfolio code, the org-unit codes
(B + a domain code) and the username prefix. Changing a list changes the data a seed
gives, and with it every figure in docs/PERFORMANCE.md.
"""

import datetime as dt

PORTFOLIO_CODE = "BENCH"
USER_PREFIX = "bench."
BOARD_USERNAME = "bench.raad.1"
PROJECTLEIDER_USERNAME = "bench.pl.001"
PASSWORD = "bench-wachtwoord"
TODAY = dt.date(2026, 11, 1)  # fixed, like the demo, so the data does not drift
BATCH = 1000

DOMAINS = [
    ("BSD", "Sociaal Domein"),
    ("BRU", "Ruimte"),
    ("BSB", "Stadsbeheer"),
    ("BDV", "Dienstverlening"),
    ("BVE", "Veiligheid"),
    ("BBV", "Bedrijfsvoering"),
]
DEPARTMENTS_PER_DOMAIN = 4
PROGRAMME_COUNT = 8
PROJECTLEIDER_COUNT = 50
BOARD_COUNT = 3

# Relative weights of the phases; most work sits in the middle of the lifecycle.
PHASE_WEIGHTS = {
    "initiatief": 10,
    "definitie": 12,
    "ontwerp": 14,
    "voorbereiding": 14,
    "realisatie": 28,
    "nazorg": 8,
    "afgesloten": 14,
}

ACTIONS = [
    "Vervanging",
    "Renovatie",
    "Aanleg",
    "Herinrichting",
    "Digitalisering",
    "Invoering",
    "Verduurzaming",
    "Uitbreiding",
    "Aanbesteding",
    "Modernisering",
    "Onderzoek",
    "Pilot",
]
SUBJECTS = [
    "riolering",
    "schoolgebouw",
    "fietspad",
    "zaaksysteem",
    "sporthal",
    "openbare verlichting",
    "wijkcentrum",
    "parkeerbeleid",
    "klantportaal",
    "groenonderhoud",
    "brug",
    "archief",
    "jeugdhulp",
    "laadpalen",
    "kademuur",
    "bibliotheek",
    "afvalinzameling",
    "subsidieregeling",
]
PLACES = [
    "Noord",
    "Zuid",
    "Oost",
    "West",
    "Centrum",
    "Havenkwartier",
    "De Linden",
    "Hoven",
    "Kerkbuurt",
    "Molenwijk",
    "Stationsgebied",
    "Buitengebied",
]
FIRST_NAMES = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Esra",
    "Femke",
    "Gijs",
    "Hanna",
    "Ilse",
    "Joost",
    "Karim",
    "Lieke",
    "Mark",
    "Noor",
    "Olaf",
    "Priya",
    "Quinten",
    "Roos",
]
LAST_NAMES = [
    "de Boer",
    "Jansen",
    "Visser",
    "Smit",
    "Meijer",
    "de Groot",
    "Bos",
    "Mulder",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "Kaya",
]
MILESTONE_NAMES = [
    "Projectopdracht vastgesteld",
    "Plan van aanpak gereed",
    "Aanbesteding gegund",
    "Oplevering",
]
