import factory

from chiso.units.models import AdministrativeUnit, Agency


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("era", "code")

    era = AdministrativeUnit.Era.LEGACY
    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    level = AdministrativeUnit.Level.PROVINCE


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("unit", "name")

    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    kind = Agency.Kind.OFFICE
    unit = factory.SubFactory(UnitFactory)
