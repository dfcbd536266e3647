"""The work and time budget of one parse (an uploaded plan, task table or results sheet).

Parsers ``charge`` the characters each step examines. Outside a budget this is a no-op; inside one the meter
adds them up, which lets a test count the work a parser does (it must grow linearly with its input), and
checks a deadline now and then, so that no upload can hold a worker: over the deadline :class:`OverBudget`
is raised from inside the parser, and the caller stores nothing.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.translation import gettext as _

CHECK_EVERY = 256  # charges between two looks at the clock


class OverBudget(Exception):
    """The parse ran past its time budget."""

    def __init__(self, seconds):
        self.seconds = seconds
        super().__init__(
            _(
                "Reading the file took longer than %(seconds)s seconds and was stopped; nothing was saved. "
                "Check that the file is the plan's text, or split it into smaller files."
            )
            % {"seconds": seconds}
        )


class Meter:
    """Characters examined (``work``), charges made (``calls``) and the deadline of one parse."""

    __slots__ = ("work", "calls", "seconds", "deadline")

    def __init__(self, seconds: float | None = None):
        self.work = 0
        self.calls = 0
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds if seconds else None

    def charge(self, n: int) -> None:
        self.work += n + 1  # a step on an empty string still costs one
        self.calls += 1
        if self.deadline is not None and self.calls % CHECK_EVERY == 0:
            self.check()

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise OverBudget(self.seconds)


_meter: ContextVar[Meter | None] = ContextVar("chiso_parse_budget", default=None)


def charge(n: int = 0) -> None:
    """Count ``n`` characters examined by the running parse (nothing happens outside a budget)."""
    meter = _meter.get()
    if meter is not None:
        meter.charge(n)


@contextmanager
def budget(seconds: float | None = None):
    """Meter the parses run inside; with ``seconds``, stop them with :class:`OverBudget` past that time."""
    meter = Meter(seconds)
    token = _meter.set(meter)
    try:
        yield meter
    finally:
        _meter.reset(token)
