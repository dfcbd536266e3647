"""What every inspection page shares: the form page, the one-service form and button, the record look-ups."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from chiso.core.permissions import policy
from chiso.core.views import _attach_errors

from .. import services
from ..models import Inspection, Remedy

S = Inspection.Status


def _form_page(request, form, *, heading, button, cancel, intro="", obj=None, status=200, multipart=False):
    return render(
        request,
        "inspections/form.html",
        {
            "form": form,
            "heading": heading,
            "button": button,
            "cancel_url": cancel,
            "intro": intro,
            "object": obj,
            "multipart": multipart,
        },
        status=status,
    )


def _run(request, form, run, **page):
    """Call the service with the valid form's data; on a refusal show the form again with what was typed."""
    try:
        return run(form.cleaned_data), None
    except ValidationError as exc:
        _attach_errors(form, exc)
        return None, _form_page(request, form, status=400, **page)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You are not allowed to make this change."))
        return None, _form_page(request, form, status=403, **page)


def _act(request, form, run, success, redirect_to=None, **page):
    """A form that runs one service: on a valid POST call it, flash ``success`` and go to ``redirect_to`` (either
    may be a function of what the service returned); a refusal or an invalid form shows the form again with what
    was typed. A form about one record (``obj=``) goes back to its page, on success as on cancel, unless told."""
    if page.get("obj") is not None:
        page.setdefault("cancel", page["obj"].get_absolute_url())
        redirect_to = redirect_to or page["obj"].get_absolute_url()
    if request.method == "POST" and form.is_valid():
        done, refused = _run(request, form, run, **page)
        if refused:
            return refused
        messages.success(request, success(done) if callable(success) else success)
        return HttpResponseRedirect(redirect_to(done) if callable(redirect_to) else redirect_to)
    return _form_page(request, form, status=400 if request.method == "POST" else 200, **page)


def _press(request, run, success, redirect_to):
    """A button (a POST without a form page) that runs one service: flash ``success`` or the refusal, then go back
    to ``redirect_to``."""
    try:
        run()
        messages.success(request, success)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(
            request, " ".join(getattr(exc, "messages", [str(exc)])) or _("You are not allowed to make this change.")
        )
    return HttpResponseRedirect(redirect_to)


def _inspection(request, pk, action="view"):
    rows = Inspection.objects.select_related(
        "unit", "inspected_unit", "inspected_agency", "lead_agency", "theme", "plan", "previous", "approved_by"
    )
    return get_object_or_404(policy.scope(request.user, action, rows), pk=pk)


def _remedy(request, pk, action):
    rows = Remedy.objects.select_related("finding__inspection", "agency")
    return get_object_or_404(policy.scope(request.user, action, rows), pk=pk)


def _conductor(request, inspection):
    """The conduct pages refuse, already on GET, whoever the service would refuse (a supervisor on an inspection,
    an inspector on a supervision visit)."""
    services.require_role_for_kind(request.user, inspection)
