"""The surveys section of a unit's public portal page (``chiso.citizens.extensions``): the surveys open today at
the unit's collection points, with their link and QR code, and the results the unit's surveys publish."""

from .models import CollectionPoint, Survey


def section_context(unit, today):
    points = list(
        CollectionPoint.objects.filter(unit=unit, survey__in=Survey.objects.open_on(today))
        .select_related("survey", "unit")
        .order_by("survey__title", "name")
    )
    published = list(Survey.objects.published().filter(unit=unit).order_by("-created_at")[:5])
    if not points and not published:
        return None
    return {"points": points, "published": published}
