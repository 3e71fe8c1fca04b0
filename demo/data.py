"""The fictional municipality Lindenhoven: organisation, programmes and project names."""

MUNICIPALITY = "Gemeente Lindenhoven"

# domain code, domain name, [(department code, department name), …]
ORGANISATION = [
    (
        "SD",
        "Sociaal Domein",
        [
            ("SD-WI", "Werk en Inkomen"),
            ("SD-JZ", "Jeugd en Zorg"),
            ("SD-OW", "Onderwijs"),
        ],
    ),
    (
        "RU",
        "Ruimte",
        [
            ("RU-RO", "Ruimtelijke Ontwikkeling"),
            ("RU-WO", "Wonen"),
            ("RU-MI", "Milieu en Energie"),
        ],
    ),
    (
        "SB",
        "Stadsbeheer",
        [
            ("SB-WE", "Wegen en Verkeer"),
            ("SB-GR", "Groen en Water"),
            ("SB-VG", "Vastgoed"),
        ],
    ),
    (
        "DV",
        "Dienstverlening",
        [
            ("DV-KC", "Klantcontactcentrum"),
            ("DV-BZ", "Burgerzaken"),
        ],
    ),
    (
        "VE",
        "Veiligheid",
        [
            ("VE-OV", "Openbare Orde en Veiligheid"),
            ("VE-HH", "Handhaving"),
        ],
    ),
    (
        "BV",
        "Bedrijfsvoering",
        [
            ("BV-IV", "Informatievoorziening"),
            ("BV-FI", "Financiën"),
            ("BV-HR", "HRM"),
            ("BV-FA", "Facilitaire Zaken"),
        ],
    ),
]

# code, name, domain code
PROGRAMMES = [
    ("PRG-ENERGIE", "Energietransitie Lindenhoven 2030", "RU"),
    ("PRG-WONEN", "Woningbouwversnelling", "RU"),
    ("PRG-DIGITAAL", "Digitale Dienstverlening", "DV"),
    ("PRG-WIJK", "Sociaal Domein in de Wijk", "SD"),
    ("PRG-MOBIEL", "Bereikbaar en Veilig Lindenhoven", "SB"),
]
# Each programme's manager, a projectleider of its domain (draws its batenkaart).
PROGRAMME_MANAGERS = {
    "PRG-ENERGIE": "pl.meijer",
    "PRG-WONEN": "pl.mulder",
    "PRG-DIGITAAL": "pl.visser",
    "PRG-WIJK": "pl.yilmaz",
    "PRG-MOBIEL": "pl.smit",
}

# department code -> [(project name, programme code or None, going concern?)]
PROJECTS = {
    "SD-WI": [
        ("Re-integratietraject statushouders", "PRG-WIJK", False),
        ("Vernieuwing armoedebeleid", "PRG-WIJK", False),
        ("Schuldhulpverlening vroegsignalering", "PRG-WIJK", False),
        ("Participatiebanen gemeentelijke organisatie", None, False),
        ("Uitvoering Participatiewet", None, True),
    ],
    "SD-JZ": [
        ("Inkoop jeugdhulp 2027", None, False),
        ("Wijkteams herinrichting", "PRG-WIJK", False),
        ("Mantelzorgondersteuning digitaal loket", "PRG-DIGITAAL", False),
        ("Transformatie beschermd wonen", "PRG-WIJK", False),
        ("Uitvoering Wmo-voorzieningen", None, True),
    ],
    "SD-OW": [
        ("Integraal huisvestingsplan onderwijs", None, False),
        ("Nieuwbouw IKC De Linde", None, False),
        ("Leerlingenvervoer aanbesteding", None, False),
        ("Voorschoolse educatie uitbreiding", "PRG-WIJK", False),
    ],
    "RU-RO": [
        ("Omgevingsplan Lindenhoven", None, False),
        ("Gebiedsontwikkeling Stationskwartier", "PRG-WONEN", False),
        ("Herontwikkeling bedrijventerrein De Hoven", None, False),
        ("Implementatie Omgevingswet fase 3", "PRG-DIGITAAL", False),
        ("Centrumvisie binnenstad", None, False),
    ],
    "RU-WO": [
        ("Woningbouwlocatie Oosterweide", "PRG-WONEN", False),
        ("Flexwonen Havenstraat", "PRG-WONEN", False),
        ("Prestatieafspraken corporaties 2027", "PRG-WONEN", False),
        ("Transformatie kantoren naar woningen", "PRG-WONEN", False),
        ("Starterslening herziening", "PRG-WONEN", False),
    ],
    "RU-MI": [
        ("Transitievisie warmte wijk Linderveld", "PRG-ENERGIE", False),
        ("Zonnepanelen op gemeentelijk vastgoed", "PRG-ENERGIE", False),
        ("Warmtenet Noord", "PRG-ENERGIE", False),
        ("Energiearmoede aanpak", "PRG-ENERGIE", False),
        ("Laadinfrastructuur elektrisch vervoer", "PRG-ENERGIE", False),
        ("Klimaatadaptatie stresstest", "PRG-ENERGIE", False),
    ],
    "SB-WE": [
        ("Reconstructie Ringweg Zuid", "PRG-MOBIEL", False),
        ("Fietsstraat Kerkstraat", "PRG-MOBIEL", False),
        ("Vervanging verkeersregelinstallaties", "PRG-MOBIEL", False),
        ("Parkeerbeleid binnenstad", "PRG-MOBIEL", False),
        ("Verkeersveiligheid schoolomgevingen", "PRG-MOBIEL", False),
        ("Onderhoud wegen en bruggen", None, True),
    ],
    "SB-GR": [
        ("Vervanging riolering Linderveld", None, False),
        ("Vergroening schoolpleinen", "PRG-ENERGIE", False),
        ("Herinrichting Stadspark", None, False),
        ("Baggerprogramma stadsgrachten", None, False),
        ("Beheer openbaar groen", None, True),
    ],
    "SB-VG": [
        ("Verduurzaming stadhuis", "PRG-ENERGIE", False),
        ("Renovatie sporthal De Vijf Linden", None, False),
        ("Afstoten maatschappelijk vastgoed", None, False),
        ("Nieuwe gemeentewerf", None, False),
    ],
    "DV-KC": [
        ("Nieuw klantcontactsysteem", "PRG-DIGITAAL", False),
        ("Chatfunctie en webcare", "PRG-DIGITAAL", False),
        ("Eén gemeentelijk telefoonnummer", "PRG-DIGITAAL", False),
        ("Toegankelijke website (WCAG)", "PRG-DIGITAAL", False),
        ("Klantcontact", None, True),
    ],
    "DV-BZ": [
        ("Vervanging burgerzakenapplicatie", "PRG-DIGITAAL", False),
        ("Digitale verhuismelding", "PRG-DIGITAAL", False),
        ("Reisdocumenten thuisbezorgen", "PRG-DIGITAAL", False),
        ("Verkiezingen 2027 voorbereiding", None, False),
    ],
    "VE-OV": [
        ("Cameratoezicht uitgaansgebied", "PRG-MOBIEL", False),
        ("Aanpak ondermijning", None, False),
        ("Crisisorganisatie herinrichting", None, False),
        ("Evenementenbeleid herziening", None, False),
    ],
    "VE-HH": [
        ("Boa's in de wijk uitbreiding", "PRG-WIJK", False),
        ("Digitaal handhavingsdossier", "PRG-DIGITAAL", False),
        ("Aanpak illegale bewoning", "PRG-WONEN", False),
        ("Toezicht en handhaving", None, True),
    ],
    "BV-IV": [
        ("Migratie naar de cloud", "PRG-DIGITAAL", False),
        ("Zaakgericht werken 2.0", "PRG-DIGITAAL", False),
        ("Informatiebeveiliging BIO-maatregelen", None, False),
        ("Datagedreven sturing en dashboards", "PRG-DIGITAAL", False),
        ("Archiefwet en e-depot", None, False),
        ("Vervanging werkplekken", None, False),
        ("Applicatiebeheer", None, True),
    ],
    "BV-FI": [
        ("Nieuw financieel systeem", None, False),
        ("Begrotingscyclus vernieuwing", None, False),
        ("Inkoop- en contractbeheer", None, False),
        ("Belastingen en WOZ herziening", None, False),
    ],
    "BV-HR": [
        ("Strategische personeelsplanning", None, False),
        ("Nieuw HR-systeem", None, False),
        ("Leiderschapsprogramma", None, False),
        ("Hybride werken", None, False),
    ],
    "BV-FA": [
        ("Herinrichting kantoortuin", None, False),
        ("Duurzaam wagenpark", "PRG-ENERGIE", False),
        ("Facilitaire dienstverlening", None, True),
    ],
}

# code, name, department code, hours per month
TEAMS = [
    ("TEAM-IV-ARCH", "Informatiearchitectuur", "BV-IV", "4.00"),
    ("TEAM-IV-DEV", "Ontwikkeling en integratie", "BV-IV", "8.00"),
    ("TEAM-PROJ", "Projectmanagement", "BV-FA", "10.50"),
    ("TEAM-JUR", "Juridische zaken", "BV-FI", "3.20"),
    ("TEAM-INK", "Inkoop en aanbesteding", "BV-FI", "4.50"),
    ("TEAM-CIV", "Civiele techniek", "SB-WE", "9.00"),
    ("TEAM-RO", "Ruimtelijke planvorming", "RU-RO", "6.00"),
    ("TEAM-COM", "Communicatie en participatie", "DV-KC", "5.00"),
    ("TEAM-DATA", "Data en analyse", "BV-IV", "3.40"),
]

# username, first name, last name, role, department code (or None)
USERS = [
    ("raad", "Marieke", "de Vries", "portfolioraad", None),
    ("analist", "Sanne", "Jansen", "pmo-analist", "BV-FA"),
    ("beheerder", "Thomas", "Bakker", "beheerder", "BV-IV"),
    ("projectleider", "Pieter", "van Dijk", "projectleider", "SB-WE"),
    ("pl.smit", "Fatima", "Smit", "projectleider", "SB-WE"),
    ("pl.meijer", "Ruben", "Meijer", "projectleider", "RU-MI"),
    ("pl.mulder", "Anouk", "Mulder", "projectleider", "RU-WO"),
    ("pl.bos", "Jeroen", "Bos", "projectleider", "BV-IV"),
    ("pl.visser", "Lotte", "Visser", "projectleider", "DV-KC"),
    ("pl.yilmaz", "Mehmet", "Yılmaz", "projectleider", "SD-JZ"),
    ("pl.dekker", "Eva", "Dekker", "projectleider", "VE-OV"),
    ("pl.peters", "Kees", "Peters", "projectleider", "BV-FI"),
    ("raad.hendriks", "Joost", "Hendriks", "portfolioraad", None),
    # Bateneigenaren: line managers without a role in the tool, who measure the baten.
    ("be.kok", "Hanneke", "Kok", "", "SB-WE"),
    ("be.vos", "Willem", "Vos", "", "RU-MI"),
    ("be.aydin", "Sevda", "Aydın", "", "DV-KC"),
]

DEMO_PASSWORD = "demo-lindenhoven"

# Statutory work every scenario must take in (the municipal elections are the law's).
STATUTORY = {"Verkiezingen 2027 voorbereiding"}

# What the board said when it let a project through a gate: varied, as boards are.
GATE_REASONINGS = [
    "Business case sluitend, risico's beheersbaar.",
    "Past binnen de begroting 2027; de opdrachtgever staat achter de aanpak.",
    "Noodzakelijk voor de wettelijke taak; dekking binnen het programma.",
    "Draagt direct bij aan het coalitieakkoord; capaciteit is geregeld.",
    "Akkoord, mits de aanbesteding binnen de raming blijft.",
    "Goed onderbouwd plan van aanpak; de planning is realistisch.",
    "Instemming, met aandacht voor de beheerlasten na oplevering.",
]
GATE_CONDITIONS = [
    "Maandelijks rapporteren over de aanbesteding.",
    "Binnen drie maanden een geactualiseerde risicoanalyse.",
    "Eerst de dekking van de beheerkosten regelen met Financiën.",
    "De ondernemingsraad om advies vragen voor de start van de realisatie.",
]

MILESTONE_NAMES = [
    "Projectopdracht vastgesteld",
    "Plan van aanpak gereed",
    "Business case goedgekeurd",
    "Aanbesteding gegund",
    "Oplevering",
    "Decharge projectleider",
]
