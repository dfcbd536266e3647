"""Who may do what with the PAPI framework and published scores.

The policy's rules for this app's models; the engine is ``chiso.core.permissions``.
"""

from chiso.core.permissions import REFERENCE, register

from .models import Dimension, Index, Indicator, Score, SubDimension

register(
    REFERENCE,
    Index,
)

register(
    REFERENCE,
    Dimension,
)

register(
    REFERENCE,
    SubDimension,
)

register(
    REFERENCE,
    Indicator,
)

register(
    REFERENCE,
    Score,
)
