"""XLSForm ``relevant`` conditions: the common subset that ODK/Kobo forms use, parsed and evaluated here.

``${q1} = '1'``, ``${age} >= 18``, ``selected(${services}, 'land')``, ``count-selected(${x}) > 1``, ``not(...)``,
``and`` / ``or`` and parentheses. A condition outside this subset is refused when the form is saved or imported
(with the row and what is wrong), so a question is never asked — or skipped — by a condition nobody can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

TOKEN = re.compile(
    r"\s*(?:(?P<ref>\$\{[A-Za-z_][A-Za-z0-9_]*\})|(?P<num>-?\d+(?:\.\d+)?)|(?P<str>'[^']*'|\"[^\"]*\")"
    r"|(?P<op><=|>=|!=|=|<|>)|(?P<punct>[(),])|(?P<word>[A-Za-z][A-Za-z-]*))"
)


class RelevantError(ValueError):
    """The condition cannot be read; the message says where."""


@dataclass
class _Tok:
    kind: str
    value: str
    pos: int


def _tokens(text: str) -> list[_Tok]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise RelevantError(_("Cannot read the condition from “%(rest)s”.") % {"rest": text[pos:].strip()[:30]})
        kind = m.lastgroup
        out.append(_Tok(kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text):
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self, kind=None, value=None):
        if self.i >= len(self.tokens):
            return None
        tok = self.tokens[self.i]
        if (kind and tok.kind != kind) or (value and tok.value != value):
            return None
        return tok

    def take(self, kind=None, value=None):
        tok = self.peek(kind, value)
        if tok is None:
            found = self.tokens[self.i].value if self.i < len(self.tokens) else _("the end")
            raise RelevantError(_("Unexpected “%(found)s” in the condition.") % {"found": found})
        self.i += 1
        return tok

    def parse(self):
        node = self.or_expr()
        if self.i != len(self.tokens):
            raise RelevantError(_("Unexpected “%(found)s” in the condition.") % {"found": self.tokens[self.i].value})
        return node

    def or_expr(self):
        return self._chain("or", self.and_expr)

    def and_expr(self):
        return self._chain("and", self.comparison)

    def _chain(self, word, operand):
        """``operand (word operand)*``, grouped from the left: ``a or b or c`` is ``(or, (or, a, b), c)``."""
        node = operand()
        while self.peek("word", word):
            self.take()
            node = (word, node, operand())
        return node

    def comparison(self):
        left = self.term()
        op = self.peek("op")
        if op:
            self.take()
            return ("cmp", op.value, left, self.term())
        return left

    def term(self):
        tok = self.peek()
        if tok is None:
            raise RelevantError(_("The condition ends too early."))
        if tok.kind == "ref":
            self.take()
            return ("ref", tok.value[2:-1])
        if tok.kind == "num":
            self.take()
            return ("lit", float(tok.value))
        if tok.kind == "str":
            self.take()
            return ("lit", tok.value[1:-1])
        if tok.kind == "punct" and tok.value == "(":
            self.take()
            node = self.or_expr()
            self.take("punct", ")")
            return node
        if tok.kind == "word" and tok.value in ("selected", "count-selected", "not"):
            self.take()
            self.take("punct", "(")
            if tok.value == "not":
                node = ("not", self.or_expr())
            elif tok.value == "count-selected":
                node = ("count", self.take("ref").value[2:-1])
            else:
                ref = self.take("ref").value[2:-1]
                self.take("punct", ",")
                value = self.take("str").value[1:-1]
                node = ("selected", ref, value)
            self.take("punct", ")")
            return node
        raise RelevantError(_("Unexpected “%(found)s” in the condition.") % {"found": tok.value})


def parse(text: str):
    """The condition's tree; ``RelevantError`` when it cannot be read."""
    return _Parser(text).parse()


def references(node) -> set[str]:
    if node[0] == "ref":
        return {node[1]}
    if node[0] in ("count",):
        return {node[1]}
    if node[0] == "selected":
        return {node[1]}
    found = set()
    for child in node[1:]:
        if isinstance(child, tuple):
            found |= references(child)
    return found


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _value(node, answers):
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "ref":
        value = answers.get(node[1])
        return " ".join(value) if isinstance(value, list) else ("" if value is None else value)
    if kind == "count":
        value = answers.get(node[1]) or []
        return float(len(value if isinstance(value, list) else str(value).split()))
    return evaluate(node, answers)


def evaluate(node, answers: dict) -> bool:
    kind = node[0]
    if kind == "or":
        return evaluate(node[1], answers) or evaluate(node[2], answers)
    if kind == "and":
        return evaluate(node[1], answers) and evaluate(node[2], answers)
    if kind == "not":
        return not evaluate(node[1], answers)
    if kind == "selected":
        value = answers.get(node[1]) or []
        chosen = value if isinstance(value, list) else str(value).split()
        return node[2] in [str(v) for v in chosen]
    if kind == "cmp":
        op, left, right = node[1], _value(node[2], answers), _value(node[3], answers)
        if left == "" or right == "":
            return op == "!=" and left != right if op in ("=", "!=") else False
        a, b = _number(left), _number(right)
        if a is None or b is None:
            a, b = str(left), str(right)
        return {
            "=": a == b,
            "!=": a != b,
            "<": a < b,
            "<=": a <= b,
            ">": a > b,
            ">=": a >= b,
        }[op]
    return bool(_value(node, answers))


def is_relevant(text: str, answers: dict) -> bool:
    """True when the question is to be asked (no condition, or the condition holds)."""
    if not text:
        return True
    return evaluate(parse(text), answers)
