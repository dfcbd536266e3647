"""Reads of surveys and responses."""

from django.db import models
from django.db.models import Q

from chiso.core.permissions import policy


class SurveyQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        return policy.scope(user, action, self)

    def for_unit(self, unit):
        return self.filter(unit=unit)

    def open_on(self, day):
        """Open for answers on ``day``."""
        return self.filter(status="open").filter(
            Q(opens_on__isnull=True) | Q(opens_on__lte=day), Q(closes_on__isnull=True) | Q(closes_on__gte=day)
        )

    def published(self):
        """Surveys whose results are on the portal."""
        return self.filter(results_public=True).exclude(status="draft")


class ResponseQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        return policy.scope(user, action, self)
