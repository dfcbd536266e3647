"""Who may do what with loaded years of PAPI results.

The policy's rules for this app's models; the engine is ``chiso.core.permissions``.
"""

from chiso.core.permissions import REFERENCE, register

from .models import PublishedGroups, ResultsRelease

# Who loaded which year of results: public like the scores; only administrators load a year.
# The published groups are reference data: public, edited by administrators.
register(
    REFERENCE,
    ResultsRelease,
    PublishedGroups,
)
