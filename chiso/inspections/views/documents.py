"""The inspection's documents (.docx of the decision and of the conclusion) and the evidence files."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from chiso.core.permissions import declare, policy
from chiso.lib import filetypes

from .. import exporters
from ..models import Finding, Inspection, InspectionEvidence, RemedyEvidence
from ._common import _inspection


def _documents(request, pk):
    """The inspection with everything its documents print (team, checklist, findings and their remedies)."""
    inspection = _inspection(request, pk)
    return (
        Inspection.objects.prefetch_related(
            "team", "answers", Prefetch("findings", queryset=Finding.objects.prefetch_related("remedies__agency"))
        )
        .select_related("unit", "inspected_unit", "inspected_agency", "theme", "plan")
        .get(pk=inspection.pk)
    )


@declare("view", Inspection)
def decision_docx(request, pk):
    inspection = _documents(request, pk)
    name = f"QĐ kiểm tra {inspection.decision_number or inspection.pk}.docx"
    return filetypes.attachment(exporters.decision_docx(inspection), name)


@declare("view", Inspection)
def conclusion_docx(request, pk):
    inspection = _documents(request, pk)
    name = f"Kết luận kiểm tra {inspection.conclusion_number or inspection.pk}.docx"
    return filetypes.attachment(exporters.conclusion_docx(inspection), name)


def _evidence_download(model):
    """The download view of one kind of evidence file: a file the user may see, typed by its content."""

    @declare("view", model)
    def download(request, pk):
        evidence = get_object_or_404(policy.scope(request.user, "view", model.objects.all()), pk=pk)
        return filetypes.serve(evidence.file, filename=evidence.name)

    return download


evidence_download = _evidence_download(InspectionEvidence)
remedy_evidence_download = _evidence_download(RemedyEvidence)
