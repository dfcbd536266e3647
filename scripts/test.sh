#!/usr/bin/env bash
# Second README command: install with test extras, make sure Chromium is there, run the whole suite.
# DATABASE_URL=postgres://… runs it on PostgreSQL instead of SQLite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh test
# Debian packages the tests use: Chromium (browser tests), LibreOffice and poppler (PDF of plans), Tesseract with
# its Vietnamese model (scanned plans), fonts with every Vietnamese letter, npm (axe-core for the accessibility checks).
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v libreoffice >/dev/null || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v tesseract >/dev/null || need+=(tesseract-ocr)
dpkg -s tesseract-ocr-vie >/dev/null 2>&1 || need+=(tesseract-ocr-vie)
dpkg -s fonts-liberation2 >/dev/null 2>&1 || need+=(fonts-liberation2)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${need[*]} for the tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
fi
# axe-core (package.json, pinned in package-lock.json): the browser tests check every page against WCAG 2 A/AA.
[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --silent
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache | tail -n 4  # the layers (pyproject.toml)
export DJANGO_ALLOW_ASYNC_UNSAFE=true
# One test process per core (pytest-xdist; CHISO_TEST_WORKERS=0 runs in this process). Outside CI, a PostgreSQL
# test database is kept between runs (--reuse-db; --create-db rebuilds it after a migration).
workers=${CHISO_TEST_WORKERS:-auto}
args=()
[ "$workers" = 0 ] || args+=(-n "$workers")
if [ -n "${DATABASE_URL:-}" ] && [ "${CI:-}" != true ]; then args+=(--reuse-db); fi
set +e
.venv/bin/pytest "${args[@]}" "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  echo "pytest collected no tests: that is a failure." >&2
  exit 1
fi
exit "$status"
