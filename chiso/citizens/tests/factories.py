import datetime as dt

import factory

from chiso.citizens import services
from chiso.citizens.models import Dialogue, Feedback, FeedbackCategory, ReceptionSession


def category(code="thu-tuc-hanh-chinh"):
    """A default category. They come with the app's data migration; a transactional test flushes them, so they are
    put back from the migration's own list when missing."""
    if not FeedbackCategory.objects.filter(code=code).exists():
        ensure_default_categories()
    return FeedbackCategory.objects.get(code=code)


def ensure_default_categories():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("chiso.citizens.migrations.0002_default_categories")
    migration.create(apps, None)


def submitted(unit, *, subject="Hỏi", text="…", **values):
    """An item a citizen sends to `unit`, through the service (deadlines, routing, audit and mail as in life); the
    usual category unless `category` is given. `values`: the other keyword arguments of submit_feedback."""
    if "category" not in values:
        values["category"] = category()
    return services.submit_feedback(unit=unit, subject=subject, text=text, **values)


def contact(name="Nguyễn Văn Bình", phone="0912345678", **more):
    """The contact details a citizen leaves with their consent, as keyword arguments of submit_feedback."""
    return {"contact_name": name, "contact_phone": phone, "contact_consent": True, **more}


def add_commitment(dialogue, actor, plan, agency, *, text="Nạo vét kênh tiêu trước mùa mưa", due_on=None):
    """A commitment made at `dialogue`, becoming a task of `plan` led by `agency` (due 30/06/2025 by default)."""
    due_on = due_on or dt.date(2025, 6, 30)
    return services.add_dialogue_commitment(dialogue, actor=actor, text=text, plan=plan, agency=agency, due_on=due_on)


class FeedbackFactory(factory.django.DjangoModelFactory):
    """A stored item, bypassing the service (for reads and permissions); use services.submit_feedback otherwise."""

    class Meta:
        model = Feedback

    tracking_code = factory.Sequence(lambda n: f"PA-TEST-{n:04d}")
    category = factory.LazyFunction(category)
    subject = factory.Sequence(lambda n: f"Đèn đường tổ dân phố số {n} bị hỏng")
    text = "Đèn đường hỏng đã hai tuần, buổi tối đi lại rất nguy hiểm."
    contact_name = "Nguyễn Văn Bình"
    contact_phone = "0912345678"
    contact_consent = True
    received_on = dt.date(2025, 3, 3)
    acknowledge_due_on = dt.date(2025, 3, 6)
    answer_due_on = dt.date(2025, 3, 17)


class ReceptionSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceptionSession

    leader_name = "Nguyễn Văn An"
    leader_title = "Chủ tịch UBND phường"
    date = dt.date(2025, 3, 10)
    place = "Trụ sở UBND phường"


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dialogue

    title = "Đối thoại về công tác giải phóng mặt bằng"
    date = dt.date(2025, 4, 15)
    place = "Nhà văn hóa khu phố"
    chair = "Chủ tịch UBND phường"
