"""Export to YAML and CSV and read back: the same records, the same bytes."""

from __future__ import annotations

from knowledge.__main__ import main
from knowledge.csvio import export_csv, import_csv
from knowledge.export import write_yaml, yaml_files
from knowledge.load import load_files

SOCIALE_KAART = """\
naam,organisatie,soort,thema's,helpt_bij,telefoon,e-mail,website,adres,postcode,plaats,openingstijden,meenemen,kosten,warme_overdracht,omschrijving,bron,gecontroleerd_op,opmerking
Budgetcoaching,Stichting Geldmaatje Oefenwaard,adviespartner,,"debts, social_assistance",0000 777 100,info@geldmaatje.example,,Kerkstraat 1,9992 EF,Oefenwaard,"ma,wo 09:00-12:00",Uw bankafschriften; Brieven van schuldeisers,gratis,"telefoon, e-mail",Vrijwilligers helpen met de administratie.,voorbeelddata,,
Thuisadministratie,Stichting Geldmaatje Oefenwaard,adviespartner,,letters_forms,0000 777 110,,,,,,,,,,,voorbeelddata,,
Computerles,Buurthuis De Waard,cursus,course_computer_skills,,0000 777 200,,https://www.buurthuis.example,,,,di 14:00-16:00,Uw tablet,2 euro,,,voorbeelddata,,
"""


def test_yaml_export_reads_back_as_the_same_records_and_bytes(tmp_path):
    original = load_files()
    write_yaml(original, tmp_path / "export")
    again = load_files(tmp_path / "export")
    assert again == original
    assert yaml_files(again) == yaml_files(original)
    assert sorted(
        p.relative_to(tmp_path / "export").as_posix() for p in (tmp_path / "export").rglob("*.yml")
    ) == sorted(yaml_files(original))


def test_csv_import_then_export_gives_the_same_csv(tmp_path, data_copy):
    csv_path = tmp_path / "sociale-kaart.csv"
    csv_path.write_text(SOCIALE_KAART, encoding="utf-8")
    organisations, problems = import_csv(csv_path, data_copy, "oefenwaard")
    assert problems == []
    assert [o.name for o in organisations] == [
        "Stichting Geldmaatje Oefenwaard",
        "Buurthuis De Waard",
    ]
    text, lost = export_csv(organisations)
    assert lost == []
    exported = text.splitlines()
    assert exported[0].startswith("id,naam,organisatie,soort")
    # The export adds the id column; every other value is written back as it came in.
    assert [line.split(",", 1)[1] for line in exported[1:]] == SOCIALE_KAART.splitlines()[1:]
    # ... and a second round trip through the export is exact to the byte.
    csv_path.write_text(text, encoding="utf-8")
    organisations_again, problems = import_csv(csv_path, data_copy, "oefenwaard")
    assert problems == [] and organisations_again == organisations
    assert export_csv(organisations_again)[0] == text


def test_the_import_command_writes_a_valid_yaml_file(tmp_path, data_copy, capsys):
    csv_path = tmp_path / "sociale-kaart.csv"
    csv_path.write_text(SOCIALE_KAART, encoding="utf-8")
    assert (
        main(["import-csv", str(csv_path), "--gemeente", "oefenwaard", "--data", str(data_copy)])
        == 0
    )
    written = data_copy / "gemeenten/oefenwaard/sociale-kaart.yml"
    assert written.exists()
    data = load_files(data_copy)
    service = next(s for o in data.organisations for s in o.services if s.name == "Budgetcoaching")
    assert service.area == ("GM9992",) and service.supports == ("debts", "social_assistance")
    assert service.warm_referral.channels == ("phone", "email")
    # exporting the gemeente as CSV and importing it again keeps the file the same
    assert (
        main(
            [
                "export",
                "--format",
                "csv",
                "--gemeente",
                "oefenwaard",
                "--data",
                str(data_copy),
                "--output",
                str(tmp_path / "out.csv"),
            ]
        )
        == 0
    )


def test_csv_problems_are_reported_with_the_csv_line(tmp_path, data_copy):
    bad = SOCIALE_KAART.replace("0000 777 110", "12").replace("course_computer_skills", "cursus_pc")
    csv_path = tmp_path / "kaart.csv"
    csv_path.write_text(bad, encoding="utf-8")
    organisations, problems = import_csv(csv_path, data_copy, "oefenwaard")
    assert organisations is None
    assert [(p.file, p.line) for p in problems] == [("kaart.csv", 3), ("kaart.csv", 4)]
    assert "telefoonnummer" in problems[0].message and "cursus_pc" in problems[1].message


def test_csv_for_an_unknown_gemeente_or_with_a_clashing_id_is_refused(tmp_path, data_copy):
    csv_path = tmp_path / "kaart.csv"
    csv_path.write_text(SOCIALE_KAART, encoding="utf-8")
    assert "bestaat niet" in import_csv(csv_path, data_copy, "nergensdorp")[1][0].message
    clash = (
        SOCIALE_KAART.replace("naam,organisatie", "id,naam,organisatie")
        .replace("\nBudgetcoaching", "\noefenwaard-ido,Budgetcoaching")
        .replace("\nThuisadministratie", "\n,Thuisadministratie")
        .replace("\nComputerles", "\n,Computerles")
    )
    csv_path.write_text(clash, encoding="utf-8")
    organisations, problems = import_csv(csv_path, data_copy, "oefenwaard")
    assert organisations is None
    assert any(
        "dubbele dienst-id 'oefenwaard-ido'" in p.message and p.file == "kaart.csv"
        for p in problems
    )


def test_csv_export_of_the_example_gemeente_names_what_does_not_fit(tmp_path):
    data = load_files()
    text, lost = export_csv([o for o in data.organisations if o.gemeente_code == "GM9991"])
    assert len(text.splitlines()) == 1 + sum(
        len(o.services) for o in data.organisations if o.gemeente_code == "GM9991"
    )
    assert any("voorbeeldstad-ido" in warning for warning in lost)
