"""Fixtures: a fresh SQLite database with all tables, a fixed clock, a suggestion."""
from __future__ import annotations

from datetime import datetime

import pytest

import referrals.models  # noqa: F401  (registers the tables on Base.metadata)
import registration.models  # noqa: F401
from database import make_engine, session_factory, transaction
from database import Base

NOW = datetime(2026, 11, 23, 9, 30)  # naive UTC: 10:30 in Amsterdam
CONSENT_TEXT = ("Mogen wij uw naam, telefoonnummer en uw vraag doorgeven aan Het Juridisch "
                "Loket? Zij nemen dan contact met u op.")


def suggestion(**overrides):
    """The shape of knowledge.advice.Suggestion.to_dict()."""
    value = {
        "kind": "advice_partner", "organisation": "Het Juridisch Loket",
        "organisation_id": "juridisch-loket", "service": "Gratis juridisch advies",
        "service_id": "juridisch-loket-advies", "theme": "legal_advice", "why": "...",
        "contact": {"type": "phone", "value": "0900-8020", "label": "Telefonisch spreekuur",
                    "href": "tel:09008020", "verified": True},
        "contacts": [{"type": "phone", "value": "0900-8020"},
                     {"type": "email", "value": "Doorverwijzing@Juridischloket.example"}],
        "warm_referral": {"possible": True, "channels": ["email", "phone"],
                          "consent_required": True, "note": None},
    }
    value.update(overrides)
    return value


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'referrals.db'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine):
    return session_factory(engine)


@pytest.fixture
def session(factory):
    with transaction(factory) as session:
        yield session
