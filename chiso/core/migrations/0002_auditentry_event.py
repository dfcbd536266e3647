"""Audit entries carry an event code and data instead of a comment written in the actor's language.

The old comments were sentences in English or in Vietnamese (whatever the actor's interface was in). Each known
sentence is mapped back to its event, with the values it contained as data; a free-text comment (a reason typed
by a person) is recognised by the change of state it came with; anything else becomes the generic ``audit.note``
event keeping the old text as it was written.
"""

import re

from django.db import migrations, models

VERBS = {"create": "created", "update": "updated", "delete": "deleted"}

# (model, [sentences in English and in Vietnamese]) → event, for the sentences with no values in them.
EXACT = {
    ("plan", "Sent for approval"): "plan.submitted",
    ("plan", "Trình phê duyệt"): "plan.submitted",
    ("plan", "Issued"): "plan.issued",
    ("plan", "Đã ban hành"): "plan.issued",
    ("task", "Rolled up from the lower units' tasks"): "task.rolled_up",
    ("task", "Tổng hợp từ nhiệm vụ của đơn vị cấp dưới"): "task.rolled_up",
    ("task", "Imported"): "task.imported",
    ("task", "Nhập từ tệp"): "task.imported",
    ("agency", "Imported"): "agency.imported",
    ("agency", "Nhập từ tệp"): "agency.imported",
    ("agency", "Other name confirmed in a plan import"): "agency.alias_confirmed",
    ("agency", "Tên gọi khác được xác nhận khi nhập kế hoạch"): "agency.alias_confirmed",
    ("indicator", "Imported from .xlsx"): "indicator.imported",
    ("indicator", "Nhập từ tệp .xlsx"): "indicator.imported",
    ("period", "Opened"): "period.opened",
    ("period", "Mở kỳ báo cáo"): "period.opened",
    ("period", "Ad-hoc request"): "period.requested_ad_hoc",
    ("period", "Yêu cầu báo cáo đột xuất"): "period.requested_ad_hoc",
    ("submission", "Returned"): "submission.returned",
    ("submission", "Đã trả lại"): "submission.returned",
    ("submission", "Accepted"): "submission.accepted",
    ("submission", "Đã tiếp nhận"): "submission.accepted",
    ("consolidatedreport", "Rebuilt"): "consolidatedreport.rebuilt",
    ("consolidatedreport", "Đã tổng hợp lại"): "consolidatedreport.rebuilt",
    ("consolidatedreport", "Sent for approval"): "consolidatedreport.sent_for_approval",
    ("consolidatedreport", "Trình phê duyệt"): "consolidatedreport.sent_for_approval",
    ("consolidatedreport", "Approved"): "consolidatedreport.approved",
    ("consolidatedreport", "Đã phê duyệt"): "consolidatedreport.approved",
    ("consolidatedreport", "Sent to the upper level"): "consolidatedreport.sent_up",
    ("consolidatedreport", "Đã gửi cấp trên"): "consolidatedreport.sent_up",
    ("feedback", "Accepted"): "feedback.accepted",
    ("feedback", "Đã thụ lý"): "feedback.accepted",
    ("feedback", "Transferred"): "feedback.transferred",
    ("feedback", "Đã chuyển xử lý"): "feedback.transferred",
    ("feedback", "Answer sent for approval"): "feedback.answer_drafted",
    ("feedback", "Đã trình duyệt nội dung trả lời"): "feedback.answer_drafted",
    ("feedback", "Published"): "feedback.published",
    ("feedback", "Đã công khai"): "feedback.published",
    ("feedback", "Rated by the citizen"): "feedback.rated",
    ("feedback", "Người dân đã đánh giá"): "feedback.rated",
    ("feedback", "Confirmed resolved"): "feedback.resolved",
    ("feedback", "Người dân xác nhận đã giải quyết"): "feedback.resolved",
    ("feedback", "Closed without the citizen's confirmation"): "feedback.closed",
    ("feedback", "Kết thúc, người dân không phản hồi"): "feedback.closed",
}

# Sentences with values in them: (model, pattern) → (event, names of the groups).
PATTERNS = [
    ("plan", r"(?:Amendment|Điều chỉnh lần) (\d+): (.*)", "plan.amended", ("number", "reason")),
    ("plan", r"(?:Copied from|Sao chép từ) “(.*)”", "plan.copied", ("source",)),
    (
        "plan",
        r"(?:Created from the upper-level plan|Lập từ kế hoạch cấp trên) “(.*)”",
        "plan.created_from_parent",
        ("parent",),
    ),
    ("plan", r"(?:Imported|Đã nhập) (\d+) (?:tasks|nhiệm vụ)", "plan.tasks_imported", ("count",)),
    ("plan", r"(?:Imported from|Nhập từ tệp) (.*)", "plan.imported", ("file",)),
    (
        "task",
        r"(?:Drafted from the gap analysis of|Lập từ phân tích điểm yếu nội dung) (.*)",
        "task.drafted_from_gap",
        ("code",),
    ),
    ("submission", r"(Submitted|Đã gửi)( \(late\)| \(quá hạn\))?", "submission.submitted", ("_", "late")),
    ("feedback", r"(?:Answered with|Đã trả lời cùng phản ánh) (.*)", "feedback.answered_with", ("code",)),
    ("feedback", r"(?:Reopened|Xử lý lại): (.*)", "feedback.reopened", ("reason",)),
]


def _status(snapshot):
    return (snapshot or {}).get("status")


def _from_free_text(model, entry, text):
    """A reason typed by a person was stored as the whole comment: the change of state says which event it was."""
    before, after = entry.before or {}, entry.after or {}
    moves = {
        ("plan", "submitted", "draft"): ("plan.returned", "reason"),
        ("submission", "accepted", "superseded"): ("submission.reopened", "reason"),
        ("consolidatedreport", "awaiting", "draft"): ("consolidatedreport.returned", "reason"),
        ("feedback", "awaiting_approval", "accepted"): ("feedback.answer_returned", "reason"),
    }
    found = moves.get((model, _status(before), _status(after)))
    if found:
        return found[0], {found[1]: text}
    if model == "feedback" and before.get("agency") != after.get("agency") and after.get("agency") is not None:
        return "feedback.transferred", {"note": text, "agency": after.get("agency")}
    if entry.action == "create" and model == "submission":
        return "submission.corrected", {"reason": text, "number": after.get("number")}
    if entry.action == "create" and model == "task":
        return "task.committed", {"dialogue": text}
    return None


def event_of(model, entry):
    """(event, data) for one old entry."""
    text = (entry.comment or "").strip()
    if not text or text == "demo":
        return f"{model}.{VERBS[entry.action]}", {}
    if (model, text) in EXACT:
        return EXACT[(model, text)], {}
    for pattern_model, pattern, event, names in PATTERNS:
        match = re.fullmatch(pattern, text, flags=re.S) if pattern_model == model else None
        if match:
            data = {name: value for name, value in zip(names, match.groups()) if name != "_"}
            if "late" in data:
                data["late"] = bool(data["late"])
            if "number" in data:
                data["number"] = int(data["number"])
            if "count" in data:
                data["count"] = int(data["count"])
            return event, data
    return _from_free_text(model, entry, text) or ("audit.note", {"text": text})


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    models_by_id = dict(ContentType.objects.values_list("id", "model"))
    # Plain changes, in one statement per record type and action.
    for ct_id, model in models_by_id.items():
        for action, verb in VERBS.items():
            AuditEntry.objects.filter(content_type_id=ct_id, action=action, comment__in=["", "demo"]).update(
                event=f"{model}.{verb}"
            )
    batch = []
    for entry in (
        AuditEntry.objects.exclude(comment__in=["", "demo"])
        .only("id", "action", "content_type_id", "before", "after", "comment")
        .iterator(chunk_size=2000)
    ):
        entry.event, entry.data = event_of(models_by_id.get(entry.content_type_id, "record"), entry)
        batch.append(entry)
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_update(batch, ["event", "data"])
            batch = []
    AuditEntry.objects.bulk_update(batch, ["event", "data"])


def backwards(apps, schema_editor):
    """The comment back: a kept note as it was, a reason or a value as typed, else the event's code."""
    AuditEntry = apps.get_model("core", "AuditEntry")
    batch = []
    plain = (
        models.Q(event__endswith=".created")
        | models.Q(event__endswith=".updated")
        | models.Q(event__endswith=".deleted")
    )
    for entry in AuditEntry.objects.exclude(plain & models.Q(data={})).iterator(chunk_size=2000):
        values = [str(v) for v in (entry.data or {}).values() if v not in (None, "", True, False)]
        entry.comment = (values[-1] if values else entry.event)[:500]
        batch.append(entry)
    AuditEntry.objects.bulk_update(batch, ["comment"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="event",
            field=models.CharField(db_index=True, default="", max_length=64, verbose_name="event"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="data",
            field=models.JSONField(blank=True, default=dict, verbose_name="details"),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.RemoveField(model_name="auditentry", name="comment"),
    ]
