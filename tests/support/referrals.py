"""Builders for referral tests: a fixed clock, a consent, a person, a suggestion, a referral."""

from __future__ import annotations

from datetime import date, datetime

from referrals import service
from referrals.service import Consent, Person

NOW = datetime(2026, 11, 23, 9, 30)  # naive UTC: 10:30 in Amsterdam
CONSENT_TEXT = (
    "Mogen wij uw naam, telefoonnummer en uw vraag doorgeven aan Het Juridisch "
    "Loket? Zij nemen dan contact met u op."
)


def suggestion(**overrides):
    """The shape of knowledge.advice.Suggestion.to_dict()."""
    value = {
        "kind": "advice_partner",
        "organisation": "Het Juridisch Loket",
        "organisation_id": "juridisch-loket",
        "service": "Gratis juridisch advies",
        "service_id": "juridisch-loket-advies",
        "theme": "legal_advice",
        "why": "...",
        "contact": {
            "type": "phone",
            "value": "0900-8020",
            "label": "Telefonisch spreekuur",
            "href": "tel:09008020",
            "verified": True,
        },
        "contacts": [
            {"type": "phone", "value": "0900-8020"},
            {"type": "email", "value": "Doorverwijzing@Juridischloket.example"},
        ],
        "warm_referral": {
            "possible": True,
            "channels": ["email", "phone"],
            "consent_required": True,
            "note": None,
        },
    }
    value.update(overrides)
    return value


YES = Consent(CONSENT_TEXT, True, NOW)
NO = Consent(CONSENT_TEXT, False, NOW)
ANNA = Person(
    name="Anna de Vries", phone="06-12345678", email=None, preferred_contact_time="'s ochtends"
)


def new(session, consent=YES, person=ANNA, **kwargs):
    values = {
        "suggestion": suggestion(),
        "channel": "staff",
        "by": "balie-1",
        "question": "Mijn werkgever betaalt mijn loon niet.",
        "summary": "Loon niet betaald",
        "themes": [{"name": "legal_advice", "label": "Juridisch advies"}],
        "urgency": "dringend",
        "deadline": date(2026, 12, 1),
        "already_tried": "Zelf gebeld met de werkgever",
        "documents": ["loonstrook"],
        "ido_location_id": "bibliotheek-voorbeeldstad",
        "ido_location_name": "Bibliotheek Voorbeeldstad",
        "staff_member": "Kees",
        "follow_up_on": date(2026, 11, 30),
        "consent": consent,
        "person": person,
        "now": NOW,
    }
    values.update(kwargs)
    return service.create_referral(session, **values)
