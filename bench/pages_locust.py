"""Locust users of bench/pages_bench.py (run by it; not a benchmark on its own): each user loads one page again and
again, as a browser would (cookies, no static files).

Set by pages_bench.py: PAGES_PATH (the page), PAGES_SESSION (a session cookie made beforehand, so that the
password hashing of a login is not measured; empty: anonymous), PAGES_WAIT ("0" for no wait between requests,
"1-3" for a realistic wait of one to three seconds)."""

import os

from locust import FastHttpUser, between, constant, task

PATH = os.environ.get("PAGES_PATH", "/login/")
SESSION = os.environ.get("PAGES_SESSION", "")
COOKIE = os.environ.get("PAGES_COOKIE", "sessionid")
LOW, _, HIGH = os.environ.get("PAGES_WAIT", "0").partition("-")


class Reader(FastHttpUser):
    wait_time = between(float(LOW), float(HIGH)) if HIGH else constant(float(LOW))

    @task
    def page(self):
        headers = {"Cookie": f"{COOKIE}={SESSION}"} if SESSION else {}
        with self.client.get(PATH, name="page", headers=headers, catch_response=True, allow_redirects=False) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}")
