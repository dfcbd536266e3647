"""The default feedback categories, one per PAPI dimension a citizen can speak to, plus "other".

Names are the Vietnamese an official would put on a feedback form; deadlines are the defaults of
FeedbackCategory (3 working days to acknowledge, 10 to answer) except where noted.
"""

from django.db import migrations

CATEGORIES = [
    # code, name, PAPI dimension, acknowledge, answer
    ("thu-tuc-hanh-chinh", "Thủ tục hành chính", "D5", 3, 10),
    ("tham-nhung-tieu-cuc", "Tham nhũng, tiêu cực, nhũng nhiễu", "D4", 3, 15),
    ("dich-vu-cong", "Dịch vụ công (y tế, giáo dục, điện, nước, đường sá)", "D6", 3, 10),
    ("moi-truong", "Môi trường, vệ sinh, rác thải", "D7", 3, 10),
    ("cong-khai-minh-bach", "Công khai, minh bạch (đất đai, quy hoạch, ngân sách, hộ nghèo)", "D2", 3, 10),
    ("dan-chu-co-so", "Tham gia của người dân, dân chủ ở cơ sở", "D1", 3, 10),
    ("trach-nhiem-giai-trinh", "Trách nhiệm giải trình, thái độ phục vụ của cán bộ", "D3", 3, 10),
    ("chinh-quyen-dien-tu", "Dịch vụ công trực tuyến, cổng thông tin điện tử", "D8", 3, 10),
    ("khac", "Nội dung khác", "", 3, 10),
]


def create(apps, schema_editor):
    FeedbackCategory = apps.get_model("citizens", "FeedbackCategory")
    for position, (code, name, dimension, ack, answer) in enumerate(CATEGORIES):
        FeedbackCategory.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "dimension_code": dimension,
                "acknowledge_days": ack,
                "answer_days": answer,
                "position": position * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("citizens", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
