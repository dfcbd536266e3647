"""The consolidated report's .docx as LibreOffice lays it out (issue 14): the signature block on one page, the
appendix header on every page, every dimension listed ("Chưa có báo cáo." where no post reported)."""

import pytest

from chiso.indices.models import Dimension, Index
from chiso.plans.tests.pdfpages import laid_out, page_of, squeeze
from chiso.reporting import exporters
from chiso.reporting.models import ConsolidatedReport

pytestmark = pytest.mark.django_db
NAMES = [
    "Tham gia của người dân ở cấp cơ sở",
    "Công khai, minh bạch trong việc ra quyết định ở địa phương",
    "Trách nhiệm giải trình",
    "Kiểm soát tham nhũng trong khu vực công",
    "Thủ tục hành chính công",
    "Cung ứng dịch vụ công",
    "Quản trị môi trường",
    "Quản trị điện tử",
]


@pytest.fixture
def papi_dimensions(report):
    """The eight dimensions (the report fixture made D3 only)."""
    index = Index.objects.get(code="PAPI")
    for order, name in enumerate(NAMES, start=1):
        Dimension.objects.get_or_create(index=index, code=f"D{order}", defaults={"order": order, "name_vi": name})
    return list(Dimension.objects.filter(index=index).order_by("order"))


def test_report_layout(report, papi_dimensions):
    # given: the town's approved report, with a long appendix (many task results)
    results = list(report.task_results) * 12
    ConsolidatedReport.objects.filter(pk=report.pk).update(task_results=results)
    report.refresh_from_db()
    # when: LibreOffice lays it out
    pages = laid_out({"report": exporters.report_docx(report)}, images={"report": [(1, "report-docx-page1")]})["report"]
    text = squeeze("\n".join(pages))
    # then: the signature block is whole on one page, signed by the chair who approved it
    sign = page_of(pages, "TM. ỦY BAN NHÂN DÂN")
    assert sign and page_of(pages, "Nguyễn Văn Chủ") == sign and page_of(pages, "Lưu: VT.") == sign
    assert text.count("Lưu:") == 1
    # and the appendix header repeats on each of its pages
    appendix = page_of(pages, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ")
    assert appendix < len(pages)
    for number in range(appendix, len(pages) + 1):
        assert "Cơ quan, đơn vị" in squeeze(pages[number - 1]) and "Tình trạng" in squeeze(pages[number - 1])
    # and every dimension of the year has its heading, those without reports saying so
    for dim in papi_dimensions:
        assert f"{dim.code}. {dim.name_vi}" in text
    assert text.count("Chưa có báo cáo.") == len(papi_dimensions) - 1  # only D3 has a task reported
    assert "của UBND thị xã Mỹ Hào)" in text and "UBND Thị xã" not in text
