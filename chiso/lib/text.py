"""Vietnamese text helpers: NFC normalisation, diacritic folding for search, alphabetical sort keys.

Vietnamese text reaches us in both NFC (precomposed) and NFD (decomposed) forms — Word, PDF exports and
phones differ — so every input is normalised to NFC before it is stored or compared.
"""

import unicodedata

# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
# Tones are secondary: a base letter sorts before the same letter with any tone mark.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tone order used by dictionaries: level, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot (nặng).
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that change the letter itself (not the tone).
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)


def nfc(value):
    """Return ``value`` NFC-normalised with surrounding whitespace kept; non-strings pass through."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def clean_text(value):
    """NFC-normalise and collapse runs of whitespace (text pasted from PDF carries stray spaces)."""
    if not isinstance(value, str):
        return value
    return " ".join(nfc(value).split())


def fold(value: str) -> str:
    """Fold to lower-case ASCII for accent-insensitive matching: "Phường Bạch Sam" → "phuong bach sam".

    đ/Đ have no decomposition in Unicode, so they are mapped by hand.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def _letter_key(ch: str) -> tuple[int, int, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base, marks = decomposed[0], decomposed[1:]
    letter_marks = "".join(m for m in marks if m in _LETTER_MARKS)
    tone = next((m for m in marks if m in _TONE_RANK), "")
    letter = unicodedata.normalize("NFC", base + letter_marks) if letter_marks else base
    if ch.lower() == "đ":
        letter = "đ"
    if letter in _LETTER_RANK:
        return (0, _LETTER_RANK[letter], _TONE_RANK[tone])
    if base.isdigit():
        return (-1, ord(base), 0)
    return (1, ord(base), _TONE_RANK.get(tone, 0))


def vi_sort_key(value: str) -> tuple:
    """Sort key for Vietnamese alphabetical order (đ after d, ư after u; tones after the bare letter).

    Letters compare first, tones only break ties, as in Vietnamese dictionaries.
    """
    text = nfc(value or "").strip()
    letters = tuple(_letter_key(ch)[:2] for ch in text)
    tones = tuple(_letter_key(ch)[2] for ch in text)
    return (letters, tones)
