"""Reference data (administrative units, the PAPI framework, published scores) is loaded by the apps that own it.

Each app registers its loaders in its ``AppConfig.ready``; ``chiso load-reference`` runs them in ``order``, all
in one transaction. A loader returns ``{what: count}`` and raises ``ReferenceLoadError`` (or a subclass) with a
message for the operator when its data cannot be read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class ReferenceLoadError(Exception):
    """The reference data could not be loaded; the message says why, for the operator."""


@dataclass(frozen=True)
class Loader:
    label: str
    load: Callable[[], dict]
    order: int


_loaders: dict[str, Loader] = {}


def register(label: str, load: Callable[[], dict], order: int = 100) -> None:
    _loaders[label] = Loader(label, load, order)


def loaders() -> list[Loader]:
    return sorted(_loaders.values(), key=lambda loader: (loader.order, loader.label))
