"""The seeded questionnaires (``data/templates.json``) as reference data, loaded by ``chiso load-reference``.

SIPAS's five factors (the Ministry of Home Affairs' satisfaction index), a mini-PAPI of the eight dimensions,
satisfaction at the one-stop counter ("khảo sát đánh giá mức độ hài lòng … chứng thực, xác nhận, cấp giấy phép
xây dựng, giấy chứng nhận quyền sử dụng đất", seeds 000–002), parents on schools and patients on staff attitude
(the district plan of 2020, DESIGN §6). Loading again updates them in place.
"""

import json
from pathlib import Path

from chiso.core.reference import ReferenceLoadError

from .models import SurveyTemplate

DATA = Path(__file__).resolve().parent / "data" / "templates.json"


def template_data() -> list[dict]:
    try:
        return json.loads(DATA.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceLoadError(f"Survey templates cannot be read from {DATA}: {exc}") from exc


def load_templates() -> dict:
    count = 0
    for item in template_data():
        SurveyTemplate.objects.update_or_create(
            key=item["key"],
            defaults={
                "title": item["title"],
                "title_en": item.get("title_en", ""),
                "description": item.get("description", ""),
                "definition": item["definition"],
                "order": item.get("order", 0),
            },
        )
        count += 1
    return {"survey templates": count}
