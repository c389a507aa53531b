"""advise(): from what was understood to ranked, explained suggestions.

The one place that decides whom to advise; the chat's actions and the staff APIs call it.
Pure and deterministic: the same directory, understanding, gemeente and `now` give the
same answer; no network, no database.

The rules, in order:

1. Crisis (knowledge.crisis). Acute danger: the crisis lines only, 112 first when someone is
   in danger now (Veilig Thuis named for violence at home), 113 first for suicidal intent.
   Possible distress: the normal help stays, with 113 added (`distress`).
2. Out of scope, or only conversation: `out_of_scope` above every theme with no organisation
   named gives the IDO and out_of_scope=True; a message with no theme at all (a greeting,
   "ik heb een vraag") gives clarify=True and the IDO.
3. Needs. The whole message's best theme is the first need; every other theme with
   confidence >= SECOND_NEED_MIN is another need (at most MAX_NEEDS); themes that separate
   clauses recognised are needs too, after it. A life event (group `life_events`) is one
   need with a checklist.
4. An organisation the person names with a contact question ("wat is het nummer van het
   CAK") comes first, whatever the themes. A named organisation that serves a need goes
   first within that need; one that serves none adds its main theme as a need.
5. clarify=True when the best confidence is below CLARIFY_BELOW or the second theme is
   within CLOSE_MARGIN of it (unless a clause or a named organisation confirms the first).
   Suggestions are still given.
6. Order within a need: the theme's own `order` when the data gives one (for example Justis
   before the gemeente for a VOG); else the person's own provider (their bank), a named
   organisation, local before national. Then situational partners (urgent money trouble,
   an objection deadline, several needs), supporting partners and courses, and last the IDO.
   A need that only the gemeente serves, with no gemeente data, gets a general suggestion
   ("Uw gemeente, Burgerzaken") without contact details.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from knowledge import crisis, hours
from knowledge.directory import Directory
from knowledge.formats import phone_href
from knowledge.records import (
    ContactChannel,
    Gemeente,
    GenericHelp,
    Location,
    Organisation,
    Provenance,
    Service,
    ServiceAtLocation,
    Theme,
    normalise_name,
)
from knowledge.understanding import Understanding
from texts import text

CLARIFY_BELOW = 0.50  # best theme below this: ask which theme is meant
CLOSE_MARGIN = 0.10  # best and second theme closer than this: ask
SECOND_NEED_MIN = 0.25  # another theme at least this sure is a second need
THEME_LIST_MIN = 0.05  # themes at least this sure are listed (for clarifying buttons)
NO_THEME_BELOW = 0.20  # a conversation intent on top and no theme this sure: no question yet
LIKELY_WHEN_UNCLEAR = 0.15  # ... though a theme this sure gets its competent help listed
SPECIFIC_IN_LIFE_EVENT = 0.20  # a task this sure inside a life event is answered first
MAX_THEMES_LISTED = 3
RUNNER_UP_MIN = 0.03  # another theme this sure gets its competent help in third place
RUNNER_UP_PLACE = 2  # the runner-up theme's competent help: third place
MAX_NEEDS = 3
COMPETENT_PER_NEED = 2
CHECKLIST_STEPS = 5
SUPPORTS_PER_NEED = 3
MAX_SUGGESTIONS = 8

CRISIS_THEMES = crisis.CRISIS_INTENTS
LIFE_EVENTS = "life_events"
# Themes of general help (with any letter or form): a named organisation goes before them.
GENERAL_HELP_THEMES = ("letters_forms",)
IDO_THEME = "ido_info"
OUT_OF_SCOPE_INTENT = "out_of_scope"
MONEY_URGENCY = ("deurwaarder", "beslag", "afsluiting", "ontruiming")
DEADLINE_URGENCY = "deadline"
MONEY_URGENCY_WORDS = {
    "deurwaarder": r"deurwaarder",
    "beslag": r"beslag",
    "afsluiting": r"afsluit|afgesloten",
    "ontruiming": r"ontruim|uit huis gezet|huisuitzetting",
}
DEADLINE_WORDS = (
    r"binnen \d+ (dag|dagen|week|weken)",
    r"binnen (een|twee|drie|vier|vijf|zes) (dag|dagen|week|weken)",
    r"uiterlijk",
    r"\btermijn",
    r"\bdeadline",
)
OBJECTION_WORDS = (r"bezwaar", r"\bberoep\b", r"in beroep")
# A question about how to reach someone: the organisation it names comes first.
CONTACT_QUESTION = re.compile(
    r"\b(telefoon\w*|nummer|numer|bellen|bel|belt|bereik\w*|contact\w*|website|site|"
    r"mail\w*|e-mail\w*|(?<!mijn )(?<!oude )(?<!nieuwe )(?<!ons )(?<!zijn )(?<!haar )adres|"
    r"openingstijden|open|chat\w*|waar (zit|zitten|is|zijn)|"
    r"hoe kom ik)\b"
)
# The person's own provider comes first only when the words say so, in themes that list
# a public service first (theme `order`): money or codes given to a scammer (the bank
# blocks the account); a repair that the landlord has not been asked for yet (one that
# the landlord refuses or leaves for months goes to the Huurcommissie).
OWN_PROVIDER_FIRST_WHEN = {
    "phishing_scam": (
        re.compile(
            r"afgeschreven|overgemaakt|geld (is )?(weg|kwijt)|pincode|inlogcode|bankpas|ingelogd"
            r"|gegevens\b[^.?!]{0,25}\b(ingevuld|gegeven|doorgegeven|ingetypt)"
            r"|rekening (leeg|geplunderd)",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(bank|die|ze|hen) (al )?gebeld\b|\b(pas|rekening) is (al )?geblokkeerd\b"
            r"|\bal geblokkeerd\b",
            re.IGNORECASE,
        ),
    ),
    "rent_dispute": (
        re.compile(
            r"kapot|lekt|lekkage|schimmel|verwarming|\bcv\b|reparatie|repareren|onderhoud"
            r"|doet het niet|opzeggen",
            re.IGNORECASE,
        ),
        re.compile(
            r"\bal (een |twee |drie |vier |vele |\d+ )?(maand|maanden|jaar|jaren)\b"
            r"|weigert|doet (niks|niets)"
            r"|repareert\b.*\bniet\b|niet gerepareerd|huurcommissie"
            r"|gebeurt (er )?(niks|niets)|(twee|drie|vier|vijf|meerdere|vaak|\d+) keer gemeld"
            r"|\bsinds (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober"
            r"|november|december|de winter|de zomer)\b",
            re.IGNORECASE,
        ),
    ),
}
# The gemeente's desk first, in themes that list a national service first: the BSN is
# given and kept by the gemeente (the Basisregistratie Personen).
LOCAL_FIRST_WHEN = {
    "general_government": re.compile(r"\bbsn\b|burgerservicenummer|sofinummer", re.I),
    # the gemeente makes the plan for inburgering (PIP) with a status holder (Wi 2021)
    "civic_integration": re.compile(
        r"^(?!.*(examen|herkansing|\bknm\b|uitslag|toets|lenen|lening))"
        r".*(\bplan\b|\bpip\b|participatie|statushouder|\bstatus\b|\bazc\b|inburgeringsplan"
        r"|welke (taal)?school|taalschool|gemeente zegt)",
        re.I | re.S,
    ),
}
# And the other way round, in themes where the own provider comes first: a pension
# overview (which fund, all pensions together) is MijnPensioenoverzicht's.
OWN_PROVIDER_LAST_WHEN = {
    "pension": re.compile(
        r"overzicht|welk(e)? (pensioen)?fonds|bij welk|in totaal|bij elkaar|alles samen"
        r"|hoeveel pensioen|verschil|van wie",
        re.IGNORECASE,
    ),
}
# Words that show a question belongs elsewhere put the competent theme first:
# a deposit (borg) is a matter of law, not of the Huurcommissie; someone who
# wants to report a crime goes to the police before victim support.
# Violence by someone at home (a partner, a parent): Veilig Thuis advises first, also
# when the words sound like a police report or help at home.
DOMESTIC_VIOLENCE_WORDS = re.compile(
    r"(?=.*\b(slaat|sloeg|geslagen|schopt|bedreigt|bedreigd|mishandelt|mishandeld|geweld"
    r"|kleineert|controleert|vernedert)\b)(?=.*\b(man|vrouw|partner|vriend|vriendin|ex|vader"
    r"|moeder|stiefvader|stiefmoeder|thuis|echtgenoot)\b)",
    re.IGNORECASE | re.DOTALL,
)
ANY_THEME = "*"
MOVING = re.compile(
    r"(?=.*\b(verhuis\w*|verhuiz\w*|nieuwe? adres|adres (wijzigen|doorgeven))\b)"
    r"(?=.*\b(doorgeven|melden|regelt de gemeente|ook aan)\b)",
    re.IGNORECASE | re.DOTALL,
)
ONLINE_AT_THE_DESK = re.compile(
    r"geen computer|computer gebruiken|online (een )?formulier|formulier online"
    r"|waar ik moet klikken|site van de (overheid|gemeente)|website van de (overheid|gemeente)",
    re.IGNORECASE,
)
HELP_AT_A_DESK = re.compile(
    r"(?=.*\b(geen (computer|laptop|pc|internet|smartphone|mobieltje|tablet)|niet (met|op) de "
    r"computer)\b)(?=.*\b(ergens terecht|meekijkt|mee kijkt|iemand (die|om) (me|mij) (helpt|te "
    r"helpen)|samen met iemand|met (me|mij) (mee )?(kan )?(kijken|doen)|vaste afspraak)\b)"
    # someone here, in the library, to do it together ("kan iemand hier met mij samen naar
    # de site kijken?", "kan ik bij jullie in de bibliotheek met een echt mens praten?")
    r"|(?=.*\b(hier|bibliotheek|bieb|biep|bij jullie|aan de balie)\b)(?=.*\b(samen|met (me|mij)"
    r"|meekijk\w*|mee kijk\w*|(een )?(echt(e)? )?mens)\b[^.?!]{0,40}\b(kijken|invullen|doen"
    r"|aanvragen|inloggen|praten|spreken)\b)"
    # a real person, not a computer ("ik wil met een echt mens praten")
    r"|\b(echte?|een) mens\b[^.?!]{0,20}\b(praten|spreken)\b"
    # the library's hours ("wanneer is de biep open voor die digid hulp")
    r"|\b(bieb|biep|bibliotheek|informatiepunt)\b.{0,30}\b(open|openingstijden|geopend)\b"
    r"|\b(open|openingstijden)\b[^.?!]{0,30}\b(bieb|biep|bibliotheek|informatiepunt)\b",
    re.IGNORECASE | re.DOTALL,
)
# Not handy with the computer and something to get done, not to learn: the Informatiepunt.
NOT_HANDY_NOT_LEARNING = re.compile(
    r"^(?!.*(leren|cursus|\bles\b|lessen|oefenen))"
    r".*(\bsnap (het|er) (niks|niets|niet)|niet (zo |erg |echt )?handig|lukt (me |mij )?niet"
    r"|nooit een computer|geen computer|hoe moet ik (dan|dat))",
    re.I | re.S,
)
NEED_FIRST_WHEN = (
    ("police_report", DOMESTIC_VIOLENCE_WORDS, "domestic_violence"),
    ("social_support", DOMESTIC_VIOLENCE_WORDS, "domestic_violence"),
    ("victim_support", DOMESTIC_VIOLENCE_WORDS, "domestic_violence"),
    ("rent_dispute", re.compile(r"\bborg\b|\bwaarborg", re.I), "legal_advice"),
    (
        "victim_support",
        re.compile(r"aangifte (doen|te doen|wil|gaan)|wil\w* .*aangifte", re.I),
        "police_report",
    ),
    # rent help (huurtoeslag) is Toeslagen's, not a dispute with the landlord
    (
        "rent_dispute",
        re.compile(r"huurtoeslag|toeslag|geld (krijgen )?voor (de |mijn )?huur", re.I),
        "allowances",
    ),
    # the Belastingdienst's own machtigingscode
    ("authorisation", re.compile(r"machtigingscode|belasting", re.I), "tax_return"),
    # writing an objection is what the sociaal raadslieden help with
    ("legal_advice", re.compile(r"bezwaar", re.I), "letters_forms"),
    # someone to keep the papers at home in order
    (
        "debts",
        re.compile(
            r"administratie (bij ?(te )?houden|op orde|doen)|thuisadministratie|ongeopende post"
            r"|stapel (post|brieven)|post (niet )?(open|openen)",
            re.I,
        ),
        "home_administration",
    ),
    # a job lost: WW at the UWV comes before bijstand; not when the WW ends or is refused,
    # or the person has bijstand already: then it is the gemeente's
    (
        "social_assistance",
        re.compile(
            r"^(?!.*(\bww\b[^.?!]{0,40}\b(loopt af|loopt [^.?!]{0,20} af|afgelopen|stopt|gestopt"
            r"|is op|bijna op|voorbij|eindigt|afloopt|houdt op)\b|\bna (de|mijn) ww\b"
            r"|\bgeen (recht op )?ww\b|\b(krijg|ontvang|heb|zit in de) (al )?bijstand\b))"
            r".*(\b(baan|werk) (kwijt|verloren)|ontslagen|\bww\b)",
            re.I | re.S,
        ),
        "employee_insurance",
    ),
    # the bill for help of the gemeente (Wmo) comes from the CAK
    (
        "social_support",
        re.compile(r"\brekening|eigen bijdrage|factuur|\bbedrag\b|moet ik (zelf )?betalen", re.I),
        "care_contribution",
    ),
    # care all day long is the Wlz (CIZ), not the Wmo
    (
        "social_support",
        re.compile(r"hele dag|24 uur|dag en nacht|langdurige zorg|verpleeghuis|\bwlz\b", re.I),
        "long_term_care",
    ),
    # doing it online without a computer of one's own: the IDO
    ("letters_forms", ONLINE_AT_THE_DESK, "ido_info"),
    ("general_government", ONLINE_AT_THE_DESK, "ido_info"),
    # a move is told to the gemeente only; it passes the address on
    (ANY_THEME, MOVING, "address_registration"),
    # the WOZ value is the gemeente's, also when the words sound like rent or tax
    (ANY_THEME, re.compile(r"\bwoz\b|onroerendezaakbelasting|\bozb\b", re.I), "municipal_services"),
    (ANY_THEME, re.compile(r"briefadres|ingeschreven blijven", re.I), "address_registration"),
    # no computer, and a place where someone does it with them: the IDO itself
    (ANY_THEME, HELP_AT_A_DESK, "ido_info"),
    # a form filled in that someone should check: help with letters and forms
    (
        ANY_THEME,
        re.compile(
            r"\b(formulier|aanvraag|brief|aanvraagformulier)\b[^.?!]{0,60}\b(nakijkt|nakijken|"
            r"na te kijken|controleert|controleren|checkt|checken)\b",
            re.I,
        ),
        "letters_forms",
    ),
    # a benefit for a widow or widower (Anw) is the SVB's
    (
        ANY_THEME,
        re.compile(
            r"\b(anw|nabestaandenuitkering|nabestaandenwet|weduwe(n)?uitkering"
            r"|uitkering als (weduwe|weduwnaar|nabestaande))\b",
            re.I,
        ),
        "state_pension_child_benefit",
    ),
    # "pensioen van de staat" is the AOW
    (
        ANY_THEME,
        re.compile(r"pensioen van (de |het )?(staat|overheid|regering|rijk)|staatspensioen", re.I),
        "state_pension_child_benefit",
    ),
    # looking for work and registering as a job seeker is the UWV's (werk.nl)
    (
        ANY_THEME,
        re.compile(r"werkzoekend|vacatures?\b|inschrijven als werkzoekende", re.I),
        "employee_insurance",
    ),
    # a frozen or blocked bank account (not a bailiff's seizure) is the bank's
    (
        ANY_THEME,
        re.compile(
            r"^(?!.*beslag).*\b(bank)?rekening\b[^.?!]{0,20}\b(bevroren|geblokkeerd|dichtgezet|"
            r"op slot)\b",
            re.I | re.S,
        ),
        "online_banking",
    ),
    # debts left by someone who died: whether to accept the inheritance is a legal question
    (
        "debts",
        re.compile(r"erfenis|erfgena|nalatenschap|\berven\b|verwerpen|beneficiair", re.I),
        "legal_advice",
    ),
    # (suspected) child abuse or violence at home, named as such: Veilig Thuis
    (
        ANY_THEME,
        re.compile(
            r"kindermishandeling|huiselijk geweld|(vermoeden|vermoed|denk|bang)\w*[^.?!]{0,30}"
            r"\bmishandel\w*",
            re.I,
        ),
        "domestic_violence",
    ),
    # the gemeente's own taxes (afval, riool, hond): the gemeente, not the Belastingdienst
    (
        "tax_assessment",
        re.compile(
            r"gemeentelijke (belasting|aanslag)|\bgem\.? (belasting|aanslag)|afvalstoffenheffing"
            r"|rioolheffing|hondenbelasting|reinigingsheffing|aanslag van de gemeente",
            re.I,
        ),
        "municipal_services",
    ),
    # scanning, mailing or uploading a document, and not knowing how: the Informatiepunt
    (
        ANY_THEME,
        re.compile(
            r"\b(scannen|inscannen|uploaden|bijlage|mailen|printen|uitprinten|kopie maken)\b"
            r".{0,60}\b(niet weet hoe|weet (ik )?niet hoe|lukt (me |mij |het )?niet|kan (ik )?"
            r"(dat |het )?niet)",
            re.I,
        ),
        "ido_info",
    ),
    # the premium of one's own health insurance (not the CAK's administrative premium)
    (
        "care_contribution",
        re.compile(
            r"^(?!.*(\bcak\b|bestuursrechtelijk|onverzekerd|niet verzekerd|geen zorgverzekering"
            r"|boete))"
            r".*(zorgverzekeraar|opgezegd|overstappen|goedkoper|afgeschreven"
            r"|premieachterstand bij)",
            re.I | re.S,
        ),
        "health_insurance",
    ),
    (
        "debts",
        re.compile(
            r"^(?!.*(\bcak\b|bestuursrechtelijk)).*(zorgpremie|premie (van )?(de|mijn) "
            r"zorgverzekering)",
            re.I | re.S,
        ),
        "health_insurance",
    ),
    # someone pretending to be the police or the bank and asking money; "is dit echt?"
    (
        ANY_THEME,
        re.compile(
            r"\b(zegt|zei|beweert|beweerde|doet alsof)\b[^.?!]{0,30}\b(politie|bank|belastingdienst"
            r"|cjib|deurwaarder|microsoft)\b.*\b(geld|betalen|sturen|overmaken|pinpas|bankpas)\b"
            r"|\b(twijfel\w*|weet niet) of (het|dit|dat|die) echt\b"
            r"|\bis (dit|dat|het) echt\b[^.?!]{0,30}\?.*\b(betalen|euro|geld|link)\b",
            re.I | re.S,
        ),
        "phishing_scam",
    ),
    # starting as a zzp'er or a business of one's own: the KVK first
    (
        ANY_THEME,
        re.compile(
            r"\bzzp\w* (te )?(worden|worde|word|beginnen|starten)\b"
            r"|\b(worden|word|beginnen|starten) als zzp"
            r"|eenmanszaak (beginnen|starten)|bedrijf (beginnen|starten|oprichten)"
            r"|voor mezelf beginnen",
            re.I | re.S,
        ),
        "business_registration",
    ),
    # the tax of a business (btw) is the Belastingdienst's, not the KVK's
    (
        "business_registration",
        re.compile(r"\bbtw\b|omzetbelasting|inkomstenbelasting|belastingaangifte", re.I),
        "tax_assessment",
    ),
    # unable to work through illness or disability: the UWV
    (
        ANY_THEME,
        re.compile(
            r"arbeidsongeschikt|\bziektewet\b|(niet meer|niet) (kan )?werken door (mijn|een|de|zijn"
            r"|haar) (rug|ziekte|ongeluk|burn-?out|beperking|klachten|hart|knie)",
            re.I,
        ),
        "employee_insurance",
    ),
    # leave around a birth (geboorteverlof, zwangerschapsverlof): the UWV pays it
    (
        ANY_THEME,
        re.compile(r"geboorteverlof|zwangerschapsverlof|bevallingsverlof|\bwazo\b", re.I),
        "employee_insurance",
    ),
    # a pgb that is not paid out: the SVB pays the care providers
    (
        ANY_THEME,
        re.compile(
            r"\bpgb\b.*\b(niet (uit)?betaald|betaling|uitbetal\w*|declar\w*|salaris|loon)\b",
            re.I | re.S,
        ),
        "state_pension_child_benefit",
    ),
    # a family member to bring to the Netherlands: the IND
    (
        ANY_THEME,
        re.compile(
            r"naar nederland (halen|laten komen|brengen|te laten komen)|laten overkomen"
            r"|gezinshereniging|gezinsvorming",
            re.I,
        ),
        "residence_permit",
    ),
    # someone else doing one's banking: the own bank arranges that
    (
        "authorisation",
        re.compile(r"bankzaken|bankrekening|\bbank\b|internetbankieren", re.I),
        "online_banking",
    ),
    # no WW (refused, ended, no right to it): bijstand at the gemeente
    (
        "employee_insurance",
        re.compile(
            r"\bgeen (recht op )?ww\b|\bww\b[^.?!]{0,20}\b(afgewezen|geweigerd|loopt af|is op"
            r"|afgelopen|gestopt|stopt)\b|\bna (de|mijn) ww\b",
            re.I,
        ),
        "social_assistance",
    ),
    # not handy with the computer and something to get done, not to learn: the Informatiepunt
    (
        "course_computer_skills",
        NOT_HANDY_NOT_LEARNING,
        "ido_info",
    ),
    ("course_digital_government", NOT_HANDY_NOT_LEARNING, "ido_info"),
    # a residence document expired, lost or to renew is the IND's, not the gemeente's
    (
        ANY_THEME,
        re.compile(
            r"\bverblijfs(vergunning|document|pas|kaart)\w*\b[^.?!]{0,40}\b(verlopen|verloopt"
            r"|verlengen|verlenging|kwijt|gestolen|vernieuwen)\b|\b(verlopen|verlengen|kwijt"
            r"|gestolen|vernieuwen)\b[^.?!]{0,20}\bverblijfs(vergunning|document|pas|kaart)",
            re.I,
        ),
        "residence_permit",
    ),
    # a break-in or a theft to report goes to the police before victim support
    (
        "victim_support",
        re.compile(
            r"^(?!.*(aangifte (al |allang )?gedaan|bang|praten|verwerken|slapen|slaap|trauma|durf"
            r"|verhaal|angst|nachtmerrie|eng\b|schrik|emoties|steun))"
            r".*(ingebroken|inbraak|gestolen|opengebroken|beroofd)",
            re.I | re.S,
        ),
        "police_report",
    ),
)
# A payment plan, a reminder or a delay of payment asked of a creditor the person names (the
# CJIB, the Belastingdienst, DUO, the CAK): the creditor arranges it, before general help
# with debts.
PAYMENT_PLAN = re.compile(
    r"betalingsregeling|\bregeling\b|in (delen|termijnen|stukjes)|\btermijnen\b"
    r"|uitstel van betaling|gespreid betalen|\baanmaning",
    re.I,
)
CREDITOR_FIRST_OVER = ("debts",)
# The number of a crisis line asked for, without a crisis ("het nummer van 113, voor een
# vriend"): that line first.
CRISIS_LINE_ASKED = (
    (
        re.compile(
            r"\b(nummer|telefoonnummer|bellen|bel|website|chat)\b[^.?!]{0,25}\b(113|zelfmoordpreventie)"
            r"\b|\b(113|zelfmoordpreventie)\b[^.?!]{0,15}\b(nummer|bellen|bereiken)\b"
        ),
        "zelfmoordpreventie-113",
    ),
    (
        re.compile(
            r"\b(nummer|telefoonnummer|bellen|bel|website|chat)\b[^.?!]{0,25}\bveilig thuis\b"
            r"|\bveilig thuis\b[^.?!]{0,15}\b(nummer|bellen|bereiken)\b"
        ),
        "veilig-thuis",
    ),
)
# Money worries, first anonymously: a helpline without names (Geldfit).
ANONYMOUS_MONEY = re.compile(
    r"\banoniem\w*\b[^.?!]{0,80}\b(geld\w*|schuld\w*|rekeningen|rondkomen)\b"
    r"|\b(geld\w*|schuld\w*|rekeningen|rondkomen)\b[^.?!]{0,80}\banoniem\w*\b"
    r"|\b(zelf|eerst) (even )?(kijken|testen)\b[^.?!]{0,40}\b(geldzaken|financien|schulden)\b",
)
ANONYMOUS_MONEY_HELP = ("geldfit-hulplijn",)
# Urgency for a social rent home: the gemeente decides (themes notes: "gemeente for urgency").
HOUSING_URGENCY = re.compile(r"\burgentie\w*\b|\bmet voorrang\b")
SOCIAL_HOUSING = "social_housing"
DEBTS = "debts"
# Local partners people name by what they are ("het wijkteam"), with the key of each.
LOCAL_PARTNER_NAMES = (
    (re.compile(r"\b(sociaal )?(wijkteam|buurtteam)s?\b"), "wijkteam"),
    (re.compile(r"\bwelzijn(sorganisatie|sstichting|swerk)?\b"), "welzijn"),
    (re.compile(r"\bsociaal? raads(lieden|man|vrouw)\b"), "sociaal-raadslieden"),
    (re.compile(r"\b(woningcorporatie|woningbouw(vereniging)?)\b"), "woningcorporatie"),
)
# Someone else doing it for the person (a daughter, a neighbour): the way to do that
# online is a machtiging, so that theme joins as a second need.
ON_BEHALF = re.compile(
    r"\b(voor|namens) (mijn|haar|zijn|m'n) (moeder|vader|ouders|oma|opa|buurvrouw|buurman|man|"
    r"vrouw|partner|zoon|dochter|zus|broer|tante|oom)\b|\bnamens\b|\bin (haar|zijn) naam\b"
    r"|\b(dochter|zoon|buurvrouw|buurman|kleinzoon|kleindochter|kleinkind|vriend|vriendin|zus|broer)"
    r"\b[^.?!]{0,25}\b(wil|mag|kan|gaat)\b[^.?!]{0,20}\b(helpen|regelen|doen|invullen)\b"
    r"|\b(wil|vraagt) dat ik (haar|zijn|hun)\b|\bvoor (hem|haar) (regelen|doen|invullen)\b",
    re.IGNORECASE,
)
AUTHORISATION = "authorisation"
DRIVING_EXAM = "driving_exam"
DRIVING_LICENCE = re.compile(r"\brijbewijs")
AGE_75_PLUS = re.compile(
    r"\b(7[5-9]|[89][0-9]|1[01][0-9])\s*(\+|plus|jaar|jarige)?(?!\s*(euro|km|min))\b"
)
KIND_ORDER = {
    "crisis_line": 0,
    "public_service": 1,
    "advice_partner": 2,
    "private_service": 3,
    "course": 4,
    "ido": 5,
}


@dataclass
class Suggestion:
    kind: str
    organisation: str
    service: str | None
    why: str
    theme: str | None
    organisation_id: str | None = None
    service_id: str | None = None
    # The organisation as one stable key: its id, or for general help "gemeente",
    # "own-bank", "zorgverzekeraar"... (the keys the evaluation sets use).
    key: str | None = None
    contact: dict[str, Any] | None = None
    contacts: list[dict[str, Any]] = field(default_factory=list)
    open: bool | None = None
    open_now: str | None = None
    hours: str | None = None
    location: dict[str, Any] | None = None
    bring: list[str] = field(default_factory=list)
    verified: bool = False
    verified_on: str | None = None
    source_url: str | None = None
    warning: str | None = None
    example: bool = False
    national: bool = True
    generic: bool = False
    urgent: bool = False
    cost: str | None = None
    languages: list[str] = field(default_factory=list)
    warm_referral: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Advice:
    themes: list[dict[str, Any]]
    clarify: bool
    out_of_scope: bool
    crisis: bool
    suggestions: list[Suggestion]
    gemeente: dict[str, Any] | None
    notice: str | None
    known_gemeenten: list[dict[str, Any]]
    urgency: list[str] = field(default_factory=list)
    # No gemeente is known and the help differs per gemeente: worth asking for it.
    needs_gemeente: bool = False
    # "acute" (crisis lines only), "distress" (normal help with 113 added) or None.
    crisis_level: str | None = None
    # Which crisis line comes first when acute: "112" or "113".
    crisis_first: str | None = None
    # The life event this advice is a checklist for (a theme id), or None.
    life_event: str | None = None

    @property
    def distress(self) -> bool:
        return self.crisis_level == crisis.DISTRESS

    def to_dict(self) -> dict[str, Any]:
        return {
            "themes": self.themes,
            "clarify": self.clarify,
            "out_of_scope": self.out_of_scope,
            "crisis": self.crisis,
            "crisis_level": self.crisis_level,
            "crisis_first": self.crisis_first,
            "distress": self.distress,
            "life_event": self.life_event,
            "suggestions": [s.to_dict() for s in self.suggestions],
            "gemeente": self.gemeente,
            "notice": self.notice,
            "known_gemeenten": self.known_gemeenten,
            "urgency": self.urgency,
            "needs_gemeente": self.needs_gemeente,
        }


@dataclass(frozen=True)
class _Need:
    theme: str
    confidence: float
    because_of: Organisation | None = None


def _matches(value: str, patterns: Iterable[str]) -> bool:
    return any(re.search(p, value) for p in patterns)


def _gemeente_dict(gemeente: Gemeente) -> dict[str, Any]:
    return {
        "code": gemeente.code,
        "name": gemeente.name,
        "slug": gemeente.slug,
        "example": gemeente.example,
    }


class _Builder:
    """Collects suggestions once each, in order, and fills in their details."""

    def __init__(
        self,
        directory: Directory,
        gemeente: Gemeente | None,
        asked: str | None,
        now: datetime,
        said: str = "",
    ):
        self.directory = directory
        self.said = said  # the question, normalised: some rules read its words
        self.gemeente = gemeente
        self.asked = asked
        self.now = now
        self.suggestions: list[Suggestion] = []
        self.keys: set[object] = set()

    def truncate(self, size: int) -> None:
        for dropped in self.suggestions[size:]:
            self.keys.discard(
                dropped.service_id or ("generic", dropped.organisation, dropped.service)
            )
        del self.suggestions[size:]

    def add_service(
        self, service: Service, why: str, theme: str | None, urgent: bool = False
    ) -> bool:
        """Add a suggestion for `service` unless it is there already; True when added."""
        if service.id in self.keys:
            return False
        self.keys.add(service.id)
        self.suggestions.append(self._from_service(service, why, theme, urgent))
        return True

    def add_generic(self, generic: GenericHelp, why: str, theme: str, urgent: bool = False) -> None:
        key = ("generic", generic.organisation, generic.service)
        if key in self.keys:
            return
        self.keys.add(key)
        self.suggestions.append(
            Suggestion(
                kind=generic.kind,
                organisation=generic.organisation,
                service=generic.service,
                why=why,
                theme=theme,
                key=generic.key,
                generic=True,
                urgent=urgent,
                national=self.gemeente is None,
            )
        )

    def _from_service(
        self, service: Service, why: str, theme: str | None, urgent: bool
    ) -> Suggestion:
        org = self.directory.organisations[service.organisation_id]
        entry = self._location_entry(service)
        location = self.directory.locations[entry.location_id] if entry else None
        schedule = entry.schedule if entry and entry.schedule else service.schedule
        is_open, open_now = hours.status(schedule, self.now)
        # Hours of a record nobody checked never say "nu open": they may be old (example
        # data is invented on purpose and says so in its own warning).
        holder = location.provenance if entry and entry.schedule and location else None
        hours_source = holder or service.provenance
        if not hours_source.verified and not hours_source.example:
            is_open, open_now = None, None
        contacts = [_contact_dict(c) for c in service.contacts]
        if not contacts and location is not None and location.address:
            contacts = [
                {
                    "type": "visit",
                    "value": _address(location),
                    "href": None,
                    "label": location.name,
                    **_provenance_dict(location.provenance),
                }
            ]
        contact = next((c for c in contacts if c["verified"]), contacts[0] if contacts else None)
        provenance = service.provenance
        verified = provenance.verified and (contact is None or contact["verified"])
        warm = service.warm_referral
        return Suggestion(
            kind=service.kind,
            organisation=org.name,
            service=service.name,
            why=why,
            theme=theme,
            organisation_id=org.id,
            service_id=service.id,
            key=_key(org, service),
            contact=contact,
            contacts=contacts,
            open=is_open,
            open_now=open_now,
            hours=hours.describe(schedule),
            location=_location_dict(location, entry.note if entry else None),
            bring=list(service.bring),
            verified=verified,
            verified_on=_verified_on(provenance, contact),
            source_url=provenance.source_url,
            warning=_warning(provenance, contact),
            example=provenance.example,
            national=service.national,
            urgent=urgent,
            cost=service.cost,
            languages=list(service.languages),
            warm_referral=(
                {
                    "possible": True,
                    "channels": list(warm.channels),
                    "consent_required": warm.consent_required,
                    "note": warm.note,
                }
                if warm
                else {"possible": False}
            ),
        )

    def _location_entry(self, service: Service) -> ServiceAtLocation | None:
        if not service.at:
            return None
        if self.gemeente is not None:
            for entry in service.at:
                if self.directory.locations[entry.location_id].gemeente_code == self.gemeente.code:
                    return entry
        return service.at[0]


def _key(org: Organisation, service: Service) -> str:
    """What the help is, as one key: library courses and the IDO by their kind, local
    organisations by their `key`, national ones by their id."""
    if service.kind == "ido":
        return "ido"
    if service.kind == "course" and not service.national:
        return "taalhuis" if "literacy_language" in service.themes else "course"
    return org.key or org.id


def _address(location: Location) -> str:
    parts = [location.address, " ".join(p for p in (location.postcode, location.city) if p)]
    return ", ".join(p for p in parts if p)


def _location_dict(location: Location | None, note: str | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {
        "id": location.id,
        "name": location.name,
        "address": location.address,
        "postcode": location.postcode,
        "city": location.city,
        "note": note,
    }


def _provenance_dict(p: Provenance) -> dict[str, Any]:
    return {
        "verified": p.verified,
        "verified_on": p.verified_on.isoformat() if p.verified_on else None,
        "source_url": p.source_url,
        "note": p.note,
    }


def _contact_dict(contact: ContactChannel) -> dict[str, Any]:
    href = {"phone": phone_href(contact.value), "email": f"mailto:{contact.value}"}.get(
        contact.type, contact.value if contact.type in ("website", "chat", "form") else None
    )
    return {
        "type": contact.type,
        "value": contact.value,
        "href": href,
        "label": contact.label,
        **_provenance_dict(contact.provenance),
    }


def _verified_on(provenance: Provenance, contact: dict[str, Any] | None) -> str | None:
    if contact is not None:
        return str(contact["verified_on"]) if contact["verified_on"] else None
    return provenance.verified_on.isoformat() if provenance.verified_on else None


def _warning(provenance: Provenance, contact: dict[str, Any] | None) -> str | None:
    if provenance.example:
        return text("advice.warning.example")
    if contact is not None and not contact["verified"]:
        note = f" {contact['note']}" if contact.get("note") else ""
        return text("advice.warning.contact_unverified") + note
    if not provenance.verified:
        note = f" {provenance.note}" if provenance.note else ""
        return text("advice.warning.unverified") + note
    return None


def _theme_ranking(
    directory: Directory, understanding: Understanding
) -> tuple[dict[str, float], dict[str, float], list[tuple[str, float]]]:
    """The everyday themes' confidences, the other intents' (conversation, crisis, out of
    scope), and the themes best first (ties in the order of themes.yml)."""
    scores: dict[str, float] = {}
    other_intents: dict[str, float] = {}
    for name, confidence in understanding.ranking():
        target = scores if name in directory.themes and name not in CRISIS_THEMES else other_intents
        target[name] = max(confidence, target.get(name, 0.0))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], directory.theme_order[kv[0]]))
    return scores, other_intents, ranked


def advise(
    directory: Directory,
    understanding: Understanding,
    gemeente: str | None = None,
    now: datetime | None = None,
) -> Advice:
    """Rank and explain whom to go to. See the module docstring for the rules."""
    now = hours.local_now(now)
    said = normalise_name(understanding.text or "")
    scores, other_intents, ranked = _theme_ranking(directory, understanding)
    # The whole message's own best theme goes before a theme that only one of its clauses
    # recognised ("ik heb een eenmanszaak ... wie helpt mij aan inkomen?"): the clauses add
    # needs, the whole message says what it is mainly about (chosen on the development sets
    # against keeping it first only from 0.3, 0.4, 0.5 or 0.6 on).
    whole_best = next(((n, c) for n, c in understanding.intents if n in scores), None)
    whole_first = bool(whole_best and ranked[0][0] != whole_best[0])
    if whole_best and whole_first:
        ranked = [r for r in ranked if r[0] == whole_best[0]] + [
            r for r in ranked if r[0] != whole_best[0]
        ]

    # The gemeente: the given one, else one the person named.
    asked = gemeente or next(iter(understanding.values("gemeente")), None)
    place = directory.find_gemeente(asked)
    known = [_gemeente_dict(g) for g in directory.gemeenten]
    notice = None
    if asked and place is None:
        notice = text("advice.notice.unknown_gemeente", gemeente=asked)
    elif place is not None and place.example:
        notice = text("advice.notice.example_gemeente", gemeente=place.name)
    builder = _Builder(directory, place, asked, now, said)

    def theme_entry(theme_id: str, confidence: float) -> dict[str, Any]:
        return {
            "name": theme_id,
            "label": directory.themes[theme_id].label,
            "confidence": round(confidence, 4),
        }

    def answer(
        themes: list[dict[str, Any]],
        clarify: bool = False,
        out_of_scope: bool = False,
        level: str | None = None,
        first: str | None = None,
        urgency: Iterable[str] = (),
        life_event: str | None = None,
    ) -> Advice:
        local = (
            place is None
            and not asked
            and level != crisis.ACUTE
            and not out_of_scope
            and any(directory.has_local_help(t["name"]) for t in themes)
        )
        return Advice(
            themes=themes,
            clarify=clarify,
            out_of_scope=out_of_scope,
            crisis=level == crisis.ACUTE,
            suggestions=builder.suggestions,
            gemeente=_gemeente_dict(place) if place else None,
            notice=notice,
            known_gemeenten=known,
            urgency=list(urgency),
            needs_gemeente=local,
            crisis_level=level,
            crisis_first=first,
            life_event=life_event,
        )

    # 1. Crisis: acute danger gets the crisis lines first and alone.
    safety = crisis.from_ranking(understanding.text, understanding.intents, scores)
    if safety.acute:
        _add_crisis_lines(builder, directory, place, safety)
        theme = crisis.EMERGENCY_INTENT if safety.first == crisis.LINE_112 else "crisis"
        listed = (
            [theme_entry(theme, understanding.confidence(theme))]
            if theme in directory.themes
            else []
        )
        return answer(listed, level=crisis.ACUTE, first=safety.first)
    level = crisis.DISTRESS if safety.distress else None
    if level is None and understanding.top_intent in CRISIS_THEMES:
        # alarming words that are no crisis ("het water staat me aan de lippen", "hij slaat
        # me, nu is hij op zijn werk"): the everyday themes among themselves decide
        everyday = set(directory.themes) - set(CRISIS_THEMES)
        understanding = understanding.themes_only(everyday | {OUT_OF_SCOPE_INTENT})
        scores, other_intents, ranked = _theme_ranking(directory, understanding)

    named: list[Organisation] = []
    for value in understanding.values("organisation"):
        org = directory.organisation_named(value, place)
        serves_here = org is not None and any(directory.serves(s, place) for s in org.services)
        if org is not None and serves_here and org not in named and org.kind != "crisis_line":
            named.append(org)
    contact_question = bool(named) and bool(CONTACT_QUESTION.search(said))
    # "adres wijkteam" where the gemeente's own wijkteam is not in the data: a general
    # pointer to it first
    partners = [
        key
        for pattern, key in LOCAL_PARTNER_NAMES
        if pattern.search(said) and not any(o.key == key for o in named)
    ]
    here = [
        org
        for key in partners
        for org in directory.organisations.values()
        if org.key == key and any(directory.serves(s, place) for s in org.services)
    ]
    if here and not named:  # the gemeente's own wijkteam: as if named
        named, partners = here[:1], []
        contact_question = bool(CONTACT_QUESTION.search(said))
    partner_asked = bool(partners) and not named and bool(CONTACT_QUESTION.search(said))

    # "Wat is het nummer van 113? Voor een vriend": the line asked for, first
    if level is None:
        for pattern, org_id in CRISIS_LINE_ASKED:
            line = _crisis_line(directory, org_id, place) if pattern.search(said) else None
            if line is not None:
                org_name = directory.organisations[org_id].name
                builder.add_service(line, text("advice.why.asked_for", organisation=org_name), None)
    # 2. Out of scope, or no question yet.
    best = ranked[0][1] if ranked else 0.0
    top_other = max(other_intents.items(), key=lambda kv: kv[1], default=(None, 0.0))
    anonymous_money = bool(ANONYMOUS_MONEY.search(said))
    # words that decide the theme whatever it is ("kindermishandeling", "briefadres",
    # "geen computer, wie doet het met mij"): never "unclear" or out of scope then
    decisive = next(
        (
            competent
            for theme_id, words, competent in NEED_FIRST_WHEN
            if theme_id == ANY_THEME and competent in directory.themes and words.search(said)
        ),
        None,
    )
    if decisive == IDO_THEME:  # the library asked about: not the organisation named in it
        contact_question = False
    if not named and level is None and not anonymous_money and decisive is None:
        if top_other[0] == OUT_OF_SCOPE_INTENT and top_other[1] > best:
            _add_ido(builder, text("advice.why.out_of_scope"))
            return answer([], out_of_scope=True)
        if top_other[1] > best and best < NO_THEME_BELOW:
            # unclear; a theme that is still somewhat likely gets its competent help first
            for theme_id, confidence in ranked[:2]:
                if confidence >= LIKELY_WHEN_UNCLEAR:
                    _add_competent(builder, directory, _Need(theme_id, confidence), [], [], 1)
            _add_ido(builder, text("advice.why.unclear"))
            listed = [
                theme_entry(t, c) for t, c in ranked[:MAX_THEMES_LISTED] if c >= THEME_LIST_MIN
            ]
            return answer(listed, clarify=True)

    # 3. Needs.
    needs: list[_Need] = []
    if level == crisis.DISTRESS:  # only a theme the person clearly asks about
        ranked = [(t, c) for t, c in ranked if c >= SECOND_NEED_MIN]
        best = ranked[0][1] if ranked else 0.0
    if ranked:
        needs.append(_Need(*ranked[0]))
        if directory.themes[ranked[0][0]].group != LIFE_EVENTS:
            needs += [_Need(t, c) for t, c in ranked[1:] if c >= SECOND_NEED_MIN][: MAX_NEEDS - 1]
        else:  # a life event with one clear task in it ("... en zijn DigiD opheffen")
            needs += [
                _Need(t, c)
                for t, c in ranked[1:2]
                if c >= SPECIFIC_IN_LIFE_EVENT and directory.themes[t].group != LIFE_EVENTS
            ]
    for theme in understanding.needs:
        if theme in scores and theme not in {n.theme for n in needs} and len(needs) < MAX_NEEDS:
            needs.append(_Need(theme, scores.get(theme, 0.0)))
    for org in named:
        covered = {t for s in org.services for t in (*s.themes, *s.supports)}
        if org.main_theme and not covered & {n.theme for n in needs} and len(needs) < MAX_NEEDS:
            needs.append(_Need(org.main_theme, scores.get(org.main_theme, 0.0), org))
    if needs and needs[0].theme in CREDITOR_FIRST_OVER and PAYMENT_PLAN.search(said):
        # "2e aanmaning CJIB, wil betalingsregeling": the creditor named arranges it
        creditor = next(
            (
                o
                for o in named
                if o.main_theme in scores and o.main_theme not in CREDITOR_FIRST_OVER
            ),
            None,
        )
        if creditor is not None and creditor.main_theme is not None:
            first = [n for n in needs if n.theme == creditor.main_theme] or [
                _Need(creditor.main_theme, scores[creditor.main_theme], creditor)
            ]
            needs = first + [n for n in needs if n not in first]
    if contact_question and needs and named[0].main_theme:
        # "wat is het nummer van de SVB": the organisation asked for leads
        asked_for = [n for n in needs if n.theme == named[0].main_theme]
        if not asked_for:
            asked_for = [_Need(named[0].main_theme, scores.get(named[0].main_theme, 0.0), named[0])]
        needs = asked_for + [n for n in needs if n not in asked_for]
    # A life event with one clear task in it: the task first (its own rules below apply)
    life_tasks = [n for n in needs[1:] if directory.themes[n.theme].group != LIFE_EVENTS]
    decided = anonymous_money  # words that decide the theme were found: no need to ask
    if anonymous_money and DEBTS in directory.themes and all(n.theme != DEBTS for n in needs):
        needs = [_Need(DEBTS, scores.get(DEBTS, 0.0)), *needs][:MAX_NEEDS]
    if decisive is not None and not needs:
        needs = [_Need(decisive, scores.get(decisive, 0.0))]
    if needs and directory.themes[needs[0].theme].group == LIFE_EVENTS and life_tasks:
        needs = [*life_tasks, *[n for n in needs if n not in life_tasks]]
        decided = True  # the event and a task in it: both said, nothing to choose
    if (
        needs
        and AUTHORISATION in directory.themes
        and all(n.theme != AUTHORISATION for n in needs)
        and directory.themes[needs[0].theme].group in ("tax_benefits", "income", "digital_access")
        and ON_BEHALF.search(said)
    ):
        needs = [needs[0], _Need(AUTHORISATION, scores.get(AUTHORISATION, 0.0)), *needs[1:]]
        needs = needs[:MAX_NEEDS]
    for theme_id, words, competent in NEED_FIRST_WHEN:
        life_event = bool(needs) and directory.themes[needs[0].theme].group == LIFE_EVENTS
        if (
            needs
            and theme_id in (needs[0].theme, ANY_THEME)
            # deciding words also overrule a life event ("bevallen ... geboorteverlof via het
            # UWV"), except a move, which its checklist answers better
            and (not life_event or (theme_id == ANY_THEME and words is not MOVING))
            and competent in directory.themes
            and words.search(said)
        ):
            needs = [_Need(competent, scores.get(competent, 0.0))] + [
                n for n in needs if n.theme != competent
            ]
            decided = True
    # From 75 on, renewing a driving licence starts with a health declaration at the CBR.
    if DRIVING_LICENCE.search(said) and AGE_75_PLUS.search(said) and DRIVING_EXAM in scores:
        exam = [n for n in needs if n.theme == DRIVING_EXAM] or [
            _Need(DRIVING_EXAM, scores[DRIVING_EXAM])
        ]
        needs = exam + [n for n in needs if n.theme != DRIVING_EXAM]
    # A letter or form from a named organisation: that organisation is competent for its
    # content, so it comes before the general help with letters.
    if needs and needs[0].theme in GENERAL_HELP_THEMES:
        from_named = [n for n in needs if n.because_of is not None]
        needs = from_named + [n for n in needs if n.because_of is None]
    if not needs:
        if level == crisis.DISTRESS:
            _add_distress_line(builder, directory, place)
            _add_ido(builder, text("advice.why.ido"))
            distress = crisis.DISTRESS_INTENT
            listed = [theme_entry(distress, understanding.confidence(distress))]
            return answer(listed if distress in directory.themes else [], level=level)
        _add_ido(builder, text("advice.why.unclear"))
        return answer([], clarify=True)
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confirmed = bool(ranked) and ranked[0][0] in understanding.needs
    clarify = (
        bool(ranked)
        and (best < CLARIFY_BELOW or best - second < CLOSE_MARGIN)
        and needs[0].because_of is None
        and not confirmed
        and not contact_question
        and not partner_asked
        and not whole_first
        and not decided
    )
    listed = [theme_entry(n.theme, n.confidence) for n in needs]
    if clarify:
        listed += [
            theme_entry(t, c)
            for t, c in ranked[:MAX_THEMES_LISTED]
            if c >= THEME_LIST_MIN and t not in {n.theme for n in needs}
        ]

    # "anoniem kijken hoe erg mijn geldzaken ervoor staan": the anonymous helpline first
    if anonymous_money:
        for service_id in ANONYMOUS_MONEY_HELP:
            service = directory.services.get(service_id)
            if service is not None and directory.serves(service, place):
                builder.add_service(service, text("advice.why.anonymous"), DEBTS)
    # urgency for a social rent home is granted by the gemeente
    if any(n.theme == SOCIAL_HOUSING for n in needs[:2]) and HOUSING_URGENCY.search(said):
        builder.add_generic(
            *_pointer("gemeente", why_key="urgency_why", service_key="urgency_service"),
            SOCIAL_HOUSING,
        )
    # 4. A contact question: the organisation named comes first.
    if contact_question:
        _add_named_first(builder, directory, named[0], needs[0])
    elif partner_asked:
        kind = "advice_partner" if partners[0] != "woningcorporatie" else "private_service"
        builder.add_generic(*_pointer(partners[0], kind=kind), needs[0].theme)

    # Life events: a checklist of the organisations involved; a clear task first.
    first_theme = directory.themes[needs[0].theme]
    tasks = [n for n in needs[1:] if directory.themes[n.theme].group != LIFE_EVENTS]
    if first_theme.group == LIFE_EVENTS and tasks:
        needs = [*tasks, *[n for n in needs if n not in tasks]]
    elif first_theme.group == LIFE_EVENTS:
        _add_checklist(builder, directory, first_theme.id)
        if level == crisis.DISTRESS:
            _add_distress_line(builder, directory, place)
        _add_ido(builder, text("advice.why.ido"))
        return answer(listed, clarify=clarify, level=level, life_event=first_theme.id)

    # Situations.
    urgency_values = {normalise_name(v) for v in understanding.values("urgency")}
    money = [
        u for u in MONEY_URGENCY if u in urgency_values or re.search(MONEY_URGENCY_WORDS[u], said)
    ]
    deadline = DEADLINE_URGENCY in urgency_values or _matches(said, DEADLINE_WORDS)
    objection = deadline and (
        _matches(said, OBJECTION_WORDS) or any(n.theme == "legal_advice" for n in needs)
    )
    complex_case = len(needs) >= 2 or bool(money and needs[0].theme != "debts")
    urgency = money + ([DEADLINE_URGENCY] if deadline else [])

    # 5a. Competent help for each need. When it is not sure which theme is meant, the
    # competent help of each likely theme comes first, then the rest of each.
    if clarify:
        likely = [_Need(t["name"], t["confidence"]) for t in listed[len(needs) :]]
        for need in [*needs, *likely][:MAX_NEEDS]:
            _add_competent(builder, directory, need, named, money, limit=1)
    for need in needs:
        _add_competent(builder, directory, need, named, money)
    if not clarify and not contact_question:
        _add_runner_up(builder, directory, ranked, needs, named, money)
    # Possible distress: 113 right after the competent help.
    if level == crisis.DISTRESS:
        _add_distress_line(builder, directory, place)
    # 5b. Situational advice partners.
    if money:
        _add_situation(
            builder, directory, "urgent_money", text("advice.why.urgent_money"), "debts", True
        )
    if objection:
        _add_situation(
            builder,
            directory,
            "objection_deadline",
            text("advice.why.objection_deadline"),
            needs[0].theme,
            urgent=True,
        )
    if complex_case:
        _add_situation(
            builder, directory, "complex_case", text("advice.why.complex_case"), needs[0].theme
        )
    # 5c. Supporting advice partners and courses.
    for need in needs:
        _add_supporting(builder, directory, need)
    builder.truncate(MAX_SUGGESTIONS - 1)
    # 5d. The IDO, last.
    if not any(s.kind == "ido" for s in builder.suggestions):
        _add_ido(builder, text("advice.why.ido"))
    return answer(listed, clarify=clarify, level=level, urgency=urgency)


def _pointer(
    key: str,
    why_key: str | None = None,
    service_key: str | None = None,
    kind: str = "public_service",
) -> tuple[GenericHelp, str]:
    """General help without contact details ("Het wijkteam in uw gemeente"), from the texts
    under advice.partner, and why it is suggested."""
    why = text(f"advice.partner.{why_key or key + '_why'}")
    service = text(f"advice.partner.{service_key}") if service_key else None
    organisation = text(f"advice.partner.{key}")
    return GenericHelp(organisation, service=service, kind=kind, why=why, key=key), why


def _local_first(
    services: Iterable[Service], directory: Directory, gemeente: Gemeente | None
) -> list[Service]:
    usable = [s for s in services if directory.serves(s, gemeente)]
    return sorted(usable, key=lambda s: s.national)  # stable: file order within each


def _crisis_line(directory: Directory, org_id: str, place: Gemeente | None) -> Service | None:
    org = directory.organisations.get(org_id)
    if org is None:
        return None
    return next((s for s in org.services if directory.serves(s, place)), None)


def _add_crisis_lines(
    builder: _Builder, directory: Directory, place: Gemeente | None, safety: crisis.CrisisAssessment
) -> None:
    """112 first when someone is in danger now; 113 first for suicidal intent; Veilig Thuis
    named for violence at home."""
    if safety.first == crisis.LINE_112:
        order = ["alarmnummer-112"]
        if safety.domestic_violence:
            order.append("veilig-thuis")
        order.append("zelfmoordpreventie-113")
    else:
        order = ["zelfmoordpreventie-113", "alarmnummer-112"]
    for org_id in order:
        service = _crisis_line(directory, org_id, place)
        if service is not None:
            why = service.description or text("advice.why.crisis_line")
            builder.add_service(service, why, "crisis", urgent=True)


def _add_distress_line(builder: _Builder, directory: Directory, place: Gemeente | None) -> None:
    service = _crisis_line(directory, "zelfmoordpreventie-113", place)
    if service is not None:
        builder.add_service(service, text("advice.why.distress"), "crisis")


def _ordered_services(
    directory: Directory, theme_id: str, gemeente: Gemeente | None
) -> list[Service]:
    """The competent services of a theme, in the theme's own order when it has one."""
    theme = directory.themes[theme_id]
    services = _local_first(directory.competent[theme_id], directory, gemeente)
    if any(s.kind == "ido" and not s.national for s in services):
        # the national IDO entry ("ask at your library") only stands in for a local one
        services = [s for s in services if not (s.kind == "ido" and s.national)]
    if theme.order:
        rank = {key: i for i, key in enumerate(theme.order)}

        def position(service: Service) -> int:
            if service.id in rank:
                return rank[service.id]
            if service.organisation_id in rank:
                return rank[service.organisation_id]
            return rank.get("local" if not service.national else "national", len(rank))

        services.sort(key=position)
    return services


def _generic_where(builder: _Builder) -> str:
    if builder.gemeente is not None:
        return text("advice.where.no_data_for", gemeente=builder.gemeente.name)
    if builder.asked:
        return text("advice.where.no_data_for", gemeente=builder.asked)
    return text("advice.where.unknown")


def _add_named_first(
    builder: _Builder, directory: Directory, org: Organisation, need: _Need
) -> None:
    """The named organisation's service for this need (or its main service) first."""
    services = [s for s in org.services if directory.serves(s, builder.gemeente)]
    if not services:
        return
    best = next((s for s in services if need.theme in s.themes), None)
    best = best or next((s for s in services if org.main_theme in s.themes), services[0])
    builder.add_service(best, text("advice.why.asked_for", organisation=org.name), need.theme)


def _add_checklist(builder: _Builder, directory: Directory, theme_id: str) -> None:
    """A life event: each organisation involved, in order, with what to arrange there."""
    theme = directory.themes[theme_id]
    # the steps the person asks about first ("... heb ik recht op een uitkering?")
    asked = [s for s in theme.checklist if s.when and re.search(s.when, builder.said, re.I)]
    steps = asked + [s for s in theme.checklist if s not in asked]
    for step in steps[:CHECKLIST_STEPS]:
        if step.help == "local":
            local = [
                s
                for s in _local_first(directory.competent[theme_id], directory, builder.gemeente)
                if not s.national
            ]
            if local:
                builder.add_service(local[0], step.what, theme_id)
            elif theme.local_desk is not None:
                builder.add_generic(theme.local_desk, step.what, theme_id)
        elif step.help == "own_provider":
            if theme.own_provider is not None:
                builder.add_generic(theme.own_provider, step.what, theme_id)
        else:
            service = directory.services.get(step.help)
            if service is None and step.help in directory.organisations:
                service = next(iter(directory.organisations[step.help].services), None)
            if service is not None and directory.serves(service, builder.gemeente):
                builder.add_service(service, step.what, theme_id)


def _add_competent(
    builder: _Builder,
    directory: Directory,
    need: _Need,
    named: list[Organisation],
    money: list[str],
    limit: int = COMPETENT_PER_NEED,
) -> None:
    theme = directory.themes[need.theme]
    own_first = theme.own_provider is not None and _own_provider_first(theme, builder.said)
    if own_first and theme.own_provider is not None:
        builder.add_generic(theme.own_provider, theme.own_provider.why or "", theme.id)
        limit -= 1
    services = _ordered_services(directory, theme.id, builder.gemeente)
    named_ids = {o.id for o in named}
    if not theme.order:
        services.sort(key=lambda s: s.organisation_id not in named_ids)
    has_local = any(not s.national for s in services)
    local_desk = theme.local_desk if theme.local_desk is not None and not has_local else None
    urgent_desk = bool(money) and theme.id == "debts"
    local_first = LOCAL_FIRST_WHEN.get(theme.id)
    local_late = (
        bool(theme.order)
        and "local" in theme.order[1:]
        and not (local_first is not None and local_first.search(builder.said))
    )
    if local_first is not None and local_first.search(builder.said):
        services.sort(key=lambda s: s.national)
    if local_desk is not None and not local_late:
        why = (local_desk.why or "") + " " + _generic_where(builder)
        builder.add_generic(local_desk, why.strip(), theme.id, urgent=urgent_desk)
        local_desk = None
        limit -= 1
    for service in services[: max(limit, 0)]:
        org = directory.organisations[service.organisation_id]
        if need.because_of is not None and need.because_of.id == org.id:
            # named, though the question itself is about something else
            why = text("advice.why.named", organisation=org.name)
        elif not service.national:
            why = service.description or text("advice.why.local")
        else:
            why = service.description or text("advice.why.competent")
        urgent = bool(money) and "urgent_money" in service.situations
        if urgent:
            why += " " + text("advice.why.urgent_suffix")
        builder.add_service(service, why, theme.id, urgent=urgent)
    if local_desk is not None:
        why = (local_desk.why or "") + " " + _generic_where(builder)
        builder.add_generic(local_desk, why.strip(), theme.id, urgent=urgent_desk)
    if theme.own_provider is not None and not own_first:
        builder.add_generic(theme.own_provider, theme.own_provider.why or "", theme.id)


def _add_runner_up(
    builder: _Builder,
    directory: Directory,
    ranked: list[tuple[str, float]],
    needs: list[_Need],
    named: list[Organisation],
    money: list[str],
) -> None:
    """The next most likely theme, when it is not a need but still plausible, gets its
    competent help in third place: a second opinion within reach when the first theme
    is wrong, without moving the best answer or its alternative."""
    taken = {n.theme for n in needs}
    runner_up = next(
        (
            _Need(t, c)
            for t, c in ranked[1:]
            if t not in taken and directory.themes[t].group != LIFE_EVENTS
        ),
        None,
    )
    if runner_up is None or runner_up.confidence < RUNNER_UP_MIN:
        return
    before = len(builder.suggestions)
    _add_competent(builder, directory, runner_up, named, money, limit=1)
    added = builder.suggestions[before:]
    if added and before > RUNNER_UP_PLACE:
        del builder.suggestions[before:]
        builder.suggestions[RUNNER_UP_PLACE:RUNNER_UP_PLACE] = added[:1]
        for extra in added[1:]:
            builder.keys.discard(extra.service_id or ("generic", extra.organisation, extra.service))


def _own_provider_first(theme: Theme, said: str) -> bool:
    if not theme.order:
        last = OWN_PROVIDER_LAST_WHEN.get(theme.id)
        return last is None or not last.search(said)
    first, unless = OWN_PROVIDER_FIRST_WHEN.get(theme.id, (None, None))
    return bool(first and first.search(said) and not (unless and unless.search(said)))


def _add_situation(
    builder: _Builder,
    directory: Directory,
    situation: str,
    why: str,
    theme: str,
    urgent: bool = False,
) -> None:
    services = _local_first(directory.by_situation[situation], directory, builder.gemeente)
    if situation == "urgent_money" and not any(not s.national for s in services):
        desk = directory.themes["debts"].local_desk if "debts" in directory.themes else None
        if desk is not None:
            builder.add_generic(desk, why, theme, urgent=urgent)
    added = 0
    for service in services:
        if added < COMPETENT_PER_NEED and builder.add_service(service, why, theme, urgent=urgent):
            added += 1


def _add_supporting(builder: _Builder, directory: Directory, need: _Need) -> None:
    theme = directory.themes[need.theme]
    services = _local_first(directory.supporting[theme.id], directory, builder.gemeente)
    services.sort(key=lambda s: KIND_ORDER[s.kind])
    added = 0
    for service in services:
        if added >= SUPPORTS_PER_NEED:
            break
        if service.kind == "crisis_line":
            continue
        if service.kind == "course":
            why = text("advice.why.course")
        else:
            why = text("advice.why.support")
        added += builder.add_service(service, why, theme.id)


def _add_ido(builder: _Builder, why: str) -> None:
    directory = builder.directory
    services = _local_first(directory.by_kind["ido"], directory, builder.gemeente)
    if services:
        builder.add_service(services[0], why, IDO_THEME)


def suggestion_for(
    directory: Directory,
    service_id: str,
    gemeente: str | None = None,
    now: datetime | None = None,
    theme: str | None = None,
    why: str = "",
) -> Suggestion | None:
    """The suggestion for one service (by id), with today's opening status."""
    service = directory.services.get(service_id)
    if service is None:
        return None
    builder = _Builder(directory, directory.find_gemeente(gemeente), gemeente, hours.local_now(now))
    builder.add_service(service, why, theme)
    return builder.suggestions[0]


def general_help_for(
    directory: Directory,
    theme_id: str,
    which: str,
    gemeente: str | None = None,
    now: datetime | None = None,
) -> Suggestion | None:
    """The general help of a theme ("own_provider" or "local_desk") as a suggestion."""
    theme = directory.themes.get(theme_id)
    generic = getattr(theme, which, None) if theme is not None else None
    if not isinstance(generic, GenericHelp):
        return None
    builder = _Builder(directory, directory.find_gemeente(gemeente), gemeente, hours.local_now(now))
    builder.add_generic(generic, generic.why or "", theme_id)
    return builder.suggestions[0]


def nearest_ido(
    directory: Directory, gemeente: str | None = None, now: datetime | None = None
) -> Suggestion | None:
    """The Informatiepunt of the gemeente (or the general one), with today's hours."""
    builder = _Builder(directory, directory.find_gemeente(gemeente), gemeente, hours.local_now(now))
    _add_ido(builder, text("advice.why.ido"))
    return builder.suggestions[0] if builder.suggestions else None
