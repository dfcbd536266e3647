"""What the audit trail says happened to plans and tasks (see ``chiso.core.events``)."""

from django.utils.translation import gettext_lazy as _

from chiso.core.events import register

register("plan.submitted", _("Sent for approval"))
register("plan.returned", _("Returned to draft"), _("Returned to draft: %(reason)s"))
register("plan.issued", _("Issued"), _("Issued as No. %(code)s"))
register("plan.amended", _("Reopened for an amendment"), _("Amendment %(number)s: %(reason)s"))
register("plan.copied", _("Copied from another plan"), _("Copied from “%(source)s”"))
register(
    "plan.created_from_parent",
    _("Created from the upper-level plan"),
    _("Created from the upper-level plan “%(parent)s”"),
)
register("task.imported", _("Imported"))


def _pilots_changed(data):
    changes = [
        text % {"names": data[key]}
        for key, text in (("added", _("added %(names)s")), ("removed", _("removed %(names)s")))
        if data.get(key)
    ]
    return _("Pilot localities: %(changes)s") % {"changes": "; ".join(changes)} if changes else _("Pilot localities")


# A task's pilot localities, by name as they were then: edited on the task, or dropped with the plan's.
register("task.pilots_changed", _("Pilot localities"), _pilots_changed)
register(
    "task.pilots_pruned",
    _("Pilot localities removed with the plan's"),
    _("No longer a pilot locality of the plan, removed from the task: %(removed)s"),
)
register("task.progress_recorded", _("Progress recorded"))
register("task.rolled_up", _("Rolled up from the lower units' tasks"))
register(
    "plan.responsibilities_imported",
    _("Indicator responsibilities imported"),
    _("Indicator responsibilities imported: %(rows)s rows"),
)
