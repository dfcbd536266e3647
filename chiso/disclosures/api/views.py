"""Disclosure API: the same services and the same policy as the screens.

``types/`` the rules (public to read); ``duties/`` what units must post (``POST``: record an event); ``/`` the
postings with their places, photos and documents (``POST``: record one; ``confirm/``, ``withdraw/``, ``take-down/``,
``photos/``, ``documents/``); ``compliance/?unit=&period=``; ``public/<code>/`` what a unit has posted, for anyone.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from chiso.citizens.querysets import unit_by_code
from chiso.core.api import PolicyViewSet
from chiso.core.permissions import PUBLIC, Declaration, policy
from chiso.core.services import create_object, update_object
from chiso.plans.api.serializers import ReasonInputSerializer
from chiso.units.models import AdministrativeUnit

from .. import compliance, periods, services
from ..models import DisclosureType, Duty, Posting, PostingPlace
from ..sections import current_postings
from .serializers import (
    ConfirmInputSerializer,
    DisclosureTypeSerializer,
    DocumentSerializer,
    DocumentUpload,
    DutySerializer,
    EventInputSerializer,
    PhotoSerializer,
    PhotoUpload,
    PlaceSerializer,
    PostingInputSerializer,
    PostingSerializer,
    TakeDownInputSerializer,
)


class DisclosureTypeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """The disclosure rules with their legal basis (anyone may read them); administrators and coordinators keep
    them. Filters: ``recurrence``, ``level``, ``is_active``."""

    public = True
    queryset = DisclosureType.objects.select_related("unit").order_by("position", "name")
    serializer_class = DisclosureTypeSerializer
    filterset_fields = ["recurrence", "level", "is_active"]
    policy_actions = {"list": "view", "retrieve": "view", "create": "add", "partial_update": "change"}
    scope_action = "view"

    def create(self, request):
        data = DisclosureTypeSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        rule = create_object(DisclosureType(**data.validated_data), actor=request.user)
        return Response(DisclosureTypeSerializer(rule).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        rule = get_object_or_404(policy.scope(request.user, "change", DisclosureType.objects.all()), pk=pk)
        data = DisclosureTypeSerializer(rule, data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        for field, value in data.validated_data.items():
            setattr(rule, field, value)
        rule = update_object(rule, actor=request.user, loaded_version=request.data.get("version"))
        return Response(DisclosureTypeSerializer(rule).data)


class DutyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """What units must post. ``POST``: record the event that makes a unit post under a rule. Filters: ``unit``,
    ``type``, ``key``."""

    queryset = Duty.objects.select_related("unit", "type").order_by("due_on", "id")
    serializer_class = DutySerializer
    filterset_fields = ["unit", "type", "key"]
    policy_actions = {"list": "view", "retrieve": "view", "create": "add"}
    scope_action = "view"

    @extend_schema(request=EventInputSerializer, responses={201: DutySerializer})
    def create(self, request):
        data = EventInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        duty = services.record_event(
            unit=values["unit"],
            rule=values["type"],
            actor=request.user,
            event=values["event"],
            trigger_on=values["trigger_on"],
        )
        return Response(DutySerializer(duty).data, status=status.HTTP_201_CREATED)


class PostingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Postings with their places (dates, photos) and documents. Filters: ``duty``, ``status``, ``duty__unit``."""

    queryset = (
        Posting.objects.select_related("duty__unit", "duty__type")
        .prefetch_related("places__photos", "documents")
        .order_by("-created_at", "-id")
    )
    serializer_class = PostingSerializer
    filterset_fields = ["duty", "status", "duty__unit"]
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    policy_actions = {
        "list": "view",
        "retrieve": "view",
        "create": "add",
        "confirm": "view",
        "withdraw": "view",
        "take_down": "view",
        "photos": "view",
        "documents": "view",
    }
    scope_action = "view"

    def _fresh(self, posting):
        return Response(PostingSerializer(self.get_queryset().get(pk=posting.pk)).data)

    @extend_schema(request=PostingInputSerializer, responses={201: PostingSerializer})
    def create(self, request):
        data = PostingInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        posting = services.record_posting(
            values["duty"],
            actor=request.user,
            title=values["title"],
            reference=values.get("reference", ""),
            note=values.get("note", ""),
            places=[dict(place) for place in values["places"]],
        )
        return Response(PostingSerializer(self.get_queryset().get(pk=posting.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConfirmInputSerializer, responses={200: PostingSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm a draft posting (each place on a board needs a dated photo)."""
        data = ConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        posting = services.confirm_posting(
            self.get_object(), actor=request.user, loaded_version=data.validated_data.get("version")
        )
        return self._fresh(posting)

    @extend_schema(request=ReasonInputSerializer, responses={200: PostingSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._fresh(
            services.withdraw_posting(self.get_object(), actor=request.user, reason=data.validated_data["reason"])
        )

    def _place_input(self, serializer_class):
        """The checked input of an action on one place of this posting, and that place (a 404 if the posting has no
        such place)."""
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        places = PostingPlace.objects.select_related("posting__duty")
        place = places.filter(posting=self.get_object(), pk=values["place"]).first()
        if place is None:
            raise Http404
        return place, values

    @extend_schema(request=TakeDownInputSerializer, responses={200: PlaceSerializer})
    @action(detail=True, methods=["post"], url_path="take-down")
    def take_down(self, request, pk=None):
        """The day a place's document came down (with the reason when before the minimum period)."""
        place, values = self._place_input(TakeDownInputSerializer)
        place = services.take_down_place(
            place,
            actor=request.user,
            posted_to=values["posted_to"],
            reason=values.get("reason", ""),
            loaded_version=values.get("version"),
        )
        return Response(PlaceSerializer(place).data)

    @extend_schema(request={"multipart/form-data": PhotoUpload}, responses={201: PhotoSerializer})
    @action(detail=True, methods=["post"])
    def photos(self, request, pk=None):
        """A dated photo of one place (checked as evidence is)."""
        place, values = self._place_input(PhotoUpload)
        photo = services.add_photo(place, actor=request.user, upload=values["file"], taken_on=values["taken_on"])
        return Response(PhotoSerializer(photo).data, status=status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": DocumentUpload}, responses={201: DocumentSerializer})
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        data = DocumentUpload(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.add_document(self.get_object(), actor=request.user, upload=data.validated_data["file"])
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


def _line(line):
    place = line.place
    return {
        "unit": line.duty.unit_id,
        "unit_name": line.duty.unit.name,
        "duty": line.duty.pk,
        "type": line.duty.type.code,
        "label": line.duty.label,
        "due_on": line.duty.due_on,
        "kind": line.kind,
        "place": place.pk if place else None,
        "place_name": place.name if place else "",
        "posted_from": place.posted_from if place else None,
        "posted_to": place.posted_to if place else None,
        "state": line.state,
        "counted": not line.extra,
    }


class ComplianceView(APIView):
    """``?unit=<id>&period=2025`` (or ``2025-Q3``): expected, on time, late, taken down early, missing, not yet due,
    per unit below and per line (``state=`` to keep one state)."""

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind="model", action="view", model=Duty)

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, required=True),
            OpenApiParameter("period", str, description="2025 or 2025-Q3"),
            OpenApiParameter("state", str),
        ],
        responses={200: dict},
    )
    def get(self, request):
        today = timezone.localdate()
        try:
            unit = AdministrativeUnit.objects.get(pk=int(request.query_params.get("unit", "")))
        except (ValueError, AdministrativeUnit.DoesNotExist):
            raise Http404 from None
        if not policy.can(request.user, "view", Duty, unit=unit):
            raise Http404
        key = request.query_params.get("period") or str(today.year)
        start, end = periods.parse(key)
        result = compliance.compute(unit, start, end, today=today)
        state = request.query_params.get("state") or ""
        return Response(
            {
                "unit": unit.pk,
                "period": key,
                "expected": result.expected,
                "counts": result.counts,
                "rate": result.rate,
                "units": [
                    {"unit": u.pk, "name": u.name, "expected": part.expected, "counts": part.counts, "rate": part.rate}
                    for u, part in result.by_unit()
                ],
                "lines": [_line(line) for line in compliance.lines_in(result, state)],
            }
        )


class PublicListView(APIView):
    """What a unit has posted and that is up today (anyone may read it): what, where, until when, documents of the
    postings on the web portal."""

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)

    @extend_schema(responses={200: dict})
    def get(self, request, code):
        unit = unit_by_code(code)
        rows = current_postings(unit, timezone.localdate())
        return Response(
            {
                "unit": {"code": unit.code, "name": unit.name},
                "postings": [
                    {
                        "title": row["posting"].title,
                        "reference": row["posting"].reference,
                        "type": row["duty"].type.name,
                        "period": row["duty"].label,
                        "places": [
                            {
                                "place": p["place"].pk,
                                "kind": p["place"].kind,
                                "name": p["place"].name,
                                "from": p["place"].posted_from,
                                "until": p["until"],
                            }
                            for p in row["places"]
                        ],
                        "documents": [
                            {
                                "name": d.name,
                                "url": request.build_absolute_uri(reverse("disclosures:public_document", args=[d.pk])),
                            }
                            for d in row["documents"]
                        ],
                    }
                    for row in rows
                ],
            }
        )
