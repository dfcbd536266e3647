"""Personal data in text that is about to be published: Vietnamese phone numbers and e-mail addresses.

Used to warn (never to block) before an answer or a title goes public: an office's hotline may be meant, but a
citizen's own number must not be. Phone numbers are read as people write them: "0912345678", "0912 345 678",
"0912.345.678", "+84 912 345 678", "84912345678", "(024) 3825 1234". Dates ("01.02.2025"), amounts
("1.000.000 đồng") and document numbers ("05/2025/QĐ-UBND") are not numbers of a phone.
"""

import re
from dataclasses import dataclass

# A prefix (+84, 84, 0, or "(0" of an area code), then 8 to 10 digits, each after at most two separators.
_PHONE = re.compile(r"(?<![\w+.,/])(?:\+\s?84|84|\(0|0)(?:[ .\-)]{0,2}\d){8,10}(?![\w/])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])")


@dataclass(frozen=True)
class Finding:
    kind: str  # "phone" or "email"
    value: str  # as written in the text


def _is_phone(written: str) -> bool:
    digits = re.sub(r"\D", "", written)
    if digits.startswith("84") and not written.lstrip("(").startswith("0"):
        digits = "0" + digits[2:]
    # Mobile numbers are 0 + 9 digits (03x, 05x, 07x, 08x, 09x); landlines 0 + 10 digits starting 02x.
    return (len(digits) == 10 and digits[1] in "35789") or (len(digits) == 11 and digits[1] == "2")


def find(text: str) -> list[Finding]:
    """Phone numbers and e-mail addresses in ``text``, in order, each once."""
    found = []
    for match in _EMAIL.finditer(text or ""):
        found.append((match.start(), Finding("email", match.group())))
    for match in _PHONE.finditer(text or ""):
        written = match.group()
        if _is_phone(written):
            if written.startswith("(") and ")" not in written:  # "(0389 123 456)": the bracket is the text's
                written = written[1:]
            found.append((match.start(), Finding("phone", written.strip())))
    seen, result = set(), []
    for _start, finding in sorted(found, key=lambda pair: pair[0]):
        if finding not in seen:
            seen.add(finding)
            result.append(finding)
    return result


def find_in(**texts) -> list[Finding]:
    """Findings over several texts (``answer=…, subject=…``), each once."""
    result = []
    for text in texts.values():
        result += [f for f in find(text) if f not in result]
    return result
