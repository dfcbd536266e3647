#!/usr/bin/env bash
# The numbers of docs/development.md §6 ("Measured"): `duplicates` over the whole tree, then over copies of parts of
# it, so that what is left can be read by kind. Needs the `duplicates` command (not shipped with the project).
#
#   scripts/dupcount.sh [OUT]      (OUT: a scratch folder, default /tmp/chiso-dupcount; it is emptied first)
#
# Prints one line per part — the first line of `duplicates` on it — and leaves each part's full list (up to 200
# pairs) in OUT/<part>.out:
#   whole   the tree as git sees it (tracked and untracked-not-ignored files)
#   nomig   without */migrations/* (generated)
#   tests   only tests: */tests/*, tests/, conftest.py
#   prod    production code: no migrations, tests, bench/, demo data (chiso/demo/, */demo.py)
#   decl    of prod, the declaration modules (models, urls, permissions, events, apps, admin, filtersets,
#           serializers, url_roles, api_references, reference): fields, patterns and rules in the shape the
#           framework asks for
#   logic   of prod, every other .py
#   html    of prod, the templates
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-/tmp/chiso-dupcount}")
seconds=${DUPCOUNT_SECONDS:-300}
rm -rf "$out" && mkdir -p "$out"

files() { git ls-files -co --exclude-standard | while read -r f; do [ -f "$f" ] && echo "$f"; done; }
count() {  # count NAME DIR: duplicates in DIR, the list in $out/NAME.out, its first line printed
  (cd "$2" && duplicates --most 200 --seconds "$seconds" >"$out/$1.out" 2>&1)
  echo "$1: $(head -1 "$out/$1.out")"
}
copy() {  # copy NAME < list of files: a copy of those files in $out/NAME
  mkdir -p "$out/$1" && tar -cf - -T - | tar -xf - -C "$out/$1"
}

count whole .
files | grep -v '/migrations/' | copy nomig
count nomig "$out/nomig"
files | grep -e '/tests/' -e '^tests/' -e 'conftest.py' | copy tests
count tests "$out/tests"
files | grep -v -e '/migrations/' -e '/tests/' -e '^tests/' -e 'conftest.py' -e '^bench/' -e '^chiso/demo/' \
  -e '/demo.py$' | copy prod
decl='/(models|urls|permissions|events|apps|admin|filtersets|serializers|url_roles|api_references|reference)\.py$'
(cd "$out/prod" && find . -name '*.py' | sed 's|^\./||' | grep -E "$decl") | (cd "$out/prod" && copy decl)
(cd "$out/prod" && find . -name '*.py' | sed 's|^\./||' | grep -v -E "$decl") | (cd "$out/prod" && copy logic)
(cd "$out/prod" && find . -name '*.html' | sed 's|^\./||') | (cd "$out/prod" && copy html)
for part in prod decl logic html; do count "$part" "$out/$part"; done
