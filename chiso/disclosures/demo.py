"""Demo records of disclosure for the seeds' wards (``chiso load-demo`` runs ``load_demo`` after the world):
phường Bạch Sam posts its poor-household list (one residential group's copy taken down after 10 of the 30 days), an
inspection conclusion on its board and its web portal (public on the portal today), a budget estimate still a
draft, and a compensation plan nobody has posted (overdue); phường Phùng Chí Kiên posts its budget settlement late.
Idempotent: a ward whose postings are there is left alone. Users and units are looked up by username and code.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from docx import Document

from chiso.accounts.models import User
from chiso.units.models import AdministrativeUnit

from . import services
from .models import DisclosureType, Duty, Posting
from .reference import load_disclosure_types


def _png(name, rgb, width=320, height=200) -> SimpleUploadedFile:
    """A real PNG (a notice board in a flat colour with a white sheet on it), made without an imaging library."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            sheet = width // 4 <= x < 3 * width // 4 and height // 5 <= y < 4 * height // 5
            row += bytes((250, 250, 245) if sheet else rgb)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, data, content_type="image/png")


def _docx(name, title, lines) -> SimpleUploadedFile:
    document = Document()
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _unit(code):
    return AdministrativeUnit.objects.legacy().filter(code=code).first()


def _user(username):
    return User.objects.filter(username=username).first()


def _event(unit, code, actor, event, on):
    duty = Duty.objects.filter(unit=unit, type__code=code, label=event).first()
    return duty or services.record_event(
        unit=unit, rule=DisclosureType.objects.get(code=code), actor=actor, event=event, trigger_on=on
    )


def _board(kind, name, start, end=None, reason="", colour=(40, 90, 160)):
    return {
        "kind": kind,
        "name": name,
        "posted_from": start,
        "posted_to": end,
        "reason": reason,
        "photo": _png(f"{kind}-{start:%Y%m%d}.png", colour),
        "taken_on": start,
    }


def _bach_sam(unit, officer, leader, today, counts):
    year = today.year - 1
    services.ensure_duties([unit], year)
    services.ensure_duties([unit], today.year)
    # The poor-household list of last year: the office and two residential groups, one copy down after 10 days.
    duty = Duty.objects.get(unit=unit, type__code="ho-ngheo", key=str(year))
    start = duty.due_on - dt.timedelta(days=2)
    posting = services.record_posting(
        duty,
        actor=officer,
        title=f"Danh sách hộ nghèo, hộ cận nghèo năm {year}",
        reference=f"Quyết định số 215/QĐ-UBND ngày {start - dt.timedelta(days=3):%d/%m/%Y} của UBND phường",
        places=[
            _board("committee_office", "Bảng tin trụ sở UBND phường", start, start + dt.timedelta(days=35)),
            _board("village_house", "Nhà văn hóa TDP Đồng Xá", start, start + dt.timedelta(days=31)),
            _board(
                "village_house",
                "Nhà văn hóa TDP Phúc Lai",
                start,
                start + dt.timedelta(days=9),
                reason="Bảng tin bị hỏng do mưa bão, chưa niêm yết lại",
            ),
        ],
        today=today,
    )
    services.confirm_posting(posting, actor=leader)
    counts["postings"] += 1
    # An inspection conclusion, on the board and the web portal, up today.
    on = today - dt.timedelta(days=10)
    duty = _event(
        unit, "ket-luan-thanh-tra", officer, "Kết luận thanh tra số 12/KL-TTr của Thanh tra thị xã Mỹ Hào", on
    )
    posting = services.record_posting(
        duty,
        actor=officer,
        title="Kết luận thanh tra việc quản lý, sử dụng quỹ đất công ích",
        reference=f"12/KL-TTr ngày {on:%d/%m/%Y}",
        places=[
            _board("committee_office", "Bảng tin trụ sở UBND phường", on + dt.timedelta(days=2)),
            {
                "kind": "web_portal",
                "url": "https://bachsam.myhao.hungyen.gov.vn/ket-luan-12",
                "posted_from": on + dt.timedelta(days=2),
            },
        ],
        documents=[
            _docx(
                "ket-luan-thanh-tra-12.docx",
                "KẾT LUẬN THANH TRA số 12/KL-TTr",
                [
                    "Về việc quản lý, sử dụng quỹ đất công ích của phường Bạch Sam.",
                    "Kiến nghị khắc phục trong 30 ngày.",
                ],
            )
        ],
        today=today,
    )
    services.confirm_posting(posting, actor=leader)
    counts["postings"] += 1
    # The budget estimate: recorded, not yet confirmed.
    on = today - dt.timedelta(days=6)
    duty = _event(
        unit, "du-toan-ngan-sach-xa", officer, f"Nghị quyết HĐND phường về dự toán ngân sách năm {today.year + 1}", on
    )
    services.record_posting(
        duty,
        actor=officer,
        title=f"Dự toán thu, chi ngân sách phường năm {today.year + 1}",
        places=[
            _board(
                "committee_office", "Bảng tin trụ sở UBND phường", today - dt.timedelta(days=1), colour=(150, 60, 40)
            )
        ],
        today=today,
    )
    counts["postings"] += 1
    # A compensation plan that nobody has posted: overdue.
    _event(
        unit,
        "boi-thuong-tai-dinh-cu",
        officer,
        "Phương án bồi thường, hỗ trợ dự án mở rộng đường ĐT.387",
        today - dt.timedelta(days=30),
    )
    counts["duties overdue"] += 1


def _phung_chi_kien(unit, officer, coordinator, today, counts):
    on = today - dt.timedelta(days=60)
    duty = _event(
        unit,
        "quyet-toan-ngan-sach-xa",
        officer,
        f"Nghị quyết HĐND phường phê chuẩn quyết toán ngân sách năm {today.year - 1}",
        on,
    )
    start = duty.due_on + dt.timedelta(days=4)  # four days late
    posting = services.record_posting(
        duty,
        actor=officer,
        title=f"Quyết toán ngân sách phường năm {today.year - 1}",
        places=[
            _board(
                "committee_office",
                "Bảng tin trụ sở UBND phường",
                start,
                start + dt.timedelta(days=30),
                colour=(30, 120, 70),
            ),
            {"kind": "web_portal", "url": "https://phungchikien.myhao.hungyen.gov.vn/quyet-toan", "posted_from": start},
        ],
        today=today,
    )
    services.confirm_posting(posting, actor=coordinator)
    counts["postings"] += 1


@transaction.atomic
def load_demo(stdout=None) -> dict:
    """The demo records; ``chiso load-demo`` prints the counts returned."""
    counts = {"disclosure rules": load_disclosure_types()["disclosure types"], "postings": 0, "duties overdue": 0}
    today = timezone.localdate()
    bach_sam, pck = _unit("12124"), _unit("12130")
    officer, leader = _user("bachsam.officer"), _user("bachsam.leader")
    if bach_sam and officer and leader and not Posting.objects.filter(duty__unit=bach_sam).exists():
        _bach_sam(bach_sam, officer, leader, today, counts)
    pck_officer, pck_coordinator = _user("pck.officer"), _user("pck.coordinator")
    if pck and pck_officer and pck_coordinator and not Posting.objects.filter(duty__unit=pck).exists():
        _phung_chi_kien(pck, pck_officer, pck_coordinator, today, counts)
    return counts
