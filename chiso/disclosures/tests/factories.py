import datetime as dt

import factory

from chiso.disclosures.models import DisclosureType, Duty


class DisclosureTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisclosureType

    code = factory.Sequence(lambda n: f"loai-{n}")
    name = factory.Sequence(lambda n: f"Nội dung công khai {n}")
    legal_basis = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"
    places = ["committee_office"]
    min_days = 30
    deadline_days = 2


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duty

    type = factory.SubFactory(DisclosureTypeFactory)
    label = "Kết luận thanh tra số 12/KL-TTr"
    trigger_on = dt.date(2025, 3, 5)
    due_on = dt.date(2025, 3, 20)
    places = factory.LazyAttribute(lambda o: list(o.type.places))
    min_days = factory.LazyAttribute(lambda o: o.type.min_days)
