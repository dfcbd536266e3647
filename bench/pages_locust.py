"""Locust users of bench/pages_bench.py (run by it; not a benchmark on its own): each user loads one page again and
again, as a browser would (cookies, no static files).

Set by pages_bench.py: PAGES_PATH (the page), PAGES_COOKIES (the cookies a browser of that person sends: a session
made beforehand, so that the password hashing of a login is not measured, and its CSRF cookie; empty: anonymous),
PAGES_WAIT ("0" for no wait between requests, "1-3" for a realistic wait of one to three seconds), PAGES_FORM (a
form POST instead of a GET: its fields, URL-encoded; the CSRF token is the cookie's secret and each POST draws a new
``submission_key``, as the form shown to a citizen does; a redirect is its success)."""

import os
import uuid

from locust import FastHttpUser, between, constant, task

PATH = os.environ.get("PAGES_PATH", "/login/")
COOKIES = os.environ.get("PAGES_COOKIES", "")
FORM = os.environ.get("PAGES_FORM", "")
CSRF = os.environ.get("PAGES_CSRF", "")
LOW, _, HIGH = os.environ.get("PAGES_WAIT", "0").partition("-")


class Reader(FastHttpUser):
    wait_time = between(float(LOW), float(HIGH)) if HIGH else constant(float(LOW))

    @task
    def page(self):
        headers = {"Cookie": COOKIES} if COOKIES else {}
        if FORM:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = f"{FORM}&csrfmiddlewaretoken={CSRF}&submission_key={uuid.uuid4().hex}"
            answer = self.client.post(
                PATH, data=body, name="page", headers=headers, catch_response=True, allow_redirects=False
            )
            expected = 302
        else:
            answer = self.client.get(PATH, name="page", headers=headers, catch_response=True, allow_redirects=False)
            expected = 200
        with answer:
            if answer.status_code != expected:
                answer.failure(f"{answer.status_code}")
