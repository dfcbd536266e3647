import datetime as dt

import factory

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
