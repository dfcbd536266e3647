"""The API reference rows of the surveys app (collected by ``tests/test_api_references.py``)."""

EXEMPT = {
    ("survey-responses", "post"): "anyone may answer any open survey with its point's public link code (by design)",
}
CASES = {}
