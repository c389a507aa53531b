#!/usr/bin/env python3
"""The offline half of the dependency audit: known vulnerabilities of the pinned packages,
from a snapshot of the PyPA advisory database (https://github.com/pypa/advisory-database,
CC-BY 4.0), kept in requirements/advisories.json.

    python scripts/advisories.py update <advisory-database checkout> [--commit C --date D]
    python scripts/advisories.py audit [--lock requirements/lock.txt]

`audit` is what scripts/audit.sh runs when the online database (PyPI's JSON API, for
pip-audit) cannot be reached, as on these build machines. It says which snapshot it used
and how old it is; findings not accepted in requirements/audit-accepted.txt fail it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "requirements" / "advisories.json"
ACCEPTED = ROOT / "requirements" / "audit-accepted.txt"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s\\;]+)")


def pins(lock: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            found[canonicalize_name(match.group(1))] = match.group(3)
    return found


def update(checkout: Path, commit: str, snapshot_date: str) -> int:
    wanted = set(pins(ROOT / "requirements" / "lock.txt"))
    advisories = []
    for folder in sorted((checkout / "vulns").iterdir()):
        if canonicalize_name(folder.name) not in wanted:
            continue
        for path in sorted(folder.glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            advisories.append(
                {
                    "id": data["id"],
                    "aliases": data.get("aliases") or [],
                    "details": " ".join(str(data.get("details") or "").split())[:300],
                    "affected": [
                        {
                            "package": canonicalize_name(a["package"]["name"]),
                            "ranges": [
                                r for r in a.get("ranges") or [] if r.get("type") == "ECOSYSTEM"
                            ],
                            "versions": a.get("versions") or [],
                        }
                        for a in data.get("affected") or []
                    ],
                }
            )
    SNAPSHOT.write_text(
        json.dumps(
            {
                "source": "https://github.com/pypa/advisory-database (CC-BY 4.0)",
                "commit": commit,
                "date": snapshot_date,
                "advisories": advisories,
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(advisories)} advisories for the pinned packages written to {SNAPSHOT}")
    return 0


def affected(version: str, entry: dict[str, Any]) -> bool:
    if version in entry["versions"]:
        return True
    try:
        current = Version(version)
    except InvalidVersion:
        return False
    for spec in entry["ranges"]:
        start = None
        for event in spec.get("events", []):
            if "introduced" in event:
                start = Version("0") if event["introduced"] == "0" else Version(event["introduced"])
            elif "fixed" in event and start is not None:
                if start <= current < Version(event["fixed"]):
                    return True
                start = None
            elif "last_affected" in event and start is not None:
                if start <= current <= Version(event["last_affected"]):
                    return True
                start = None
        if start is not None and current >= start:
            return True
    return False


def accepted_ids() -> set[str]:
    ids = set()
    for line in ACCEPTED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            ids.add(line.split()[0])
    return ids


def audit(lock: Path) -> int:
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    pinned = pins(lock)
    accepted = accepted_ids()
    findings: list[tuple[str, str, dict[str, Any]]] = []
    known: list[tuple[str, str, dict[str, Any]]] = []
    for advisory in snapshot["advisories"]:
        for entry in advisory["affected"]:
            version = pinned.get(entry["package"])
            if version and affected(version, entry):
                ids = {advisory["id"], *advisory["aliases"]}
                (known if ids & accepted else findings).append(
                    (entry["package"], version, advisory)
                )
    age = (date.today() - date.fromisoformat(snapshot["date"])).days
    print(
        f"[audit] offline: {len(pinned)} pinned packages against the PyPA advisory database "
        f"of {snapshot['date']} (commit {snapshot['commit'][:10]}, {age} days old; "
        f"{len(snapshot['advisories'])} advisories for these packages)"
    )
    for package, version, advisory in known:
        print(f"[audit] accepted: {package} {version} {advisory['id']}")
    for package, version, advisory in findings:
        print(
            f"[audit] FINDING: {package} {version} {advisory['id']} {advisory['aliases']}: "
            f"{advisory['details'][:160]}"
        )
    if findings:
        print(
            f"[audit] {len(findings)} finding(s) not accepted: fix the pin, or accept each one "
            "with its reason in requirements/audit-accepted.txt"
        )
        return 1
    print("[audit] no finding that is not accepted (as far as this snapshot knows)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("update")
    up.add_argument("checkout", type=Path)
    up.add_argument("--commit", required=True)
    up.add_argument("--date", required=True, help="YYYY-MM-DD of the snapshot's commit")
    run = sub.add_parser("audit")
    run.add_argument("--lock", type=Path, default=ROOT / "requirements" / "lock.txt")
    args = parser.parse_args()
    if args.command == "update":
        return update(args.checkout, args.commit, args.date)
    return audit(args.lock)


if __name__ == "__main__":
    sys.exit(main())
