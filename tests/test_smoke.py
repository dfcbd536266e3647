import pytest


@pytest.mark.django_db
def test_home_renders_in_vietnamese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()


def test_scope_limits_commune_officer_to_their_commune(world, commune_officer):
    from chiso.core.permissions import policy
    from chiso.units.models import Agency

    visible = set(policy.scope(commune_officer, "view", Agency.objects.all()).values_list("pk", flat=True))
    assert visible == {world.ubnd_bach_sam.pk, world.vp_bach_sam.pk}
