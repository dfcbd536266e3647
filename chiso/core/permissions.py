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

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from chiso.lib import tree

from .roles import Role

COORDINATOR, OFFICER, LEADER, INSPECTOR, SUPERVISOR = (
    Role.COORDINATOR.value,
    Role.OFFICER.value,
    Role.LEADER.value,
    Role.INSPECTOR.value,
    Role.SUPERVISOR.value,
)
ALL_ROLES = frozenset(Role.values)
# The roles that act. Supervision (the Fatherland Front, People's Councils) and inspection read and comment; they
# never act — not even through their agency's link to a task, a feedback item or a report (DESIGN §2).
ACTING_ROLES = frozenset({COORDINATOR, OFFICER, LEADER})
# What any member of a linked agency may do whatever their role; every other agency action needs an acting role.
READ_ACTIONS = frozenset({"view"})
NOBODY: frozenset[str] = frozenset()

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


# Each app declares the rules of its models in its own ``permissions.py`` (found at start-up, as ``jobs.py`` is);
# the engine below knows no app.
_registry: dict[type[Model], Rule] = {}

# (role, agency id, unit path) of a user's active roles, set by ``accounts`` (its cache of each person's roles).
_membership_loader = None


def set_membership_loader(loader) -> None:
    """Extension point: ``loader(user)`` returns the rows :meth:`Policy._memberships` would read."""
    global _membership_loader
    _membership_loader = loader


# Reference data: public to read, changed by administrators only.
REFERENCE = Rule(unit_lookup=None, public=frozenset({"view"}))


def register(rule: Rule, *models: type[Model]) -> None:
    """Declare how the policy treats ``models`` (called from an app's ``permissions.py``)."""
    for model in models:
        concrete = model._meta.concrete_model
        if concrete in _registry and _registry[concrete] != rule:
            raise ImproperlyConfigured(f"Two permission rules for {concrete.__name__}")
        _registry[concrete] = rule


def discover() -> None:
    """Import every installed app's ``permissions`` module so that its rules are registered (idempotent)."""
    autodiscover_modules("permissions")


class Policy:
    """Answers "may this user do X to this object?" and "which objects may this user see?"."""

    @property
    def rules(self) -> dict[type[Model], Rule]:
        return _registry

    def rule_for(self, model) -> Rule:
        model = model if isinstance(model, type) else model.__class__
        concrete = model._meta.concrete_model
        try:
            return self.rules[concrete]
        except KeyError:
            raise LookupError(
                f"No permission rule for {concrete.__name__}: register one in its app's permissions.py"
            ) from None

    # --- who the user is ------------------------------------------------------------------------------
    @staticmethod
    def is_admin(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.is_superuser)

    @staticmethod
    def _memberships(user) -> list[tuple[str, int, str]]:
        """(role, agency id, unit path) of the user's active roles, cached on the user per request; read through
        the loader ``accounts`` sets (:func:`set_membership_loader`: kept in the cache across requests), else one
        query."""
        rows = getattr(user, "_chiso_memberships", None)
        if rows is None:
            if _membership_loader is not None:
                rows = _membership_loader(user)
            else:
                rows = list(
                    user.memberships.filter(is_active=True, agency__is_active=True).values_list(
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
        return tree.minimal(paths)

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
            return any(tree.is_within(unit.path, p) for p in paths)
        return True

    def allowed(self, user, actions, obj, *, fresh: bool = False) -> set[str]:
        """Which of ``actions`` ``user`` may take on ``obj``: :meth:`can` for each, with one query for them all
        (the row's unit path as saved) instead of one per action — a page that shows a button per action asks
        this once. ``fresh``: the row and the relations to its unit were read from the database in this request
        and not changed since (a detail page's object): their path is read from them, without a query. Actions
        that only :meth:`scope` can decide (an agency link) still run its query."""
        rule = self.rule_for(obj)
        path = None
        if rule.unit_lookup is not None and user and user.is_authenticated and not self.is_admin(user):
            path = getattr(obj, "_chiso_saved_unit_path", None)  # asked already for this row (same request)
            if path is None and fresh:
                unit = obj
                for part in rule.unit_lookup.split("__") if rule.unit_lookup else ():
                    unit = getattr(unit, part, None)  # loaded with the row, or once here
                path = getattr(unit, "path", None) if unit is not None else None
            if path is None:
                field = f"{rule.unit_lookup}__path" if rule.unit_lookup else "path"
                path = obj.__class__._default_manager.filter(pk=obj.pk).values_list(field, flat=True).first()
                obj._chiso_saved_unit_path = path
        result = set()
        for action in actions:
            decided = None if path is None else self._decide_on_path(user, rule, action, obj, path)
            if decided if decided is not None else self.can(user, action, obj):
                result.add(action)
        return result

    def _decide_on_path(self, user, rule: Rule, action: str, obj, path: str) -> bool | None:
        """:meth:`can` of a row whose unit path is ``path``, without a query; ``None`` when only the query can
        tell (an agency link could grant it)."""
        if not user.is_active:
            return None
        if action == HISTORY:  # as history_scope decides
            if "view" not in rule.public:
                return self._decide_on_path(user, rule, "view", obj, path)
            return any(tree.is_within(path, p) for p in self.unit_paths(user, ALL_ROLES))
        if action in rule.public or action in rule.authenticated:
            return None
        if rule.self_lookup and action == "view" and self._is_own(user, rule, obj):
            return True
        if any(tree.is_within(path, p) for p in self.unit_paths(user, self.roles_for(rule, action))):
            return True
        if rule.ancestors_view and action == "view" and path in tree.ancestor_paths(self.unit_paths(user, ALL_ROLES)):
            return True
        if rule.agency_lookup and action in rule.agency_actions and self.agency_ids(user, action):
            return None
        return False

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
            conditions.append(tree.subtree_q(paths, rule.unit_lookup))
        if rule.self_lookup and action == "view":
            conditions.append(Q(**{rule.self_lookup: user.pk}))
        if rule.ancestors_view and action == "view" and rule.unit_lookup is not None:
            paths_of_all_roles = self.unit_paths(user, ALL_ROLES)
            if paths_of_all_roles:
                conditions.append(tree.ancestors_q(paths_of_all_roles, rule.unit_lookup))
        if rule.agency_lookup and action in rule.agency_actions:
            agency_ids = self.agency_ids(user, action)
            if agency_ids:
                conditions.append(Q(**{f"{rule.agency_lookup}__in": agency_ids}))
        if not conditions:
            return queryset.none()
        combined = conditions[0]
        for condition in conditions[1:]:
            combined |= condition
        scoped = queryset.filter(combined)
        return scoped.distinct() if rule.distinct else scoped

    def units_where(self, user, action: str, model, lookup: str = "") -> Q:
        """The condition "the unit (reached by ``lookup``) is one where ``user`` may take ``action`` on ``model``
        by role" — what forms offer and services accept; administrators may act everywhere."""
        if self.is_admin(user):
            return Q()
        return tree.subtree_q(self.unit_paths(user, self.roles_for(self.rule_for(model), action)), lookup)

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
        scoped = queryset.filter(tree.subtree_q(paths, rule.unit_lookup))
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
        # django.contrib.auth.views imports the auth models; the models' modules import this one.
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
