"""Locust users of bench/citizens_bench.py (run by it; not a benchmark on its own): citizens who submit feedback
through the public API (multipart, every other one with a photo), open their commune's public page and look up
their feedback by its tracking code. Every code handed out is written to CITIZENS_BENCH_CODES at the end."""

import json
import os
import random
import uuid

from locust import FastHttpUser, constant_throughput, events, task

UNIT = os.environ.get("CITIZENS_BENCH_UNIT", "")
CODES_FILE = os.environ.get("CITIZENS_BENCH_CODES", "")
PER_USER = float(os.environ.get("CITIZENS_BENCH_RATE", "4"))
CATEGORIES = ["thu-tuc-hanh-chinh", "dich-vu-cong", "moi-truong", "cong-khai-minh-bach"]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
CODES: list[str] = []


def multipart(fields, files=()):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content, content_type in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        parts.append(head + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Citizen(FastHttpUser):
    wait_time = constant_throughput(PER_USER)

    @task(3)
    def submit(self):
        fields = {
            "unit": UNIT,
            "category": random.choice(CATEGORIES),
            "subject": "Đèn đường tổ dân phố bị hỏng",
            "text": "Ba cột đèn trên đường vào tổ dân phố hỏng đã hai tuần, buổi tối đi lại rất nguy hiểm.",
            "contact_phone": "0912345678",
            "contact_consent": "true",
        }
        files = [("files", "den.png", PNG, "image/png")] if random.random() < 0.5 else []
        body, content_type = multipart(fields, files)
        with self.client.post(
            "/api/v1/public/feedback/",
            data=body,
            headers={"Content-Type": content_type},
            name="POST /api/v1/public/feedback/",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                CODES.append(json.loads(response.text)["tracking_code"])
                response.success()
            else:
                response.failure(f"{response.status_code}")

    @task(1)
    def commune_page(self):
        self.client.get(f"/p/{UNIT}/", name="GET /p/{commune}/")

    @task(1)
    def lookup(self):
        if CODES:
            self.client.get(f"/feedback/{random.choice(CODES)}/", name="GET /feedback/{code}/")


@events.quitting.add_listener
def write_codes(environment, **kwargs):
    if CODES_FILE:
        with open(CODES_FILE, "w") as out:
            out.write("\n".join(CODES))
