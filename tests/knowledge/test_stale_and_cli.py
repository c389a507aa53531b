"""The stale-data report and the command line."""

from __future__ import annotations

from datetime import date

from knowledge.__main__ import main
from knowledge.load import load_files
from knowledge.stale import stale_facts


def test_unverified_facts_are_always_listed():
    found = stale_facts(load_files(), 365, today=date(2026, 11, 23))
    ids = {f.id for f in found}
    assert {
        "uwv",
        "cjib",
        "rdw",
        "juridisch-loket",
        "huurcommissie",
        "duo-studiefinanciering",
    } <= ids
    assert "digid" not in ids and "belastingdienst" not in ids
    assert all(not f.provenance.example for f in found)


def test_facts_older_than_the_limit_are_listed():
    data = load_files()
    young = {f.id for f in stale_facts(data, 365, today=date(2026, 11, 23))}
    old = {f.id for f in stale_facts(data, 30, today=date(2027, 1, 1))}
    assert "digid" not in young and "digid" in old
    reason = next(
        f.reason for f in stale_facts(data, 30, today=date(2027, 1, 1)) if f.id == "digid"
    )
    assert reason == "gecontroleerd op 2026-11-22, ouder dan 30 dagen"


def test_example_data_is_listed_only_when_asked():
    data = load_files()
    with_examples = stale_facts(data, 365, today=date(2026, 11, 23), include_examples=True)
    assert any(f.id == "GM9991" and f.reason == "voorbeelddata" for f in with_examples)


def test_validate_passes_on_the_shipped_data(capsys):
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("In orde:")


def test_validate_fails_with_every_problem_on_bad_data(data_copy, capsys):
    (data_copy / "national/zz.yml").write_text("organisations:\n  - id: Bad Id\n", encoding="utf-8")
    assert main(["validate", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "national/zz.yml:2: organisatie: ongeldige id 'Bad Id'" in err
    assert "er is niets geladen" in err


def test_stale_command_prints_file_and_line(capsys):
    assert main(["stale", "--days", "365"]) == 0
    out = capsys.readouterr().out
    assert "national/uwv.yml:2: organisatie 'uwv': niet gecontroleerd" in out


def test_yaml_export_command(tmp_path, capsys):
    assert main(["export", "--format", "yaml", "--output", str(tmp_path / "out")]) == 0
    assert main(["validate", str(tmp_path / "out")]) == 0
