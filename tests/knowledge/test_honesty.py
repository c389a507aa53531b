"""Facts kept honest: the validator refuses what looks right but is not, and unchecked
hours never say "nu open"."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from knowledge.load import DEFAULT_DATA_DIR, load_files, validate

SUNDAY_NOON = datetime(2026, 11, 29, 12, 0)


@pytest.fixture
def data(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    return copy


def problems(data: Path) -> str:
    return "\n".join(str(p) for p in validate(data).problems)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_data_passes():
    assert problems(DEFAULT_DATA_DIR) == ""


def test_a_real_looking_phone_number_in_an_example_gemeente_is_refused(data):
    edit(data / "gemeenten/voorbeeldstad/bibliotheek.yml", '"0000 991 000"', '"020 555 12 34"')
    found = problems(data)
    assert "voorbeeldgemeente" in found and "020 555 12 34" in found


def test_verified_with_a_third_party_source_is_refused(data):
    edit(
        data / "national/veiligheid-geld.yml",
        "source_url: https://www.fraudehelpdesk.nl",
        "source_url: https://www.telefoonboek.example",
    )
    assert "'verified: true' met bron 'https://www.telefoonboek.example'" in problems(data)


@pytest.mark.parametrize("number", ["0800 0114", "0800 2001", "0900 0113"])
def test_a_changed_crisis_number_is_refused(data, number):
    edit(
        data / "national/crisis.yml",
        '{type: phone, value: "113", label: Bel 113}',
        f'{{type: phone, value: "{number}", label: Bel 113}}',
    )
    assert "geen bekend crisisnummer" in problems(data)


def test_the_four_sources_say_where_the_number_was_seen():
    data = load_files()
    services = {s.id: (o, s) for o in data.organisations for s in o.services}
    _, cjib = services["cjib-boetes"]
    assert cjib.provenance.source_url == "https://www.rijksoverheid.nl"
    assert not cjib.provenance.verified and "rijksoverheid.nl" in (cjib.provenance.note or "")
    for service_id in ("rdw-voertuig", "uwv-klantcontact", "duo-studiefinanciering"):
        _, service = services[service_id]
        # no source that can be checked: the number is left out, the website given
        assert not service.provenance.verified
        assert [c.type for c in service.contacts] == ["website"], service_id


def test_unverified_hours_never_say_open_now():
    from knowledge import advise
    from knowledge.directory import Directory
    from knowledge.understanding import Understanding

    directory = Directory(load_files())
    understanding = Understanding(
        text="juridisch advies", intents=(("legal_advice", 0.95),), entities=()
    )
    advice = advise(directory, understanding, None, now=SUNDAY_NOON)
    loket = next(s for s in advice.suggestions if s.organisation_id == "juridisch-loket")
    assert loket.open_now is None and loket.open is None
    assert loket.hours  # the hours are still shown, with the warning beside them
