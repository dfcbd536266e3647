"""The login lock: per account with backoff, per address only at a high threshold, usernames read as one.

Issue 11: five wrong passwords locked a whole commune office behind one NAT; a success never reset it;
full-width letters (``ｐck.leader``) counted as another account; behind a proxy every client had one address.
"""

from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse

from chiso.accounts import throttle
from chiso.lib.ratelimit import client_address
from conftest import PASSWORD

LOGIN = "/login/"
TOKEN = "/api/v1/auth/token/"


def fail(client, username, n, **extra):
    for _ in range(n):
        response = client.post(LOGIN, {"username": username, "password": "sai-mat-khau"}, **extra)
        assert response.status_code == 200


def logs_in(client, username, **extra):
    response = client.post(LOGIN, {"username": username, "password": PASSWORD}, **extra)
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_wrong_passwords_of_one_official_do_not_lock_a_colleague_at_the_same_address(
    client, world, commune_officer, leader
):
    # one office, one address (NAT): the officer mistypes five times
    fail(client, "commune_officer", 5)
    assert not logs_in(client, "commune_officer")  # their own account waits
    # the chair, at the next desk, logs in at once
    assert logs_in(client, "leader")


def test_a_successful_login_clears_the_account_count(client, world, commune_officer):
    fail(client, "commune_officer", 4)
    assert logs_in(client, "commune_officer")
    client.logout()
    fail(client, "commune_officer", 4)
    assert logs_in(client, "commune_officer")


def test_the_lock_grows_with_each_failure_after_the_limit(client, world, commune_officer):
    assert [throttle.lock_seconds(n) for n in range(4, 9)] == [0, 60, 120, 240, 480]
    with override_settings(LOGIN_LOCK_MAX_SECONDS=300):
        assert throttle.lock_seconds(20) == 300
    fail(client, "commune_officer", 5)
    first = throttle.seconds_until_allowed("commune_officer", "10.0.0.1")
    assert 0 < first <= 60
    # the lock runs out (its key is dropped rather than waiting for the clock); one more wrong password
    cache.delete(throttle.account_key("commune_officer") + ":until")
    fail(client, "commune_officer", 1)
    assert 60 < throttle.seconds_until_allowed("commune_officer", "10.0.0.1") <= 120


def test_the_refusal_says_how_long_to_wait_in_vietnamese(client, world, commune_officer):
    fail(client, "commune_officer", 5)
    html = client.post(LOGIN, {"username": "commune_officer", "password": PASSWORD}).content.decode()
    assert "đăng nhập sai quá nhiều lần" in html and "1 phút" in html


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=8)
def test_an_address_is_blocked_only_at_its_own_much_higher_limit(client, world, commune_officer, leader):
    # many usernames guessed from one address: each account stays under its limit
    for i in range(7):
        fail(client, f"doan-{i}", 1)
    assert logs_in(client, "leader")
    client.logout()
    fail(client, "doan-7", 1)
    # the address has reached its limit: nobody logs in from it for the window
    assert not logs_in(client, "commune_officer")
    assert logs_in(client, "commune_officer", REMOTE_ADDR="192.0.2.7")


def test_full_width_and_upper_case_usernames_count_as_the_same_account(client, world, commune_officer):
    # each try from a different address, so only the account's own count can lock it
    typed_forms = [
        "ｃｏｍｍｕｎｅ_ｏｆｆｉｃｅｒ",
        "COMMUNE_OFFICER",
        "Commune_Officer",
        "ｃommune_officer",
        " commune_officer",
    ]  # noqa: E501
    for i, typed in enumerate(typed_forms):
        fail(client, typed, 1, REMOTE_ADDR=f"192.0.2.{i + 1}")
    assert not logs_in(client, "commune_officer", REMOTE_ADDR="192.0.2.99")


def test_full_width_and_upper_case_usernames_log_in(client, world, commune_officer):
    assert logs_in(client, "ｃｏｍｍｕｎｅ_ｏｆｆｉｃｅｒ")
    client.logout()
    assert logs_in(client, "Commune_Officer")


def test_api_token_endpoint_locks_the_account_not_the_address(client, world, commune_officer, leader):
    for _ in range(5):
        assert client.post(TOKEN, {"username": "ｃommune_officer", "password": "sai"}).status_code == 400
    refused = client.post(TOKEN, {"username": "commune_officer", "password": PASSWORD})
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert "Retry-After" in refused
    # the colleague at the same address gets a token
    assert client.post(TOKEN, {"username": "leader", "password": PASSWORD}).status_code == 200


# --- The client's address behind a trusted proxy ------------------------------------------------------


def address(**meta):
    return client_address(RequestFactory().get("/", **meta))


def test_forwarded_header_is_ignored_unless_configured():
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9") == "127.0.0.1"


@override_settings(CHISO_TRUSTED_PROXY_HEADER="X-Forwarded-For", CHISO_TRUSTED_PROXY_COUNT=1)
def test_one_trusted_proxy_gives_the_address_it_saw():
    # nginx appends the address it saw; what the client wrote is further left and ignored
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9") == "203.0.113.9"
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9") == "203.0.113.9"
    assert address(REMOTE_ADDR="127.0.0.1") == "127.0.0.1"  # not through the proxy
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address") == "127.0.0.1"


@override_settings(CHISO_TRUSTED_PROXY_HEADER="X-Forwarded-For", CHISO_TRUSTED_PROXY_COUNT=2)
def test_two_trusted_proxies():
    xff = "6.6.6.6, 203.0.113.9, 10.1.1.1"
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=xff) == "203.0.113.9"
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.1.1") == "127.0.0.1"  # too short


@override_settings(CHISO_TRUSTED_PROXY_HEADER="X-Real-IP")
def test_a_single_value_header():
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="2001:db8::1") == "2001:db8::1"


@override_settings(
    CHISO_TRUSTED_PROXY_HEADER="X-Forwarded-For", CHISO_TRUSTED_PROXY_COUNT=1, LOGIN_ADDRESS_FAILURE_LIMIT=3
)
def test_behind_the_proxy_the_address_limit_applies_to_the_client_not_the_whole_site(client, world, leader):
    a = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
    b = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.2"}
    for i in range(3):
        fail(client, f"doan-{i}", 1, **a)
    assert not logs_in(client, "leader", **a)
    assert logs_in(client, "leader", **b)


def test_login_page_still_works_for_everyone(client, db):
    assert client.get(reverse("accounts:login")).status_code == 200
