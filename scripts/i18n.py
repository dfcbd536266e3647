#!/usr/bin/env python
"""Refresh the Vietnamese catalogue: extract strings, fill translations from locale/parts/*.po, compile.

Usage: .venv/bin/python scripts/i18n.py   (needs GNU gettext: apt-get install gettext)

locale/parts/*.po hold translations written alongside new code; the project's catalogue is
locale/vi/LC_MESSAGES/django.po (what Django reads, compiled to django.mo).

An app may keep a catalogue of its own (chiso/<app>/locale/vi/LC_MESSAGES/django.po, its templates under
chiso/<app>/templates/<app>/): its strings go there, not into the project's catalogue, so a new app changes no
file outside itself for its translations. Translate in that file directly; a rerun keeps what is translated.
"""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale/vi/LC_MESSAGES/django.po"
MAKEMESSAGES = ["makemessages", "-l", "vi", "--no-obsolete", "--ignore=tests", "--ignore=migrations", "-v0"]


def app_catalogues() -> list[Path]:
    """The apps with a catalogue of their own (a ``locale`` folder inside the app)."""
    return sorted(path.parent for path in (ROOT / "chiso").glob("*/locale") if path.is_dir())


def app_main(app: Path, chiso: list[str], env: dict) -> list[str]:
    subprocess.run([*chiso, *MAKEMESSAGES], cwd=app, env=env, check=True)
    po = app / "locale/vi/LC_MESSAGES/django.po"
    catalogue = polib.pofile(str(po))
    catalogue.metadata_is_fuzzy = False
    catalogue.metadata.update({"Language": "vi", "Plural-Forms": "nplurals=1; plural=0;"})
    for entry in catalogue.fuzzy_entries():
        entry.flags.remove("fuzzy")
        entry.msgstr = ""
    catalogue.save(str(po))
    subprocess.run([*chiso, "compilemessages", "-l", "vi", "-v0"], cwd=app, env=env, check=True)
    return [entry.msgid for entry in catalogue.untranslated_entries()]


def main():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "chiso.settings"}
    chiso = [str(ROOT / ".venv/bin/chiso")]
    own = app_catalogues()
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
            *(f"--ignore=chiso/{app.name}/*" for app in own),
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
    ignore_own = [f"--ignore=chiso/{app.name}" for app in own]
    subprocess.run(
        [*chiso, "compilemessages", "-l", "vi", "--ignore=.venv", *ignore_own, "-v0"], cwd=ROOT, env=env, check=True
    )
    for app in own:
        missing += app_main(app, chiso, env)
    if missing:
        print(f"{len(missing)} strings still need a Vietnamese translation:", file=sys.stderr)
        for msgid in missing:
            print(f"  {msgid!r}", file=sys.stderr)
        return 1
    print(f"Catalogue complete: {len(catalogue)} strings.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
