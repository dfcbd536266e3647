"""The one permission policy: who may do what to which records.

Every view and API endpoint declares what it needs (:func:`declare` / ``policy_action`` on a class-based
view), :class:`PolicyEnforcementMiddleware` refuses any view that declares nothing, and querysets a user
sees are cut by :meth:`Policy.scope` — views never filter by hand (STYLE rule 3; NetBox ``restrict``,
Wagtail permission policies).

A role is held in an agency and applies to the agency's unit and every unit below it (DESIGN §2):
a district coordinator sees the district and its communes; a commune officer sees the commune.
The system administrator (``is_superuser``) may do everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

COORDINATOR, OFFICER, LEADER, INSPECTOR, SUPERVISOR = "coordinator", "officer", "leader", "inspector", "supervisor"
ALL_ROLES = frozenset({COORDINATOR, OFFICER, LEADER, INSPECTOR, SUPERVISOR})
NOBODY: frozenset[str] = frozenset()
# The roles that act. Supervision (the Fatherland Front, People's Councils) and inspection read and comment; they
# never act — not even through their agency's link to a task, a feedback item or a report (DESIGN §2).
ACTING_ROLES = frozenset({COORDINATOR, OFFICER, LEADER})
# What any member of a linked agency may do whatever their role; every other agency action needs an acting role.
READ_ACTIONS = frozenset({"view"})

# Views that anyone may open (citizens have no account) and views that need only a login.
PUBLIC = "public"
AUTHENTICATED = "authenticated"
# A record's history (who changed what, every field before and after) is for officials who may view the record,
# never for the public even when the record itself is public: see Policy.history_scope.
HISTORY = "history"


@dataclass(frozen=True)
class Rule:
    """How the policy treats one model.

    ``unit_lookup`` leads from the record to its administrative unit ("" when the record *is* a unit,
    ``None`` when the model is not tied to a unit). ``public`` actions are open to anyone, ``authenticated``
    ones to any logged-in official; ``roles`` maps every other action to the roles that may take it inside
    their subtree. Anything not listed is for administrators only.
    """

    unit_lookup: str | None
    public: frozenset[str] = NOBODY
    authenticated: frozenset[str] = NOBODY
    roles: dict[str, frozenset[str]] = field(default_factory=dict)
    # Officials may always see their own record of this model (a user sees their own account).
    self_lookup: str | None = None
    distinct: bool = False
    # Actions the members of a related agency may take, wherever they sit: an officer of a lead or
    # coordinating agency records progress on the task, even when the task belongs to an upper-level plan.
    # Reading is open to every member; acting only to those holding an acting role there (ACTING_ROLES).
    agency_lookup: str | None = None
    agency_actions: frozenset[str] = NOBODY
    # Officials also see these records of the units above theirs: a ward implements the town's plan.
    ancestors_view: bool = False


def _rules():
    # Imported here: the policy module is loaded by apps' querysets before the app registry is ready.
    from chiso.accounts.models import Membership, User
    from chiso.citizens.models import (
        Dialogue,
        DialogueCommitment,
        Feedback,
        FeedbackAttachment,
        FeedbackCategory,
        ReceptionSession,
        RoutingRule,
    )
    from chiso.core.models import AuditEntry, CalendarException
    from chiso.imports.models import ImportedDeadline, PlanImport
    from chiso.indices.models import Dimension, Index, Indicator, Score, SubDimension
    from chiso.notifications.models import Notification
    from chiso.plans.models import Evidence, Plan, PlanAmendment, ProgressUpdate, Target, Task, TaskAgency
    from chiso.reporting.models import Attachment, ConsolidatedReport, Period, Request, Schedule, Submission
    from chiso.results.models import ResultsRelease
    from chiso.units.models import AdministrativeUnit, Agency, UnitSuccession

    reference = Rule(unit_lookup=None, public=frozenset({"view"}))
    return {
        # Reference data is public; only administrators change it.
        AdministrativeUnit: Rule(unit_lookup="", public=frozenset({"view"})),
        UnitSuccession: reference,
        Index: reference,
        Dimension: reference,
        SubDimension: reference,
        Indicator: reference,
        Score: reference,
        # Who loaded which year of results: public like the scores; only administrators load a year.
        ResultsRelease: reference,
        # Agencies: every official sees those of their subtree; the standing body keeps them up to date.
        Agency: Rule(
            unit_lookup="unit",
            roles={
                "view": ALL_ROLES,
                "add": frozenset({COORDINATOR}),
                "change": frozenset({COORDINATOR}),
            },
        ),
        # People: officials see the people of their subtree; only administrators grant roles.
        User: Rule(
            unit_lookup="memberships__agency__unit",
            roles={"view": ALL_ROLES},
            self_lookup="pk",
            distinct=True,
        ),
        Membership: Rule(unit_lookup="agency__unit", roles={"view": ALL_ROLES}, self_lookup="user_id"),
        CalendarException: Rule(unit_lookup=None, authenticated=frozenset({"view"})),
        # The audit trail is read through the record it belongs to; listing it whole is for administrators.
        AuditEntry: Rule(unit_lookup=None),
        # Plans: officials of the unit and above see them; the standing body drafts them, leaders issue them.
        Plan: Rule(
            unit_lookup="unit",
            ancestors_view=True,
            roles={
                "view": ALL_ROLES,
                "add": frozenset({COORDINATOR}),
                "change": frozenset({COORDINATOR}),
                "delete": frozenset({COORDINATOR}),
                "submit": frozenset({COORDINATOR}),
                "issue": frozenset({LEADER}),
                "amend": frozenset({COORDINATOR, LEADER}),
            },
        ),
        Target: Rule(
            unit_lookup="plan__unit", roles={"view": ALL_ROLES, "change": frozenset({COORDINATOR})}, ancestors_view=True
        ),
        Task: Rule(
            unit_lookup="plan__unit",
            ancestors_view=True,
            roles={
                "view": ALL_ROLES,
                "add": frozenset({COORDINATOR}),
                "change": frozenset({COORDINATOR}),
                "delete": frozenset({COORDINATOR}),
                "progress": frozenset({COORDINATOR}),
            },
            agency_lookup="agency_links__agency",
            agency_actions=frozenset({"view", "progress"}),
            distinct=True,
        ),
        TaskAgency: Rule(unit_lookup="task__plan__unit", roles={"view": ALL_ROLES}, ancestors_view=True),
        ProgressUpdate: Rule(
            unit_lookup="task__plan__unit",
            roles={"view": ALL_ROLES},
            agency_lookup="task__agency_links__agency",
            agency_actions=frozenset({"view"}),
            distinct=True,
        ),
        Evidence: Rule(
            unit_lookup="update__task__plan__unit",
            roles={"view": ALL_ROLES},
            agency_lookup="update__task__agency_links__agency",
            agency_actions=frozenset({"view"}),
            distinct=True,
        ),
        PlanAmendment: Rule(unit_lookup="plan__unit", roles={"view": ALL_ROLES}),
        # Citizens' feedback carries contact details: only its handlers see it — officers, leaders and the
        # standing body of the unit and above, and anyone in the agency it was routed to. Leaders publish.
        FeedbackCategory: reference,
        Feedback: Rule(
            unit_lookup="unit",
            roles={
                "view": frozenset({COORDINATOR, OFFICER, LEADER}),
                "handle": frozenset({COORDINATOR, OFFICER}),
                "approve": frozenset({LEADER}),
                "stats": frozenset({COORDINATOR, LEADER}),
            },
            agency_lookup="agency",
            agency_actions=frozenset({"view", "handle"}),
        ),
        FeedbackAttachment: Rule(
            unit_lookup="feedback__unit",
            roles={"view": frozenset({COORDINATOR, OFFICER, LEADER})},
            agency_lookup="feedback__agency",
            agency_actions=frozenset({"view"}),
        ),
        RoutingRule: Rule(
            unit_lookup="unit",
            roles={
                "view": frozenset({COORDINATOR, OFFICER, LEADER}),
                "add": frozenset({COORDINATOR}),
                "change": frozenset({COORDINATOR}),
                "delete": frozenset({COORDINATOR}),
            },
        ),
        # The reception schedule and dialogues are public; the unit's officers keep them.
        ReceptionSession: Rule(
            unit_lookup="unit",
            public=frozenset({"view"}),
            roles={
                "add": frozenset({COORDINATOR, OFFICER}),
                "change": frozenset({COORDINATOR, OFFICER}),
                "delete": frozenset({COORDINATOR, OFFICER}),
                "record": frozenset({COORDINATOR, OFFICER, LEADER}),
            },
        ),
        Dialogue: Rule(
            unit_lookup="unit",
            public=frozenset({"view"}),
            roles={
                "add": frozenset({COORDINATOR, OFFICER}),
                "change": frozenset({COORDINATOR, OFFICER}),
                "delete": frozenset({COORDINATOR, OFFICER}),
                "record": frozenset({COORDINATOR, OFFICER, LEADER}),
                "commit": frozenset({COORDINATOR}),
            },
        ),
        DialogueCommitment: Rule(unit_lookup="dialogue__unit", public=frozenset({"view"})),
        # Reporting: the standing body of the plan's unit sets schedules, opens periods, reviews and consolidates;
        # the agency that owes a report (its officers, and the coordinators above it) drafts and submits it;
        # the leader approves the consolidated report.
        Schedule: Rule(
            unit_lookup="plan__unit",
            roles={"view": ALL_ROLES, "add": frozenset({COORDINATOR}), "change": frozenset({COORDINATOR})},
        ),
        Period: Rule(
            unit_lookup="schedule__plan__unit",
            roles={
                "view": ALL_ROLES,
                "change": frozenset({COORDINATOR}),
                "review": frozenset({COORDINATOR}),
                "consolidate": frozenset({COORDINATOR}),
            },
            agency_lookup="requests__agency",
            agency_actions=frozenset({"view"}),
            distinct=True,
        ),
        Request: Rule(
            unit_lookup="agency__unit",
            # Officers report for their own agency; a coordinator may also enter a report on behalf of an agency
            # of their subtree (e.g. the ward's committee, or a report received on paper).
            roles={"view": ALL_ROLES, "report": frozenset({COORDINATOR})},
            agency_lookup="agency",
            agency_actions=frozenset({"view", "report"}),
        ),
        Submission: Rule(
            unit_lookup="request__agency__unit",
            roles={"view": ALL_ROLES},
            agency_lookup="request__agency",
            agency_actions=frozenset({"view"}),
        ),
        Attachment: Rule(
            unit_lookup="submission__request__agency__unit",
            roles={"view": ALL_ROLES},
            agency_lookup="submission__request__agency",
            agency_actions=frozenset({"view"}),
        ),
        ConsolidatedReport: Rule(
            unit_lookup="unit",
            roles={
                "view": ALL_ROLES,
                "change": frozenset({COORDINATOR}),
                "approve": frozenset({LEADER}),
            },
        ),
        # A notice is its recipient's alone.
        Notification: Rule(unit_lookup=None, self_lookup="recipient_id"),
        # Plan imports: the standing body uploads a unit's documents and confirms what was read.
        PlanImport: Rule(
            unit_lookup="unit",
            roles=dict.fromkeys(("view", "add", "change"), frozenset({COORDINATOR})),
        ),
        ImportedDeadline: Rule(unit_lookup="plan__unit", roles={"view": ALL_ROLES}, ancestors_view=True),
    }


class Policy:
    """Answers "may this user do X to this object?" and "which objects may this user see?"."""

    _rules_cache: dict | None = None

    @property
    def rules(self) -> dict[type[Model], Rule]:
        if self._rules_cache is None:
            self._rules_cache = _rules()
        return self._rules_cache

    def rule_for(self, model) -> Rule:
        model = model if isinstance(model, type) else model.__class__
        concrete = model._meta.concrete_model
        try:
            return self.rules[concrete]
        except KeyError:
            raise LookupError(f"No permission rule for {concrete.__name__}: add one to core/permissions.py") from None

    # --- who the user is ------------------------------------------------------------------------------
    @staticmethod
    def is_admin(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.is_superuser)

    @staticmethod
    def _memberships(user) -> list[tuple[str, int, str]]:
        """(role, agency id, unit path) of the user's active roles: one query, cached on the user per request."""
        rows = getattr(user, "_chiso_memberships", None)
        if rows is None:
            from chiso.accounts.models import Membership

            rows = list(
                Membership.objects.filter(user=user, is_active=True, agency__is_active=True).values_list(
                    "role", "agency_id", "agency__unit__path"
                )
            )
            user._chiso_memberships = rows
        return rows

    @staticmethod
    def unit_paths(user, roles) -> list[str]:
        """Paths of the units where ``user`` holds one of ``roles`` (cached on the user object per request)."""
        if not (user and user.is_authenticated and user.is_active) or not roles:
            return []
        cache = getattr(user, "_chiso_role_paths", None)
        if cache is None:
            cache = {}
            for role, _agency_id, path in Policy._memberships(user):
                cache.setdefault(role, set()).add(path)
            user._chiso_role_paths = cache
        paths = set()
        for role in roles:
            paths |= cache.get(role, set())
        # Drop paths already covered by a shorter one, so queries carry fewer conditions.
        ordered = sorted(paths, key=len)
        kept: list[str] = []
        for path in ordered:
            if not any(path == k or path.startswith(k + ".") for k in kept):
                kept.append(path)
        return kept

    @staticmethod
    def ancestor_paths(paths) -> list[str]:
        """ "L.33.328.12124" → ["L.33", "L.33.328"]: the units above, read from the materialised path."""
        above = set()
        for path in paths:
            parts = path.split(".")
            for i in range(2, len(parts)):
                above.add(".".join(parts[:i]))
        return sorted(above)

    @staticmethod
    def agency_ids(user, action: str = "view") -> set[int]:
        """Agencies through which ``user`` may take ``action``: any of their agencies to read, only those where they
        hold an acting role to act (cached on the user object per request)."""
        if not (user and user.is_authenticated and user.is_active):
            return set()
        cached = getattr(user, "_chiso_agency_roles", None)
        if cached is None:
            cached = {}
            for role, agency_id, _path in Policy._memberships(user):
                cached.setdefault(agency_id, set()).add(role)
            user._chiso_agency_roles = cached
        if action in READ_ACTIONS:
            return set(cached)
        return {agency_id for agency_id, roles in cached.items() if roles & ACTING_ROLES}

    def roles_for(self, rule: Rule, action: str) -> frozenset[str]:
        return rule.roles.get(action, NOBODY)

    # --- decisions ----------------------------------------------------------------------------------
    def can(self, user, action: str, obj_or_model, *, unit=None) -> bool:
        """May ``user`` take ``action`` on this object (or, given a model class, on some/this unit's rows)?"""
        if action == HISTORY:
            return self._can_see_history(user, obj_or_model)
        rule = self.rule_for(obj_or_model)
        if action in rule.public:
            return True
        if not (user and user.is_authenticated and user.is_active):
            return False
        if self.is_admin(user) or action in rule.authenticated:
            return True
        roles = self.roles_for(rule, action)
        paths = self.unit_paths(user, roles)
        is_instance = not isinstance(obj_or_model, type)
        if is_instance and rule.self_lookup and self._is_own(user, rule, obj_or_model) and action == "view":
            return True
        by_agency = action in rule.agency_actions and bool(self.agency_ids(user, action))
        if not is_instance and by_agency:
            return True
        by_ancestry = rule.ancestors_view and action == "view" and bool(self.unit_paths(user, ALL_ROLES))
        if (not paths and not by_agency and not by_ancestry) or (rule.unit_lookup is None and not by_agency):
            return False
        if is_instance:
            return self.scope(user, action, obj_or_model.__class__._default_manager.filter(pk=obj_or_model.pk)).exists()
        if unit is not None:
            return any(unit.path == p or unit.path.startswith(p + ".") for p in paths)
        return True

    @staticmethod
    def _is_own(user, rule: Rule, obj) -> bool:
        value = getattr(obj, rule.self_lookup.replace("__", "."), None) if rule.self_lookup else None
        return value == user.pk

    def require(self, user, action: str, obj_or_model, *, unit=None) -> None:
        if not self.can(user, action, obj_or_model, unit=unit):
            raise PermissionDenied

    def scope(self, user, action: str, queryset: QuerySet) -> QuerySet:
        """The rows of ``queryset`` on which ``user`` may take ``action``."""
        if action == HISTORY:
            return self.history_scope(user, queryset)
        rule = self.rule_for(queryset.model)
        if action in rule.public or self.is_admin(user):
            return queryset
        if not (user and user.is_authenticated and user.is_active):
            return queryset.none()
        if action in rule.authenticated:
            return queryset
        conditions = []
        paths = self.unit_paths(user, self.roles_for(rule, action))
        if paths and rule.unit_lookup is not None:
            prefix = f"{rule.unit_lookup}__" if rule.unit_lookup else ""
            for path in paths:
                conditions.append(Q(**{f"{prefix}path": path}) | Q(**{f"{prefix}path__startswith": path + "."}))
        if rule.self_lookup and action == "view":
            conditions.append(Q(**{rule.self_lookup: user.pk}))
        if rule.ancestors_view and action == "view" and rule.unit_lookup is not None:
            above = self.ancestor_paths(self.unit_paths(user, ALL_ROLES))
            if above:
                prefix = f"{rule.unit_lookup}__" if rule.unit_lookup else ""
                conditions.append(Q(**{f"{prefix}path__in": above}))
        if rule.agency_lookup and action in rule.agency_actions:
            agency_ids = self.agency_ids(user, action)
            if agency_ids:
                conditions.append(Q(**{f"{rule.agency_lookup}__in": agency_ids}))
        if not conditions:
            return queryset.none()
        scoped = queryset.filter(reduce(or_, conditions))
        return scoped.distinct() if rule.distinct else scoped

    # --- history ------------------------------------------------------------------------------------
    def history_scope(self, user, queryset: QuerySet) -> QuerySet:
        """The rows whose history ``user`` may read: those the user may view as an official, never anonymously.

        A public record (a reception session, a unit) is viewable by anyone, but its history names officials and
        shows fields the public page hides, so it is for the officials of the record's unit and the units above
        (any role); public reference data not tied to a unit (the PAPI framework, feedback categories) for any
        official.
        """
        if not (user and user.is_authenticated and user.is_active):
            return queryset.none()
        rule = self.rule_for(queryset.model)
        if self.is_admin(user) or "view" not in rule.public:
            return self.scope(user, "view", queryset)
        if rule.unit_lookup is None:
            return queryset
        paths = self.unit_paths(user, ALL_ROLES)
        if not paths:
            return queryset.none()
        prefix = f"{rule.unit_lookup}__" if rule.unit_lookup else ""
        conditions = [Q(**{f"{prefix}path": p}) | Q(**{f"{prefix}path__startswith": p + "."}) for p in paths]
        scoped = queryset.filter(reduce(or_, conditions))
        return scoped.distinct() if rule.distinct else scoped

    def _can_see_history(self, user, obj_or_model) -> bool:
        if not (user and user.is_authenticated and user.is_active):
            return False
        if isinstance(obj_or_model, type):
            # Any official for a public model (history_scope then cuts the rows: out of reach is a 404);
            # otherwise whoever may view some rows of the model.
            return "view" in self.rule_for(obj_or_model).public or self.can(user, "view", obj_or_model)
        model = obj_or_model.__class__
        return self.history_scope(user, model._default_manager.filter(pk=obj_or_model.pk)).exists()

    def can_anywhere(self, user, action: str, model) -> bool:
        """True when ``user`` may take ``action`` on at least some rows of ``model`` (menus, buttons)."""
        return self.can(user, action, model)

    # --- references a write takes ------------------------------------------------------------------------
    def usable(self, user, model, *, among: QuerySet | None = None) -> QuerySet:
        """The rows of ``model`` that ``user`` may name in a write (an agency, a unit, a plan, a task…): ``among``,
        the choices the domain allows for this write (the same queryset the page's form offers), or by default
        the rows the user may see."""
        if among is not None:
            return among
        return self.scope(user, "view", model._default_manager.all())

    def require_usable(self, user, refs, *, field: str, among: QuerySet | None = None) -> None:
        """Refuse a write that names a row ``user`` may not use for ``field``: the service checks what the form
        offers, so the API refuses exactly what the page refuses. ``refs`` is one row, several, or None.

        Raises a ``ValidationError`` on ``field`` (code ``not_usable``): the page shows it on the form with what was
        typed kept, the API answers 400 naming the field.
        """
        if refs is None:
            return
        rows = list(refs) if isinstance(refs, (list, tuple, set, frozenset, QuerySet)) else [refs]
        rows = [row for row in rows if row is not None]
        if not rows:
            return
        model = rows[0].__class__._meta.concrete_model
        allowed = self.usable(user, model, among=among)
        wanted = {row.pk for row in rows}
        found = set(allowed.filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted - found:
            raise ValidationError(
                {
                    # The row is not named: it may be one the user is not allowed to see.
                    field: ValidationError(
                        _("This choice is not available to you here (number %(id)s). Choose one of those offered."),
                        code="not_usable",
                        params={"id": min(wanted - found)},
                    )
                }
            )


policy = Policy()


# --- declarations on views --------------------------------------------------------------------------
@dataclass(frozen=True)
class Declaration:
    """What a view needs: ``kind`` is PUBLIC, AUTHENTICATED or "model" (``action`` on ``model``)."""

    kind: str
    action: str | None = None
    model: type | None = None

    def check(self, request) -> None:
        """Model-level gate run before the view: anonymous users go to the login page, others get 403."""
        from django.contrib.auth.views import redirect_to_login

        if self.kind == PUBLIC:
            return
        user = request.user
        if not user.is_authenticated:
            if self.kind == "model" and policy.can(user, self.action, self.model):
                return
            raise NotAuthenticated(redirect_to_login(request.get_full_path()))
        if self.kind == "model" and not policy.can(user, self.action, self.model):
            raise PermissionDenied


class NotAuthenticated(Exception):
    def __init__(self, response):
        super().__init__("login required")
        self.response = response


def declare(kind_or_action: str, model=None):
    """Decorator for function views: ``@declare(PUBLIC)``, ``@declare(AUTHENTICATED)``, ``@declare("view", Agency)``."""
    if model is None:
        declaration = Declaration(kind=kind_or_action)
    else:
        declaration = Declaration(kind="model", action=kind_or_action, model=model)

    def decorator(view):
        view.chiso_policy = declaration
        return view

    return decorator


def declaration_of(callback) -> Declaration | None:
    """The declaration a URL's callback carries: set on the function, its view class, or its DRF class."""
    for holder in (callback, getattr(callback, "view_class", None), getattr(callback, "cls", None)):
        if holder is None:
            continue
        declared = getattr(holder, "chiso_policy", None)
        if callable(declared) and not isinstance(declared, Declaration):
            declared = declared()
        if isinstance(declared, Declaration):
            return declared
    return None
