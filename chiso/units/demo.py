"""What the demo loaders of the apps above build on (``chiso.demo.world``, ``<app>/demo.py``): the units app has no
demo records of its own, so this module has no ``load_demo``."""

from chiso.core.audit import record_created

from .models import Agency


def demo_agency(unit, name, kind, counts, *, parent_name=None, aliases=None):
    """The agency ``name`` of ``unit``; created when missing (under ``parent_name`` of the same unit, audited as
    created by nobody, counted in ``counts["agencies"]``), so that loading the demo again changes nothing."""
    agency = Agency.objects.filter(unit=unit, name=name).first()
    if agency is not None:
        return agency
    parent = Agency.objects.filter(unit=unit, name=parent_name).first() if parent_name else None
    agency = Agency(unit=unit, name=name, kind=kind, aliases=aliases or [], parent=parent)
    agency.full_clean()
    agency.save()
    record_created(agency, None)
    counts["agencies"] += 1
    return agency
