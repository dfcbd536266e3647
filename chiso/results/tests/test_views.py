"""Public results pages, exports opened back, the API and its query counts."""

import io
import re

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from chiso.indices.models import Score


def test_public_pages(papi_results, client):
    # the map: 63 squares, each opening its profile, and the 34 current provinces
    page = client.get("/results/", {"year": 2017, "code": "D3"})
    html = page.content.decode()
    assert page.status_code == 200 and len(set(re.findall(r'data-province="(\d\d)"', html))) == 63
    assert "CC BY 4.0" in html  # the outlines' attribution
    tiles = client.get("/results/", {"year": 2017, "code": "D3", "view": "tiles"}).content.decode()
    assert len(re.findall(r'data-province="(\d\d)"', tiles)) == 63 and 'name="view" value="tiles"' in tiles
    assert reverse("results:province_profile", args=["94"]) + "?year=2017" in html
    assert html.count('<th scope="row" class="fw-normal">') == 34
    # a year PAPI did not publish or a score that year did not have falls back, never a 500
    assert client.get("/results/", {"year": "abc", "code": "D9.9"}).status_code == 200
    # profile: 2017 shows six dimensions, 2018 eight
    for year, n in ((2017, 6), (2018, 8)):
        html = client.get("/results/provinces/94/", {"year": year}).content.decode()
        assert html.count('<tr class="table-light" data-code="D') == n
    assert client.get("/results/provinces/99/").status_code == 404
    trend = client.get("/results/provinces/94/trend/").content.decode()
    assert trend.count("<svg") == 1 + 8 + 28 + 3  # total, dimensions, sub-dimensions, the 3 retired ones
    for kind in ("neighbours", "region", "successor"):
        assert client.get("/results/provinces/94/compare/", {"peers": kind}).status_code == 200
    assert client.get("/results/ranking/", {"year": 2024, "code": "D1.1"}).status_code == 200


def test_profile_page_query_count_is_bounded(papi_results, client, django_assert_max_num_queries):
    client.get("/results/provinces/94/", {"year": 2024})  # warm: content types, session
    with django_assert_max_num_queries(12):
        assert client.get("/results/provinces/94/", {"year": 2023}).status_code == 200


def test_profile_exports_open_back(papi_results, client):
    total = Score.objects.get(unit__code="94", year=2024, code="TOTAL").value
    book = load_workbook(io.BytesIO(client.get("/results/provinces/94/profile.xlsx", {"year": 2024}).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][0] == "TOTAL" and abs(rows[1][2] - float(total)) < 1e-6 and rows[1][4] == 10
    assert len([r for r in rows if r[0] and str(r[0]).startswith("D")]) == 8 + 28
    note = Document(io.BytesIO(client.get("/results/provinces/94/profile.docx", {"year": 2024}).content))
    text = "\n".join(p.text for p in note.paragraphs)
    assert "BÁO CÁO TÓM TẮT" in text and "Sóc Trăng" in text and f"{float(total):.2f}".replace(".", ",") in text
    assert len(note.tables[1].rows) == 1 + 1 + 8 + 28


def test_api(papi_results, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        ranking = client.get("/api/v1/results/ranking/", {"year": 2024, "dimension": "D2"}).json()
    assert len(ranking["results"]) == 63 and ranking["results"][0]["rank"] == 1 and ranking["scale"] == [1.0, 10.0]
    profile = client.get("/api/v1/results/provinces/94/profile/", {"year": 2017}).json()
    assert profile["dimensions_in_year"] == 6 and profile["scores"][0]["scale"] == [6.0, 60.0]
    trend = client.get("/api/v1/results/provinces/94/trend/").json()
    assert trend["series"][0]["code"] == "TOTAL" and len(trend["series"][0]["segments"]) == 2
    assert client.get("/api/v1/results/ranking/", {"year": 1999}).status_code == 404
    assert client.get("/api/v1/results/ranking/", {"dimension": "D9"}).status_code == 404
