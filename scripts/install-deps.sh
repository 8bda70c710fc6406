#!/usr/bin/env bash
# Installs the Debian packages the portal and its tests need, only those missing (idempotent).
#   postgresql       server binaries for the embedded database (initdb, pg_ctl, postgres)
#   fonts-wqy-microhei  TrueType CJK font with Latin glyphs for PDF export
#   poppler-utils    pdftotext/pdftoppm, to check PDFs as text and pictures
#   chromium         the real browser for browser tests and screenshots
# and, with npm, axe-core for the accessibility tests (tests/BudgetPortal.Tests/Browser/npm).
set -euo pipefail
packages=(postgresql fonts-wqy-microhei poppler-utils chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# postgresql may come as a versioned package only (postgresql-15): the binaries are what count.
if [[ " ${missing[*]} " == *" postgresql "* ]] && ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  missing=("${missing[@]/postgresql}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# The Debian postgresql package starts its own cluster; the portal never uses it.

# axe-core for the accessibility browser tests, from the npm registry (package-lock.json pins it).
npm_dir="$(dirname "$0")/../tests/BudgetPortal.Tests/Browser/npm"
if [ ! -f "$npm_dir/node_modules/axe-core/axe.min.js" ]; then
  (cd "$npm_dir" && npm ci --no-audit --no-fund --silent)
fi
