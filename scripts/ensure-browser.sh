#!/usr/bin/env bash
# The browser tests' tools, from the package registries only (nothing is downloaded at
# test time): Debian's chromium package (driven by Playwright's Python API through
# executable_path, so Playwright never downloads a browser of its own) and axe-core
# from the npm registry, pinned with its integrity hash in tests/browser/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[browser] %s\n' "$*"; }
die() { printf '[browser] ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "installing Debian packages needs root or sudo"
  SUDO="sudo"
fi
APT=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# Fonts with the Dutch letters, so screenshots show text and not boxes.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} (Debian packages)"
  $SUDO "${APT[@]}" update -qq
  $SUDO "${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
/usr/bin/chromium --version >/dev/null 2>&1 || die "/usr/bin/chromium does not start"

AXE=tests/browser/node_modules/axe-core/axe.min.js
want="$(sha256sum tests/browser/package-lock.json | cut -d' ' -f1)"
if [ ! -f "$AXE" ] || [ "$(cat tests/browser/node_modules/.wegwijzer-lock 2>/dev/null)" != "$want" ]; then
  say "installing axe-core (npm ci)"
  npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" > tests/browser/node_modules/.wegwijzer-lock
fi
say "chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), axe-core $(node -p "require('./tests/browser/node_modules/axe-core/package.json').version")"
