"""Messages in Vietnamese with English beside them: the row-by-row reports of the .xlsx imports (issue 14) are read by
officials and by the people who prepared the file, who may work from an English template."""

from __future__ import annotations

from django.utils import translation


class Message(str):
    """A message as "Vietnamese / English" (one string, so it can be joined, compared and searched), with ``vi`` and
    ``en`` for a page that shows the English one aside."""

    vi: str
    en: str

    def __new__(cls, vi: str, en: str):
        obj = super().__new__(cls, vi if vi == en else f"{vi} / {en}")
        obj.vi, obj.en = vi, en
        return obj

    def as_dict(self) -> dict:
        return {"vi": self.vi, "en": self.en}


def message(text, params: dict | None = None) -> Message:
    """``text`` (a lazy translation with ``%(name)s`` placeholders) in Vietnamese and in English."""
    out = {}
    for language in ("vi", "en"):
        with translation.override(language):
            out[language] = str(text) % params if params else str(text)
    return Message(out["vi"], out["en"])
