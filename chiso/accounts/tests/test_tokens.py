"""API tokens expire (API_TOKEN_TTL) and can be rotated (issue 11: tokens never expired)."""

import datetime as dt

from django.test import override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conftest import PASSWORD

TOKEN = "/api/v1/auth/token/"
ROTATE = "/api/v1/auth/token/rotate/"


def with_token(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def obtain(username="commune_officer"):
    response = APIClient().post(TOKEN, {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()


def age(key, days):
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(days=days))


def test_a_token_says_when_it_expires(world, commune_officer):
    data = obtain()
    expires = dt.datetime.fromisoformat(data["expires"])
    assert dt.timedelta(days=29) < expires - timezone.now() <= dt.timedelta(days=30)


def test_an_expired_token_answers_401_with_a_clear_message(world, commune_officer):
    key = obtain()["token"]
    assert with_token(key).get("/api/v1/agencies/").status_code == 200
    age(key, 31)
    response = with_token(key).get("/api/v1/agencies/")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "token_expired"
    assert "/api/v1/auth/token/" in body["detail"]


def test_asking_again_after_expiry_gives_a_new_token(world, commune_officer):
    old = obtain()["token"]
    assert obtain()["token"] == old  # still valid: the same token
    age(old, 31)
    new = obtain()["token"]
    assert new != old
    assert with_token(new).get("/api/v1/agencies/").status_code == 200


def test_rotation_replaces_the_token_at_once(world, commune_officer):
    old = obtain()["token"]
    response = with_token(old).post(ROTATE)
    assert response.status_code == 200
    new = response.json()["token"]
    assert new != old and response.json()["expires"]
    assert with_token(old).get("/api/v1/agencies/").status_code == 401
    assert with_token(new).get("/api/v1/agencies/").status_code == 200


def test_rotation_needs_a_valid_token(world, commune_officer):
    assert APIClient().post(ROTATE).status_code == 401
    old = obtain()["token"]
    age(old, 31)
    assert with_token(old).post(ROTATE).status_code == 401


@override_settings(API_TOKEN_TTL=0)
def test_expiry_can_be_turned_off(world, commune_officer):
    data = obtain()
    assert data["expires"] is None
    age(data["token"], 3650)
    assert with_token(data["token"]).get("/api/v1/agencies/").status_code == 200
