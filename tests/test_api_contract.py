"""Responses match the OpenAPI schema clients read at /api/v1/schema/: the five contract violations and the two
server errors that fuzzing found (``scripts/api_fuzz.py`` runs the fuzzer itself), each replayed here."""

import pytest
import requests
import schemathesis
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from chiso.indices.models import Dimension, Index
from chiso.plans.models import ProgressUpdate
from chiso.plans.tests.factories import PlanFactory, TaskFactory


@pytest.fixture
def api_schema(db):
    return schemathesis.openapi.from_dict(APIClient().get("/api/v1/schema/", {"format": "json"}).json())


@pytest.fixture
def api(province_coordinator):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=province_coordinator)[0].key}")
    return client


def assert_conforms(api_schema, template, response, **path_parameters):
    """The response is no server error and its body is what the schema says for its status."""
    method = response.request["REQUEST_METHOD"]
    case = api_schema[template][method].Case(path_parameters=path_parameters)
    prepared = requests.Request(method, "http://testserver" + response.request["PATH_INFO"]).prepare()
    case.validate_response(
        schemathesis.Response(
            status_code=response.status_code,
            headers={key.lower(): [value] for key, value in response.headers.items()},
            content=response.content,
            request=prepared,
            elapsed=0.0,
            verify=True,
        ),
        checks=[not_a_server_error, response_schema_conformance],
    )


def test_framework_is_an_object_with_the_dimensions(api_schema, api):
    papi = Index.objects.create(code="PAPI", name_vi="PAPI")
    Dimension.objects.create(index=papi, code="D1", order=1, name_vi="Tham gia của người dân ở cấp cơ sở")
    response = api.get("/api/v1/framework/")
    assert response.json()["dimensions"][0]["code"] == "D1"
    assert_conforms(api_schema, "/api/v1/framework/", response)


def test_task_table_and_updates_are_whole_lists(api_schema, api, world):
    plan = PlanFactory(unit=world.bach_sam)
    task = TaskFactory(plan=plan, lead=[world.vp_bach_sam])
    ProgressUpdate.objects.create(task=task, reported_on="2025-03-01", percent=10, description="Bắt đầu")
    response = api.get(f"/api/v1/plans/{plan.pk}/tasks/", {"page": 0, "page_size": 0})
    assert len(response.json()) == 1
    assert_conforms(api_schema, "/api/v1/plans/{id}/tasks/", response, id=plan.pk)
    response = api.get(f"/api/v1/tasks/{task.pk}/updates/")
    assert len(response.json()) == 1
    assert_conforms(api_schema, "/api/v1/tasks/{id}/updates/", response, id=task.pk)


def test_a_province_has_no_parent(api_schema, api, world):
    response = api.get(f"/api/v1/units/{world.hung_yen.pk}/")
    assert response.json()["parent"] is None
    assert_conforms(api_schema, "/api/v1/units/{id}/", response, id=world.hung_yen.pk)
    assert_conforms(api_schema, "/api/v1/units/", api.get("/api/v1/units/", {"valid_on": "2000-01-01"}))


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/public/feedback/"])
def test_a_body_that_is_not_an_object_is_a_400(api_schema, path, db):
    response = APIClient().post(path, [None, None], format="json")
    assert response.status_code == 400
    assert_conforms(api_schema, path, response)
