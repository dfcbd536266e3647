"""The API reference rows of the accounts app (collected by ``tests/test_api_references.py``)."""

EXEMPT = {
    ("api-token", "post"): "signs in with a username and password; names no record",
    ("api-token-rotate", "post"): "replaces the caller's own token; names no record",
}
