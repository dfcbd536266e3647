#!/usr/bin/env bash
# First README command: install, migrate, load reference and demo data, print the logins, serve (port 8000,
# or CHISO_PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=chiso.settings
.venv/bin/chiso migrate --noinput -v0
.venv/bin/chiso load-reference
.venv/bin/chiso load-demo
echo
port=${CHISO_PORT:-8000}
echo "Chỉ Số: http://127.0.0.1:${port}/   (Ctrl+C để dừng / to stop)"
.venv/bin/chiso load-demo --print-logins
exec .venv/bin/chiso serve "127.0.0.1:${port}"
