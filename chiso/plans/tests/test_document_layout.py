"""The plan's .docx as LibreOffice lays it out (issue 14): rendered to PDF, then read page by page.

- the signature block is never split: "Nơi nhận", "TM. ỦY BAN NHÂN DÂN", the title and the signer's name are on
  one page, whatever the length of the text before it;
- the appendix table's header row is repeated on every page of the appendix;
- "Lưu: VT" once, "UBND các xã, phường" instead of ten lines, no "UBND Phường", no full stop after a name.

Page images for docs/official-documents.md are written to docs/img by the first variant."""

import io
import re

import pytest
from docx import Document

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.plans import exporters
from chiso.plans.models import Plan
from chiso.units.models import Agency
from chiso.units.tests.factories import AgencyFactory

from .pdfpages import laid_out, page_of, squeeze

pytestmark = pytest.mark.django_db


def _variants(plan):
    """The plan with 0 to 27 more lines before the signature: one of them puts a page break where the block
    stands, so a block that could split would."""
    docs = {}
    for extra in range(0, 30, 3):
        Plan.objects.filter(pk=plan.pk).update(
            purposes="\n".join(f"{i}. Nâng cao nhận thức của cán bộ, công chức về Chỉ số PAPI." for i in range(extra))
        )
        docs[f"plan-{extra:02d}"] = exporters.plan_docx(plan)
    return docs


def test_signature_block_on_one_page_and_header_on_every_appendix_page(vinh_chau_plan):
    # given: the Vĩnh Châu plan, signed by a vice-chair, with recipients that already list the file copy
    Plan.objects.filter(pk=vinh_chau_plan.pk).update(
        status=Plan.Status.ISSUED, recipients="Sở Nội vụ;\nUBND tỉnh.\nLưu: VT.\n- Lưu: VT, NC."
    )
    # when: each variant is laid out by LibreOffice
    pages = laid_out(
        _variants(vinh_chau_plan),
        images={"plan-00": [(1, "plan-docx-page1"), (-1, "plan-docx-appendix")]},
    )
    breaks = set()
    for name, doc in pages.items():
        # then: the whole signature block is on one page
        sign = page_of(doc, "TM. ỦY BAN NHÂN DÂN")
        assert sign is not None, name
        assert page_of(doc, "KT. CHỦ TỊCH") == sign, name
        assert page_of(doc, "PHÓ CHỦ TỊCH") == sign, name
        assert page_of(doc, "Nguyễn Văn A") == sign, name
        assert page_of(doc, "Nơi nhận:") == sign, name
        assert page_of(doc, "- Lưu: VT, NC.") == sign, name
        breaks.add(sign)
        # and the header row is on every page of the appendix
        appendix = page_of(doc, "BIỂU TỔNG HỢP NHIỆM VỤ")
        assert appendix and appendix < len(doc), name  # the appendix runs over more than one page
        for number in range(appendix, len(doc) + 1):
            text = squeeze(doc[number - 1])
            assert "STT" in text and "Đơn vị chủ trì" in text and "Đơn vị phối hợp" in text, (name, number)
    assert len(breaks) > 1  # the variants did move the signature to another page

    # and the wording an official expects
    text = squeeze("\n".join(pages["plan-00"]))
    assert text.count("Lưu:") == 1
    assert "KẾ HOẠCH Nâng cao Chỉ số PAPI" in text and "Kế hoạch nâng cao Chỉ số PAPI" not in text
    assert "UBND các xã, phường" in text and "UBND Xã Thử 3" not in text
    assert "Đề nghị Ủy ban MTTQ Việt Nam thị xã" in text and "Giao Ủy ban MTTQ" not in text
    assert not re.search(r"UBND (Phường|Xã|Thị xã)\b", text)
    assert "Phòng Nội vụ." not in text and "Thường xuyên." not in text
    assert "ngày 15/03/2023 của UBND thị xã Vĩnh Châu" in text  # the appendix's caption
    # the table has 3 pages of appendix for 23 activities, not 13 (ten commune names in every cell)
    assert len(pages["plan-00"]) - page_of(pages["plan-00"], "BIỂU TỔNG HỢP NHIỆM VỤ") + 1 <= 6


def test_a_draft_says_so_and_the_leader_signs_an_issued_plan(world, papi, vinh_chau_plan):

    # given: the town's committee has a chair and a vice-chair in the system; the plan names no signer
    committee = AgencyFactory(unit=world.vinh_chau, name="UBND thị xã Vĩnh Châu", kind=Agency.Kind.COMMITTEE)
    for name, position in (("Nguyễn Thanh Liêm", "Chủ tịch UBND thị xã"), ("Thạch Văn Sơn", "Phó Chủ tịch")):
        MembershipFactory(
            user=UserFactory(full_name=name, position=position), agency=committee, role=Membership.Role.LEADER
        )
    Plan.objects.filter(pk=vinh_chau_plan.pk).update(signer_name="", signer_title="", status=Plan.Status.ISSUED)

    def text(plan):
        document = Document(io.BytesIO(exporters.plan_docx(plan)))
        cells = [c.text for t in document.tables[:2] for c in t.rows[0].cells]
        return "\n".join(cells)

    # then: the chair signs the issued plan, by name
    issued = text(vinh_chau_plan)
    assert "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Thanh Liêm" in issued and "DỰ THẢO" not in issued
    # and a vice-chair signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" with the name; a draft says it is one
    Plan.objects.filter(pk=vinh_chau_plan.pk).update(signer_title="Phó Chủ tịch", status=Plan.Status.DRAFT)
    draft = text(vinh_chau_plan)
    assert "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nThạch Văn Sơn" in draft and "DỰ THẢO" in draft
