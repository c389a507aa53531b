#!/usr/bin/env bash
# The dependency audit: pip-audit, from its own virtual environment (.venv-audit, locked
# in requirements/audit-lock.txt), against every pinned runtime package of
# requirements/lock.txt (hashes required, no resolving, nothing installed).
#   scripts/audit.sh --install   make the audit venv (setup time: the registry is needed)
#   scripts/audit.sh             run the audit (the test command does)
# Accepted findings are listed, each with its reason, in requirements/audit-accepted.txt.
# Exit 0: every package was checked and nothing unaccepted was found. Exit 1: findings.
# When the online database cannot be reached (PyPI's JSON API: these build machines reach
# the package index only), the audit runs offline against the PyPA advisory database
# snapshot in requirements/advisories.json (scripts/advisories.py), and says so and how
# old the snapshot is. Exit 2: neither could run.
set -euo pipefail
cd "$(dirname "$0")/.."

AUDIT_VENV=.venv-audit
say() { printf '[audit] %s\n' "$*"; }

install() {
  local want; want="$(sha256sum requirements/audit-lock.txt | cut -d' ' -f1)"
  if [ -x "$AUDIT_VENV/bin/pip-audit" ] && [ "$(cat "$AUDIT_VENV/.lock" 2>/dev/null)" = "$want" ]; then
    return
  fi
  say "making the audit environment ($AUDIT_VENV)"
  rm -rf "$AUDIT_VENV"
  .venv/bin/uv venv --quiet --python .venv/bin/python "$AUDIT_VENV"
  .venv/bin/uv pip sync --quiet --python "$AUDIT_VENV/bin/python" --require-hashes requirements/audit-lock.txt
  echo "$want" > "$AUDIT_VENV/.lock"
}

if [ "${1:-}" = "--install" ]; then install; exit 0; fi
[ -x "$AUDIT_VENV/bin/pip-audit" ] || {
  say "ERROR: no audit environment: run 'make setup-dev' (scripts/audit.sh --install) first"
  exit 2
}

mkdir -p var/audit
report=var/audit/report.json
ignores=()
while read -r id _; do
  [ -n "$id" ] && ignores+=(--ignore-vuln "$id")
done < <(grep -Ev '^\s*(#|$)' requirements/audit-accepted.txt || true)

set +e
"$AUDIT_VENV/bin/pip-audit" -r requirements/lock.txt --require-hashes --disable-pip \
  --vulnerability-service pypi --progress-spinner off --format json --output "$report" \
  "${ignores[@]}" > var/audit/pip-audit.log 2>&1
status=$?
set -e

set +e
"$AUDIT_VENV/bin/python" - "$report" "$status" <<'PY'
import json, sys
path, status = sys.argv[1], int(sys.argv[2])
try:
    report = json.load(open(path, encoding="utf-8"))
except (OSError, ValueError):
    print("[audit] ERROR: pip-audit produced no report (see var/audit/pip-audit.log):")
    print(open("var/audit/pip-audit.log", encoding="utf-8", errors="replace").read()[-2000:])
    sys.exit(2)
deps = report.get("dependencies", [])
skipped = [d for d in deps if d.get("skip_reason")]
found = [(d["name"], d["version"], v) for d in deps for v in d.get("vulns", [])]
if not deps or skipped:
    print(
        f"[audit] ERROR: the vulnerability database (PyPI's JSON API, "
        f"https://pypi.org/pypi/<name>/<version>/json) could not be reached or did not know "
        f"{len(skipped)} of {len(deps)} pinned packages, e.g. "
        f"{', '.join(d['name'] for d in skipped[:5])}."
    )
    print("[audit] Nothing was audited, so this is not a pass. Run it where PyPI's JSON API")
    print("[audit] answers (scripts/audit.sh), or fix the network, then run the tests again.")
    sys.exit(2)
for name, version, vuln in found:
    fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
    print(f"[audit] {name} {version}: {vuln['id']} ({fixes}) {vuln.get('description', '')[:160]}")
if found:
    print(f"[audit] {len(found)} finding(s) not accepted: fix the pin, or accept each one with")
    print("[audit] its reason in requirements/audit-accepted.txt")
    sys.exit(1)
print(f"[audit] {len(deps)} pinned packages checked: no finding that is not accepted")
sys.exit(0 if status in (0, 1) else 2)
PY
online=$?
set -e
if [ "$online" -eq 2 ]; then
  say "the online database could not be reached: auditing against the offline snapshot"
  exec .venv/bin/python scripts/advisories.py audit
fi
exit "$online"
