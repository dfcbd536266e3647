"""The URL × role table's vocabulary: persona groups and the expected answers each app's rows are written in.

Each app declares its rows in ``chiso/<app>/tests/url_roles.py`` (``ROWS``: URL name → (object key, {persona:
status})) and builds the objects its URLs need (``objects(world, built)``); ``tests/test_url_roles.py`` collects
them and walks every URL as every persona.
"""

from conftest import PERSONAS

ANON = "anonymous"
ADMIN = "admin_user"
OFFICIALS = [p for p in PERSONAS if p not in (ANON, ADMIN)]
COORDINATORS = ["province_coordinator", "district_coordinator", "other_province_officer"]
# Personas whose subtree contains phường Bạch Sam (the home of the objects below).
IN_BACH_SAM_SCOPE = [p for p in OFFICIALS if p != "other_province_officer"]


def row(default, **overrides):
    table = dict.fromkeys(PERSONAS, default)
    for persona, status in overrides.items():
        table[persona] = status
    return table


def public(status=200):
    return row(status)


def login_required(status=200, anon=302):
    return row(status, anonymous=anon)


def admin_only(anon=302):
    return row(403, anonymous=anon, admin_user=200)


def in_scope(anon=302, outside=404):
    table = row(outside, anonymous=anon, admin_user=200)
    for p in IN_BACH_SAM_SCOPE:
        table[p] = 200
    return table


# Coordinators whose subtree holds Bạch Sam may change its records; the other province's gets a 404.
# History names officials and shows every field: never anonymous, even for a public record. A public record's
# history is for the officials of its unit and above; reference data's for any official.
HISTORY_IN_SCOPE = in_scope()
HISTORY_OF_REFERENCE = login_required()

COORDINATE_IN_SCOPE = {
    **admin_only(),
    "province_coordinator": 200,
    "district_coordinator": 200,
    "other_province_officer": 404,
}
