"""python -m knowledge: validate, stale, import-csv, export, load.

    python -m knowledge validate [DIR]
    python -m knowledge stale [--days 365] [--data DIR] [--examples]
    python -m knowledge import-csv FILE --gemeente SLUG [--data DIR] [--dry-run]
    python -m knowledge export --format yaml --output DIR [--data DIR]
    python -m knowledge export --format csv --gemeente SLUG [--output FILE] [--data DIR]
    python -m knowledge load --database-url URL [--data DIR]

Exit status 0 on success, 1 when the data has problems, 2 on wrong use.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from knowledge.documents import Problem
from knowledge.load import DEFAULT_DATA_DIR, DataError, validate


def _problems(problems: Sequence[Problem]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} probleem/problemen gevonden; er is niets geladen.", file=sys.stderr)
    return 1


def cmd_validate(args: argparse.Namespace) -> int:
    result = validate(Path(args.dir))
    if result.data is None:
        return _problems(result.problems)
    data = result.data
    services = sum(len(o.services) for o in data.organisations)
    print(
        f"In orde: {result.files} bestanden, {len(data.themes)} thema's, "
        f"{len(data.organisations)} organisaties, {services} diensten, "
        f"{len(data.gemeenten)} gemeenten ({', '.join(g.name for g in data.gemeenten)})."
    )
    return 0


def cmd_stale(args: argparse.Namespace) -> int:
    from knowledge.stale import stale_facts

    result = validate(Path(args.data))
    if result.data is None:
        return _problems(result.problems)
    found = stale_facts(result.data, args.days, include_examples=args.examples)
    for fact in found:
        print(fact)
    print(
        f"{len(found)} gegeven(s) om te controleren (niet gecontroleerd of ouder dan "
        f"{args.days} dagen)."
    )
    return 0


def cmd_import_csv(args: argparse.Namespace) -> int:
    from knowledge.csvio import csv_file_stem, import_csv
    from knowledge.documents import organisation_document
    from knowledge.yamlio import dump_yaml

    organisations, problems = import_csv(Path(args.file), Path(args.data), args.gemeente)
    if organisations is None:
        return _problems(problems)
    text = dump_yaml({"organisations": [organisation_document(o) for o in organisations]})
    target = Path(args.data) / "gemeenten" / args.gemeente / f"{csv_file_stem(Path(args.file))}.yml"
    if args.dry_run:
        sys.stdout.write(text)
        return 0
    target.write_text(text, encoding="utf-8")
    print(
        f"Geschreven: {target} ({len(organisations)} organisaties, "
        f"{sum(len(o.services) for o in organisations)} diensten)."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    result = validate(Path(args.data))
    if result.data is None:
        return _problems(result.problems)
    if args.format == "yaml":
        from knowledge.export import write_yaml

        if not args.output:
            print("export --format yaml heeft --output MAP nodig", file=sys.stderr)
            return 2
        written = write_yaml(result.data, Path(args.output))
        print(f"Geschreven: {len(written)} bestanden in {args.output}")
        return 0
    from knowledge.csvio import export_csv

    if not args.gemeente:
        print("export --format csv heeft --gemeente SLUG nodig", file=sys.stderr)
        return 2
    gemeente = next((g for g in result.data.gemeenten if g.slug == args.gemeente), None)
    if gemeente is None:
        print(f"onbekende gemeente '{args.gemeente}'", file=sys.stderr)
        return 2
    text, lost = export_csv(
        [o for o in result.data.organisations if o.gemeente_code == gemeente.code]
    )
    for warning in lost:
        print(f"let op: {warning}", file=sys.stderr)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from database import make_engine, session_factory, transaction
    from knowledge.load import sync_database

    engine = make_engine(args.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            data = sync_database(session, Path(args.data))
    except DataError as error:
        return _problems(error.problems)
    finally:
        engine.dispose()
    print(
        f"Geladen: {len(data.organisations)} organisaties, "
        f"{sum(len(o.services) for o in data.organisations)} diensten."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge", description="De gegevens van Wegwijzer: wie helpt waarmee."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    default = str(DEFAULT_DATA_DIR)

    p = sub.add_parser("validate", help="controleer de gegevensbestanden")
    p.add_argument("dir", nargs="?", default=default)
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("stale", help="gegevens die opnieuw gecontroleerd moeten worden")
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--data", default=default)
    p.add_argument("--examples", action="store_true", help="ook voorbeelddata tonen")
    p.set_defaults(run=cmd_stale)

    p = sub.add_parser("import-csv", help="lees een sociale kaart (CSV) in voor een gemeente")
    p.add_argument("file")
    p.add_argument("--gemeente", required=True, help="mapnaam in gemeenten/, bijv. voorbeeldstad")
    p.add_argument("--data", default=default)
    p.add_argument("--dry-run", action="store_true", help="toon de YAML, schrijf niets")
    p.set_defaults(run=cmd_import_csv)

    p = sub.add_parser("export", help="schrijf de gegevens als YAML of CSV")
    p.add_argument("--format", choices=("yaml", "csv"), required=True)
    p.add_argument("--output")
    p.add_argument("--gemeente")
    p.add_argument("--data", default=default)
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("load", help="laad de gecontroleerde bestanden in de database")
    p.add_argument("--database-url", required=True)
    p.add_argument("--data", default=default)
    p.set_defaults(run=cmd_load)

    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
