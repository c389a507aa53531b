"""For every theme of themes.yml: the competent help comes first, the IDO last.

Runs on the directory read back from SQLite and from PostgreSQL (fixture `directory`).
"""

from __future__ import annotations

from datetime import datetime

import pytest
import yaml

from knowledge import Understanding, advise
from knowledge.load import DEFAULT_DATA_DIR

MONDAY_10 = datetime(2026, 11, 23, 10, 0)

# theme, first suggestion in Voorbeeldstad, first suggestion without a gemeente
# ("generic: X" is general advice without contact details, such as "Uw gemeente").
FIRST = [
    ("digid", "digid-helpdesk", "digid-helpdesk"),
    ("mijnoverheid", "mijnoverheid-help", "mijnoverheid-help"),
    ("authorisation", "digid-helpdesk", "digid-helpdesk"),
    ("tax_return", "belastingtelefoon", "belastingtelefoon"),
    ("tax_assessment", "belastingtelefoon", "belastingtelefoon"),
    ("allowances", "toeslagen", "toeslagen"),
    ("allowances_recovery", "herstel-toeslagen-info", "herstel-toeslagen-info"),
    ("state_pension_child_benefit", "svb-contact", "svb-contact"),
    ("pension", "generic: Uw pensioenuitvoerder", "generic: Uw pensioenuitvoerder"),
    ("employee_insurance", "uwv-klantcontact", "uwv-klantcontact"),
    ("social_assistance", "voorbeeldstad-werk-en-inkomen", "generic: Uw gemeente"),
    ("student_finance", "duo-studiefinanciering", "duo-studiefinanciering"),
    ("civic_integration", "duo-inburgering", "duo-inburgering"),
    ("care_contribution", "cak-klantenservice", "cak-klantenservice"),
    ("long_term_care", "ciz-indicatie", "ciz-indicatie"),
    ("social_support", "voorbeeldstad-wmo-loket", "generic: Uw gemeente"),
    ("health_insurance", "generic: Uw zorgverzekeraar", "generic: Uw zorgverzekeraar"),
    ("patient_portal", "generic: Uw ziekenhuis of huisarts", "generic: Uw ziekenhuis of huisarts"),
    ("identity_documents", "voorbeeldstad-burgerzaken", "generic: Uw gemeente"),
    ("address_registration", "voorbeeldstad-burgerzaken", "generic: Uw gemeente"),
    ("certificate_of_conduct", "justis-vog", "justis-vog"),
    ("municipal_services", "voorbeeldstad-belastingen-vergunningen", "generic: Uw gemeente"),
    ("residence_permit", "ind-verblijf", "ind-verblijf"),
    ("naturalisation", "voorbeeldstad-burgerzaken", "generic: Uw gemeente"),
    ("general_government", "informatie-rijksoverheid-1400", "informatie-rijksoverheid-1400"),
    ("traffic_fines", "cjib-boetes", "cjib-boetes"),
    ("vehicle", "rdw-voertuig", "rdw-voertuig"),
    ("driving_exam", "cbr-examens", "cbr-examens"),
    ("business_registration", "kvk-adviesteam", "kvk-adviesteam"),
    ("rent_dispute", "huurcommissie-geschil", "huurcommissie-geschil"),
    (
        "social_housing",
        "voorbeeldwonen-woningzoekenden",
        "generic: Een woningcorporatie in uw regio",
    ),
    ("land_registry", "kadaster-eigenaar", "kadaster-eigenaar"),
    ("debts", "voorbeeldstad-schuldhulp", "generic: Uw gemeente"),
    ("legal_advice", "juridisch-loket-advies", "juridisch-loket-advies"),
    (
        "home_administration",
        "voorbeeldstad-formulierenbrigade",
        "generic: Een welzijnsorganisatie in uw gemeente",
    ),
    (
        "letters_forms",
        "voorbeeldstad-sociaal-raadslieden",
        "generic: Sociaal raadslieden van uw gemeente",
    ),
    ("phishing_scam", "fraudehelpdesk-melden", "fraudehelpdesk-melden"),
    ("identity_fraud", "rvig-meldpunt", "rvig-meldpunt"),
    ("victim_support", "slachtofferhulp-hulp", "slachtofferhulp-hulp"),
    ("domestic_violence", "veilig-thuis-advies", "veilig-thuis-advies"),
    ("police_report", "politie-geen-spoed", "politie-geen-spoed"),
    ("bank_card", "generic: Uw eigen bank", "generic: Uw eigen bank"),
    ("emergency", "crisis-112", "crisis-112"),
    ("crisis", "crisis-113", "crisis-113"),
    ("distress", "crisis-113", "crisis-113"),
    ("course_digital_government", "voorbeeldstad-digisterker", "generic: Uw bibliotheek"),
    ("course_computer_skills", "voorbeeldstad-klik-en-tik", "generic: Uw bibliotheek"),
    ("online_banking", "generic: Uw eigen bank", "generic: Uw eigen bank"),
    ("literacy_language", "voorbeeldstad-taalhuis", "generic: Het Taalhuis in uw bibliotheek"),
    (
        "public_transport_card",
        "generic: Uw vervoerder of de klantenservice van de OV-chipkaart",
        "generic: Uw vervoerder of de klantenservice van de OV-chipkaart",
    ),
    ("life_death", "voorbeeldstad-burgerzaken", "generic: Uw gemeente"),
    ("life_turning_18", "generic: Een zorgverzekeraar", "generic: Een zorgverzekeraar"),
    ("life_retirement", "svb-contact", "svb-contact"),
    ("life_divorce", "juridisch-loket-advies", "juridisch-loket-advies"),
    ("life_job_loss", "uwv-klantcontact", "uwv-klantcontact"),
    ("life_moving", "voorbeeldstad-burgerzaken", "generic: Uw gemeente"),
    ("life_moving_abroad", "voorbeeldstad-burgerzaken", "generic: Uw gemeente"),
    ("life_birth", "voorbeeldstad-burgerzaken", "generic: Uw gemeente"),
    ("ido_info", "voorbeeldstad-ido", "ido-bibliotheek"),
]


def key(suggestion) -> str:
    return suggestion.service_id or f"generic: {suggestion.organisation}"


def ask(directory, theme, gemeente):
    return advise(
        directory,
        Understanding(text="", intents=[(theme, 0.9), ("greet", 0.05)]),
        gemeente=gemeente,
        now=MONDAY_10,
    )


def test_the_table_covers_every_theme_of_themes_yml():
    themes = yaml.safe_load((DEFAULT_DATA_DIR / "themes.yml").read_text(encoding="utf-8"))["themes"]
    assert [t["id"] for t in themes] == [row[0] for row in FIRST]


@pytest.mark.parametrize("theme, local_first, national_first", FIRST, ids=[r[0] for r in FIRST])
def test_the_competent_help_comes_first(directory, theme, local_first, national_first):
    assert key(ask(directory, theme, "Voorbeeldstad").suggestions[0]) == local_first
    assert key(ask(directory, theme, None).suggestions[0]) == national_first


@pytest.mark.parametrize(
    "theme", [row[0] for row in FIRST if row[0] not in ("crisis", "emergency")]
)
def test_the_ido_comes_last_and_every_suggestion_explains_itself(directory, theme):
    advice = ask(directory, theme, "GM9991")
    assert advice.suggestions[-1].kind == "ido"
    assert advice.suggestions[-1].organisation == "Bibliotheek Voorbeeldstad"
    assert len({key(s) for s in advice.suggestions}) == len(advice.suggestions)
    for suggestion in advice.suggestions:
        assert suggestion.why and suggestion.why.endswith((".", "!"))
    assert advice.themes[0]["name"] == theme and advice.clarify is False


def test_a_skills_question_gets_the_course_after_the_competent_organisation(directory):
    kinds = [s.kind for s in ask(directory, "digid", "Voorbeeldstad").suggestions]
    assert kinds == ["public_service", "course", "ido"]
