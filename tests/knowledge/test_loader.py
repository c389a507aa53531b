"""The loader reports every problem with file and line, and loads nothing when there is one."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.load import DataError, load_files, validate

NATIONAL_OK = """\
organisations:
  - id: testorg
    name: Testorganisatie
    kind: public_service
    source_url: https://www.test.nl
    verified_on: 2026-11-22
    services:
      - id: testdienst
        name: Testdienst
        themes: [digid]
        contacts:
          - {type: phone, value: "088 123 65 55"}
          - {type: website, value: "https://www.test.nl"}
"""


def write(data_dir: Path, rel: str, text: str) -> Path:
    path = data_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_in(data_dir: Path, rel: str):
    result = validate(data_dir)
    assert result.data is None, "data with a problem must not load"
    return [(p.line, p.message) for p in result.problems if p.file == rel]


def with_national(data_copy: Path, text: str):
    write(data_copy, "national/zz-test.yml", text)
    return problems_in(data_copy, "national/zz-test.yml")


def test_the_shipped_data_is_valid():
    result = validate()
    assert result.problems == []
    assert result.files >= 15


def test_a_correct_extra_file_loads(data_copy):
    write(data_copy, "national/zz-test.yml", NATIONAL_OK)
    assert validate(data_copy).problems == []


def test_unknown_theme_is_reported_with_its_line(data_copy):
    found = with_national(data_copy, NATIONAL_OK.replace("themes: [digid]", "themes: [digi]"))
    assert found == [
        (10, "dienst 'testdienst': onbekend thema 'digi' (zie knowledge/data/themes.yml)")
    ]


@pytest.mark.parametrize(
    "number",
    [
        "088 123 65",
        "12345",
        "0800 12",
        "06-1234-567",
        "0900 abc",
        "+31 6 1234",
        "14 99",
        "0000 123 456",
    ],
)
def test_bad_phone_numbers_are_refused(data_copy, number):
    found = with_national(data_copy, NATIONAL_OK.replace("088 123 65 55", number))
    assert len(found) == 1
    line, message = found[0]
    assert line == 12 and "telefoonnummer" in message and number in message


@pytest.mark.parametrize(
    "number",
    [
        "088 123 65 55",
        "020-1234567",
        "06 12345678",
        "0800 0543",
        "0800 2358 358",
        "0900 8020",
        "14 020",
        "14 0591",
        "1400",
        "112",
        "113",
        "0800-0113",
        "+31 70 214 02 14",
        "+32 2 123 45 67",
    ],
)
def test_dutch_phone_formats_are_accepted(data_copy, number):
    write(data_copy, "national/zz-test.yml", NATIONAL_OK.replace("088 123 65 55", number))
    assert validate(data_copy).problems == []


def test_a_fictional_number_is_only_allowed_in_example_data(data_copy):
    found = with_national(data_copy, NATIONAL_OK.replace("088 123 65 55", "0000 999 100"))
    assert "0000-reeks" in found[0][1] and "voorbeelddata" in found[0][1]


def test_example_source_is_refused_in_national_data(data_copy):
    found = with_national(
        data_copy,
        NATIONAL_OK.replace(
            "source_url: https://www.test.nl\n    verified_on: 2026-11-22",
            "source_url: voorbeelddata",
        ),
    )
    assert found == [
        (
            5,
            "organisatie 'testorg': bron 'voorbeelddata' mag alleen in een "
            "voorbeeldgemeente (example: true)",
        )
    ]


def test_missing_source_is_reported(data_copy):
    found = with_national(
        data_copy,
        NATIONAL_OK.replace("    source_url: https://www.test.nl\n", "").replace(
            "    verified_on: 2026-11-22\n", ""
        ),
    )
    assert found == [(2, "organisatie 'testorg': bron ontbreekt (veld 'source_url')")]


def test_a_date_without_its_own_source_is_reported(data_copy):
    found = with_national(
        data_copy,
        NATIONAL_OK.replace(
            '{type: website, value: "https://www.test.nl"}',
            '{type: website, value: "https://www.test.nl", verified_on: 2026-01-01}',
        ),
    )
    assert found == [
        (
            13,
            "contact 'https://www.test.nl': 'verified_on' hoort bij een eigen bron: "
            "geef ook 'source_url'",
        )
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-13-01", "ongeldige datum '2026-13-01': deze dag bestaat niet"),
        ("22-11-2026", "ongeldige datum '22-11-2026': schrijf JJJJ-MM-DD, bijvoorbeeld 2026-11-22"),
        ("2999-01-01", "datum '2999-01-01' ligt in de toekomst"),
    ],
)
def test_bad_dates_are_reported(data_copy, value, expected):
    found = with_national(
        data_copy, NATIONAL_OK.replace("verified_on: 2026-11-22", f"verified_on: {value}")
    )
    assert found == [(6, f"organisatie 'testorg': {expected}")]


@pytest.mark.parametrize(
    "url", ["www.test.nl", "https://", "https://test", "ftp://test.nl", "https://te st.nl"]
)
def test_broken_urls_are_reported(data_copy, url):
    found = with_national(
        data_copy, NATIONAL_OK.replace('value: "https://www.test.nl"', f'value: "{url}"')
    )
    assert len(found) == 1 and found[0][0] == 13 and "ongeldig webadres" in found[0][1]


def test_duplicate_ids_name_both_places(data_copy):
    found = with_national(data_copy, NATIONAL_OK.replace("id: testdienst", "id: digid-helpdesk"))
    assert found == [(8, "dubbele dienst-id 'digid-helpdesk' (ook in national/logius.yml:13)")]


def test_duplicate_keys_in_one_record_are_reported(data_copy):
    found = with_national(
        data_copy,
        NATIONAL_OK.replace(
            "    kind: public_service\n", "    kind: public_service\n    kind: ido\n"
        ),
    )
    assert (5, "organisatie: veld 'kind' staat er twee keer") in found


def test_unknown_fields_are_reported(data_copy):
    found = with_national(
        data_copy,
        NATIONAL_OK.replace(
            "    name: Testdienst\n", "    name: Testdienst\n        telefoon: 1\n"
        ),
    )
    assert any("onbekend veld 'telefoon'" in m for _, m in found)


def test_unknown_gemeente_reference_is_reported(data_copy):
    found = with_national(
        data_copy,
        NATIONAL_OK.replace(
            "        themes: [digid]\n", "        themes: [digid]\n        area: [GM0363]\n"
        ),
    )
    assert found == [
        (
            8,
            "dienst 'testdienst': onbekende gemeente 'GM0363' in 'area' "
            "(geen map in gemeenten/ met deze code)",
        )
    ]


def test_unknown_kind_and_bad_hours_are_reported(data_copy):
    text = NATIONAL_OK.replace("kind: public_service", "kind: overheid").replace(
        "        themes: [digid]\n",
        "        themes: [digid]\n        hours:\n"
        '          - {byday: MO-XX, opens_at: "9", closes_at: "17:00"}\n'
        '          - {byday: MO, opens_at: "17:00", closes_at: "09:00"}\n',
    )
    found = with_national(data_copy, text)
    messages = [m for _, m in found]
    assert any("onbekende soort 'overheid'" in m for m in messages)
    assert any("ongeldige dag in 'MO-XX'" in m for m in messages)
    assert any("ongeldige tijd '9'" in m for m in messages)
    assert any("sluit (09:00) voor het opent (17:00)" in m for m in messages)


def test_yaml_syntax_errors_give_the_line(data_copy):
    found = with_national(
        data_copy,
        NATIONAL_OK.replace("    name: Testorganisatie\n", "    name: [Testorganisatie\n"),
    )
    assert len(found) == 1 and found[0][1].startswith("geen geldige YAML")
    assert found[0][0] in (4, 5)


def test_a_gemeente_folder_needs_its_gemeente_file(data_copy):
    write(data_copy, "gemeenten/nergensdorp/partners.yml", NATIONAL_OK)
    assert problems_in(data_copy, "gemeenten/nergensdorp/gemeente.yml") == [
        (1, "gemeente.yml ontbreekt in gemeenten/nergensdorp/ (code en naam van de gemeente)")
    ]


def test_a_bad_gemeente_code_is_reported(data_copy):
    path = data_copy / "gemeenten/oefenwaard/gemeente.yml"
    path.write_text(path.read_text().replace("code: GM9992", "code: 9992"))
    found = problems_in(data_copy, "gemeenten/oefenwaard/gemeente.yml")
    assert (
        4,
        "gemeente: ongeldige CBS-gemeentecode '9992': schrijf GM en vier cijfers, "
        "bijvoorbeeld GM0363",
    ) in found


def test_a_service_at_an_unknown_location_is_reported(data_copy):
    path = data_copy / "gemeenten/oefenwaard/gemeente.yml"
    path.write_text(
        path.read_text().replace("- location: gemeentehuis-oefenwaard", "- location: raadhuis")
    )
    found = problems_in(data_copy, "gemeenten/oefenwaard/gemeente.yml")
    assert any("onbekende locatie 'raadhuis'" in m for _, m in found)


def test_every_problem_is_reported_not_just_the_first(data_copy):
    text = (
        NATIONAL_OK.replace("themes: [digid]", "themes: [digi]")
        .replace("088 123 65 55", "12")
        .replace('"https://www.test.nl"}', '"www.test.nl"}')
    )
    found = with_national(data_copy, text)
    assert [line for line, _ in found] == [10, 12, 13]


def test_load_files_raises_with_all_problems_and_loads_nothing(data_copy):
    write(
        data_copy,
        "national/zz-test.yml",
        NATIONAL_OK.replace("themes: [digid]", "themes: [x]").replace("088 123 65 55", "12"),
    )
    with pytest.raises(DataError) as error:
        load_files(data_copy)
    assert len(error.value.problems) == 2
    assert "national/zz-test.yml:10" in str(error.value)


def test_an_alias_must_point_to_one_organisation(data_copy):
    found = with_national(
        data_copy,
        NATIONAL_OK.replace(
            "    kind: public_service\n", "    kind: public_service\n    aliases: [UWV]\n"
        ),
    )
    assert any("naam of alias 'uwv' hoort ook bij organisatie" in m for _, m in found)
