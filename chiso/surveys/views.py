"""The surveys' pages for officials: build, collect (points, QR codes, paper entry, imports), read the indices,
export, and draft a task from a weak factor. Thin: HTTP → a service → HTTP."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.core.permissions import declare, policy
from chiso.core.services import ConflictError, update_object
from chiso.core.views import _attach_errors
from chiso.lib import filetypes, uploads

from . import charts, comparison, exporters, scoring, services, xlsform
from .charts import LEVEL
from .forms import AnswerForm, PointForm, QuestionForm, SurveyCreateForm, SurveyForm, UploadForm, points_offered
from .models import CollectionPoint, Factor, Question, Response, Survey


def _survey(request, pk, action="view"):
    survey = policy.scope(request.user, "view", Survey.objects.select_related("unit")).filter(pk=pk).first()
    if survey is None:
        raise Http404
    if action != "view" and not policy.can(request.user, action, survey):
        raise PermissionDenied
    return survey


@declare("view", Survey)
def survey_list(request):
    surveys = Survey.objects.visible_to(request.user).select_related("unit").order_by("-created_at")[:200]
    return render(
        request,
        "surveys/survey_list.html",
        {"surveys": surveys, "can_add": policy.can(request.user, "add", Survey)},
    )


@declare("add", Survey)
def survey_add(request):
    units = services.units_for_surveys(request.user)
    form = SurveyCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.create_survey(
                actor=request.user,
                unit=data["unit"],
                title=data["title"],
                template=data["template"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
            )
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(
                request, _("The survey was created as a draft: check its questions and points, then open it.")
            )
            return HttpResponseRedirect(survey.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/survey_add.html", {"form": form}, status=status)


@declare("view", Survey)
def survey_detail(request, pk):
    survey = _survey(request, pk)
    user = request.user
    counts = _point_counts(survey)
    points = [(p, counts.get(p.pk, 0)) for p in points_offered(survey)]
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "questions": survey.questions.order_by("position", "id"),
            "points": points,
            "responses": sum(counts.values()),
            "can_change": policy.can(user, "change", survey),
            "can_open": policy.can(user, "open", survey) and survey.can_be_opened(),
            "can_close": policy.can(user, "close", survey) and survey.can_be_closed(),
            "can_enter": policy.can(user, "enter", survey) and survey.status != Survey.Status.DRAFT,
        },
    )


def _point_counts(survey) -> dict[int, int]:
    return dict(survey.responses.values("point_id").annotate(n=Count("id")).values_list("point_id", "n"))


@declare("change", Survey)
def survey_edit(request, pk):
    survey = _survey(request, pk, "change")
    form = SurveyForm(request.POST or None, instance=survey)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            update_object(form.save(commit=False), actor=request.user, loaded_version=form.cleaned_data.get("version"))
        except ConflictError as exc:
            conflict = True
            _attach_errors(form, exc)
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(survey.get_absolute_url())
    status = 409 if conflict else 400 if request.method == "POST" else 200
    return render(request, "surveys/survey_edit.html", {"survey": survey, "form": form}, status=status)


@declare("view", Survey)
@require_POST
def survey_transition(request, pk, action):
    survey = _survey(request, pk)
    change = {"open": services.open_survey, "close": services.close_survey}.get(action)
    if change is None:
        raise Http404
    try:
        change(survey, actor=request.user, loaded_version=request.POST.get("version"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The survey is open for answers.") if action == "open" else _("The survey is closed.")
        )
    return HttpResponseRedirect(survey.get_absolute_url())


# --- questions -------------------------------------------------------------------------------------------------
def _question_page(request, survey, question):
    form = QuestionForm(request.POST or None, instance=question)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.save_question(survey, actor=request.user, question=form.save(commit=False),
                                       loaded_version=form.cleaned_data.get("version"))  # fmt: skip
            except ConflictError as exc:
                status = 409
                _attach_errors(form, exc)
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                messages.success(request, _("The question was saved."))
                return HttpResponseRedirect(survey.get_absolute_url() + "#questions")
    return render(request, "surveys/question_form.html", {"survey": survey, "form": form, "question": question},
                  status=status)  # fmt: skip


@declare("change", Survey)
def question_add(request, pk):
    survey = _survey(request, pk, "change")
    return _question_page(request, survey, Question(survey=survey))


@declare("change", Survey)
def question_edit(request, pk):
    question = get_object_or_404(
        policy.scope(request.user, "change", Question.objects.select_related("survey__unit")), pk=pk
    )
    return _question_page(request, question.survey, question)


@declare("change", Survey)
@require_POST
def question_delete(request, pk):
    question = get_object_or_404(policy.scope(request.user, "delete", Question.objects.all()), pk=pk)
    try:
        services.delete_question(question, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The question was deleted."))
    return HttpResponseRedirect(reverse("surveys:survey_detail", args=[question.survey_id]) + "#questions")


@declare("view", Survey)
def survey_xlsform(request, pk):
    survey = _survey(request, pk)
    return filetypes.attachment(xlsform.export_xlsform(survey), f"xlsform-{survey.pk}.xlsx")


@declare("change", Survey)
def survey_xlsform_import(request, pk):
    survey = _survey(request, pk, "change")
    form, upload = _upload(request)
    problems = []
    if upload is not None:
        try:
            count = services.import_xlsform(survey, actor=request.user, data=upload.read())
        except xlsform.XLSFormError as exc:
            problems = exc.messages
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("%(count)s questions were imported.") % {"count": count})
            return HttpResponseRedirect(survey.get_absolute_url() + "#questions")
    return _upload_page(request, survey, form, problems, _("Import questions from an XLSForm"),
                        _("An XLSForm (.xlsx) from KoboToolbox, ODK or exported here. "
                          "It replaces the questions of this draft."))  # fmt: skip


def _upload(request):
    """The upload form and, once it is sent valid and its file passes the upload check, the file (else ``None``,
    the reason on the form)."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return form, None
    upload = form.cleaned_data["file"]
    try:
        uploads.check_upload(upload, "task_table")
    except ValidationError as exc:
        _attach_errors(form, exc)
        return form, None
    return form, upload


def _upload_page(request, survey, form, problems, title, intro):
    """The page of an upload: the form, the problems of the file sent (400), ``title`` and ``intro``."""
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/upload.html", {
        "survey": survey, "form": form, "problems": problems, "title": title, "intro": intro,
    }, status=status)  # fmt: skip


# --- collection --------------------------------------------------------------------------------------------------
@declare("change", Survey)
def point_add(request, pk):
    survey = _survey(request, pk, "change")
    form = PointForm(request.POST or None, units=services.units_for_points(survey), initial={"unit": survey.unit})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_point(survey, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("The collection point was added with its link and QR code."))
            return HttpResponseRedirect(survey.get_absolute_url() + "#points")
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/point_form.html", {"survey": survey, "form": form}, status=status)


@declare("view", Survey)
def point_qr(request, pk):
    """A printable sheet: the QR code of the point's public link, large, with the link written out."""
    point = get_object_or_404(
        policy.scope(request.user, "view", CollectionPoint.objects.select_related("survey", "unit")), pk=pk
    )
    url = request.build_absolute_uri(point.get_public_url())
    qr = segno.make(url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=8, border=2, title=str(point), svgclass="qr")
    return render(request, "surveys/point_qr.html", {"point": point, "url": url, "svg": buffer.getvalue().decode()})


@declare("enter", Survey)
def survey_entry(request, pk):
    """Paper forms typed in, one after another, with the keyboard only: the point stays chosen, the form comes
    back empty after each save with the count so far."""
    survey = _survey(request, pk, "enter")
    questions = list(survey.questions.order_by("position", "id"))
    points = list(points_offered(survey))
    form = AnswerForm(request.POST or None, questions=questions)
    chosen = request.POST.get("point") or request.GET.get("point") or (str(points[0].pk) if points else "")
    errors, status = {}, 200
    if request.method == "POST":
        point = next((p for p in points if str(p.pk) == chosen), None)
        try:
            if point is None:
                raise ValidationError({"point": _("Choose the collection point of this form.")})
            services.submit_response(point, raw=form.raw(), channel=Response.Channel.PAPER, actor=request.user)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            status = 400
        else:
            count = survey.responses.filter(channel=Response.Channel.PAPER, entered_by=request.user).count()
            messages.success(request, _("Form saved (%(count)s entered by you). Next form.") % {"count": count})
            return HttpResponseRedirect(reverse("surveys:survey_entry", args=[survey.pk]) + f"?point={point.pk}")
    answers, _errs = services.clean_answers(survey, form.raw() if form.is_bound else {}, questions)
    return render(request, "surveys/entry.html", {
        "survey": survey, "form": form, "rows": form.shown(answers), "points": points, "chosen": chosen,
        "errors": errors,
    }, status=status)  # fmt: skip


@declare("enter", Survey)
def survey_import(request, pk):
    survey = _survey(request, pk, "enter")
    form, upload = _upload(request)
    problems = []
    if upload is not None:
        try:
            report = services.import_responses(survey, actor=request.user, data=upload.read(), filename=upload.name)
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            if report.ok:
                messages.success(request, _("%(count)s responses were imported.") % {"count": report.stored})
                return HttpResponseRedirect(reverse("surveys:survey_results", args=[survey.pk]))
            problems = [_("Row %(row)s: %(message)s") % {"row": r, "message": m} for r, m in report.problems]
            form.add_error(None, _("Nothing was imported: correct these rows and send the file again."))
    return _upload_page(request, survey, form, problems, _("Import responses"),
                        _("An .xlsx with a column per question name (the responses export, or a Kobo/ODK export) and "
                          "a “point” column with the point's link code when the survey has several points. All rows "
                          "or none."))  # fmt: skip


# --- results ---------------------------------------------------------------------------------------------------
def results_context(survey, results):
    factor_rows = [(ln.label, ln.estimate, None) for ln in results.factors]
    dimension_rows = [(ln.key, ln.estimate, None) for ln in results.dimensions]
    point_rows = [(g.label, g.estimate, g.ranked) for g in results.points]
    unit_rows = [(g.label, g.estimate, g.ranked) for g in results.units]
    return {
        "survey": survey,
        "results": results,
        "factor_chart": charts.interval_chart(
            factor_rows, title=_("Index by factor, with %(level)s intervals") % LEVEL
        ),
        "dimension_chart": charts.interval_chart(
            dimension_rows, title=_("Index by PAPI dimension, with %(level)s intervals") % LEVEL
        ),
        "point_chart": charts.interval_chart(
            point_rows, title=_("Index by collection point, with %(level)s intervals") % LEVEL
        ),
        "unit_chart": charts.interval_chart(unit_rows, title=_("Index by unit, with %(level)s intervals") % LEVEL)
        if len(results.units) > 1
        else "",
        "legend": charts.legend(),
        "papi": comparison.province_papi(survey, results),
    }


@declare("view", Survey)
def survey_results(request, pk):
    survey = _survey(request, pk)
    results = scoring.compute(survey)
    context = results_context(survey, results)
    context["can_draft"] = policy.can(request.user, "view", survey) and any(
        policy.can(request.user, "change", plan) for plan in comparison.draft_plans(survey)
    )
    context["factor_choices"] = Factor.choices
    return render(request, "surveys/survey_results.html", context)


@declare("view", Survey)
@require_POST
def survey_draft_task(request, pk):
    survey = _survey(request, pk)
    try:
        task = services.draft_task_for_factor(survey, request.POST.get("factor", ""), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("surveys:survey_results", args=[survey.pk]))
    messages.success(request, _("A draft task was added to the plan: write what will be done."))
    return HttpResponseRedirect(reverse("plans:task_edit", args=[task.pk]))


@declare("view", Survey)
def survey_responses_xlsx(request, pk):
    survey = _survey(request, pk)
    if not policy.can(request.user, "view", Response):
        raise PermissionDenied
    return filetypes.attachment(exporters.responses_xlsx(survey), f"phieu-tra-loi-{survey.pk}.xlsx")


@declare("view", Survey)
def survey_indices_xlsx(request, pk):
    survey = _survey(request, pk)
    return filetypes.attachment(exporters.indices_xlsx(scoring.compute(survey)), f"chi-so-{survey.pk}.xlsx")


@declare("view", Survey)
def survey_summary_docx(request, pk):
    survey = _survey(request, pk)
    results = scoring.compute(survey)
    notes = comparison.summary_lines(survey, results)
    return filetypes.attachment(
        exporters.summary_docx(results, comparisons=notes), f"bao-cao-khao-sat-{survey.pk}.docx"
    )
