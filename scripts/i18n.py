#!/usr/bin/env python
"""Refresh the Vietnamese catalogue: extract strings, fill translations from locale/parts/*.po, compile.

Usage: .venv/bin/python scripts/i18n.py   (needs GNU gettext: apt-get install gettext)

locale/parts/*.po hold translations written alongside new code; the one catalogue is
locale/vi/LC_MESSAGES/django.po (what Django reads, compiled to django.mo).
"""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale/vi/LC_MESSAGES/django.po"


def main():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "chiso.settings"}
    chiso = [str(ROOT / ".venv/bin/chiso")]
    subprocess.run(
        [
            *chiso,
            "makemessages",
            "-l",
            "vi",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=bench",
            "--ignore=staticfiles",
            "--ignore=tests",
            "--ignore=scripts",
            "-v0",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    known = {}
    for part in sorted((ROOT / "locale/parts").glob("*.po")):
        for entry in polib.pofile(str(part)):
            if entry.msgstr or entry.msgstr_plural:
                known[(entry.msgctxt, entry.msgid)] = entry
    catalogue = polib.pofile(str(CATALOGUE))
    catalogue.metadata["Language"] = "vi"
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    missing = []
    for entry in catalogue:
        if "fuzzy" in entry.flags:
            # makemessages guessed from a similar string: never keep a guess.
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        source = known.get((entry.msgctxt, entry.msgid))
        if source is not None and not entry.msgstr and not any(entry.msgstr_plural.values()):
            if entry.msgid_plural:
                value = source.msgstr_plural.get(0) or source.msgstr
                entry.msgstr_plural = {0: value}
            else:
                entry.msgstr = source.msgstr or source.msgstr_plural.get(0, "")
        translated = entry.msgstr or (entry.msgid_plural and all(entry.msgstr_plural.values()))
        if not translated:
            missing.append(entry.msgid)
    catalogue.save(str(CATALOGUE))
    subprocess.run([*chiso, "compilemessages", "-l", "vi", "--ignore=.venv", "-v0"], cwd=ROOT, env=env, check=True)
    if missing:
        print(f"{len(missing)} strings still need a Vietnamese translation:", file=sys.stderr)
        for msgid in missing:
            print(f"  {msgid!r}", file=sys.stderr)
        return 1
    print(f"Catalogue complete: {len(catalogue)} strings.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
