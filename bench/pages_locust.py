"""Locust users of bench/pages_bench.py (run by it; not a benchmark on its own): each user logs in once (when the
page needs a login) and then loads one page again and again, as a browser would (cookies, no static files).

Set by pages_bench.py: PAGES_PATH (the page), PAGES_USER / PAGES_PASSWORD (empty: anonymous), PAGES_WAIT
("0" for no wait between requests, "1-3" for a realistic wait of one to three seconds)."""

import os
import re

from locust import FastHttpUser, between, constant, task

PATH = os.environ.get("PAGES_PATH", "/login/")
USERNAME = os.environ.get("PAGES_USER", "")
PASSWORD = os.environ.get("PAGES_PASSWORD", "")
LOW, _, HIGH = os.environ.get("PAGES_WAIT", "0").partition("-")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Reader(FastHttpUser):
    wait_time = between(float(LOW), float(HIGH)) if HIGH else constant(float(LOW))

    def on_start(self):
        if not USERNAME:
            return
        page = self.client.get("/login/", name="login form")
        token = TOKEN.search(page.text or "")
        self.client.post(
            "/login/",
            data={"csrfmiddlewaretoken": token.group(1) if token else "", "username": USERNAME, "password": PASSWORD},
            headers={"Referer": f"{self.host}/login/"},
            name="login",
            allow_redirects=False,
        )

    @task
    def page(self):
        with self.client.get(PATH, name="page", catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
