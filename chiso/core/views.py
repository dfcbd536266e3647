"""Generic views: every list, detail, edit, delete and history screen is declared in a few lines.

Each class carries its permission (``policy_action`` on ``model``) — :func:`chiso_policy` turns it into the
declaration that :class:`~chiso.core.middleware.PolicyEnforcementMiddleware` and the URL-role test read —
and reads its rows through :meth:`Policy.scope`, so a record outside the user's subtree is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import select_template
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from chiso.lib.htmx import is_partial

from . import home
from .audit import history_for
from .permissions import AUTHENTICATED, HISTORY, PUBLIC, Declaration, policy
from .services import ConflictError, create_object, delete_object, update_object
from .templatetags.chiso import display


class PolicyMixin:
    """Declares what the view needs and scopes its queryset through the policy."""

    model = None
    queryset = None
    policy_action = "view"

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind="model", action=cls.policy_action, model=cls.model)

    @classmethod
    def for_model(cls, model, **attrs):
        """This view for ``model`` with nothing of its own (a history tab, a delete page, a form page with only its
        form): the class a module would otherwise declare in two lines per model and page,
        ``class TaskHistoryView(ObjectHistoryView): model = Task``."""
        name = f"{model.__name__}{cls.__name__.removeprefix('Object')}"
        return type(name, (cls,), {"__module__": cls.__module__, "model": model, **attrs})

    def base_queryset(self):
        return self.queryset.all() if self.queryset is not None else self.model._default_manager.all()

    def get_queryset(self):
        return policy.scope(self.request.user, self.policy_action, self.base_queryset())

    def url_name(self, action):
        meta = self.model._meta
        return f"{meta.app_label}:{meta.model_name}_{action}"

    def try_reverse(self, action, *args):
        try:
            return reverse(self.url_name(action), args=args)
        except NoReverseMatch:
            return None

    def common_context(self):
        meta = self.model._meta
        return {
            "model_meta": meta,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
            "list_url": self.try_reverse("list"),
        }


class PublicPageView(TemplateView):
    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)


class LoginRequiredPageView(TemplateView):
    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=AUTHENTICATED)


class ObjectListView(PolicyMixin, View):
    """A filterable, searchable, paginated table. htmx requests get only the table."""

    filterset_class = None
    columns: list[tuple[str, str]] = []  # (attribute or "get_FOO_display", header)
    template_name = "core/object_list.html"
    partial_template_name = "core/partials/_object_table.html"
    paginate_by = 50
    select_related: tuple[str, ...] = ()
    ordering = None
    intro = ""

    def filter_queryset(self, queryset):
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
            if self.filterset.is_bound and self.filterset.is_valid():
                queryset = self.filterset.qs
            elif self.filterset.is_bound:
                queryset = queryset.none()
        return queryset

    def get(self, request, *args, **kwargs):

        queryset = self.get_queryset()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.ordering:
            queryset = queryset.order_by(*self.ordering)
        queryset = self.filter_queryset(queryset)
        paginator = Paginator(queryset, self.paginate_by)
        page = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            **self.common_context(),
            "page_obj": page,
            "object_list": page.object_list,
            "columns": self.columns,
            "filterset": self.filterset,
            "querystring": query.urlencode(),
            "add_url": self.try_reverse("add") if policy.can(request.user, "add", self.model) else None,
            "intro": self.intro,
        }
        context.update(self.extra_context(request))
        template = self.partial_template_name if is_partial(request) else self.template_name
        return render(request, template, context)

    def extra_context(self, request):
        return {}


class ObjectDetailView(PolicyMixin, View):
    """One record, its fields, the actions the user may take, and tabs (history among them)."""

    template_name = None
    fields: list[str] = []
    active_tab = "detail"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_template_names(self):
        meta = self.model._meta
        return [self.template_name or f"{meta.app_label}/{meta.model_name}_detail.html", "core/object_detail.html"]

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        # the object was just read: its unit's path decides the three without a query
        may = policy.allowed(request.user, ("change", "delete", HISTORY), self.object, fresh=True)
        context = {
            **self.common_context(),
            "object": self.object,
            "field_rows": self.field_rows(),
            "edit_url": self.try_reverse("edit", self.object.pk) if "change" in may else None,
            "delete_url": self.try_reverse("delete", self.object.pk) if "delete" in may else None,
            "history_url": self.try_reverse("history", self.object.pk) if HISTORY in may else None,
            "active_tab": self.active_tab,
        }
        context.update(self.extra_context(request))

        return render(request, select_template(self.get_template_names()).template.name, context)

    def field_rows(self):
        rows = []
        for name in self.fields:
            field = self.object._meta.get_field(name)
            display = getattr(self.object, f"get_{name}_display", None)
            value = display() if display else getattr(self.object, name)
            rows.append((field.verbose_name, value))
        return rows

    def extra_context(self, request):
        return {}


class ObjectHistoryView(ObjectDetailView):
    """The record's history tab: who changed what, when, before and after. For officials who may view the record,
    never for the public, even when the record itself is public (``policy.history_scope``)."""

    active_tab = "history"
    policy_action = HISTORY

    def get_template_names(self):
        return ["core/object_history.html"]

    def extra_context(self, request):
        return {"entries": history_for(self.object).select_related("actor")[:200]}


class ObjectEditView(PolicyMixin, View):
    """Create (no ``pk``) or update a record through the generic services; nothing typed is ever lost."""

    form_class = None
    template_name = "core/object_form.html"
    policy_action = "change"

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind="model", action=cls.policy_action, model=cls.model)

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {"user": self.request.user} if getattr(self.form_class, "takes_user", False) else {}

    def render_form(self, request, form, obj, status=200):
        context = {
            **self.common_context(),
            "form": form,
            "object": obj,
            "cancel_url": obj.get_absolute_url() if obj is not None else self.try_reverse("list"),
        }
        return render(request, self.template_name, context, status=status)

    def initial_for_new(self, request):
        return {}

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.form_class(
            instance=obj, initial=None if obj else self.initial_for_new(request), **self.get_form_kwargs()
        )
        return self.render_form(request, form, obj)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.form_class(request.POST, request.FILES, instance=obj, **self.get_form_kwargs())
        if not form.is_valid():
            return self.render_form(request, form, obj, status=400)
        instance = form.save(commit=False)
        try:
            if obj is None:
                instance = create_object(instance, actor=request.user, m2m_form=form)
                messages.success(request, _("Created “%(name)s”.") % {"name": instance})
            else:
                instance = update_object(
                    instance, actor=request.user, loaded_version=form.cleaned_data.get("loaded_version"), m2m_form=form
                )
                messages.success(request, _("Saved “%(name)s”.") % {"name": instance})
        except (ValidationError, PermissionDenied) as exc:
            return self.render_form(request, form, obj, status=refuse(form, obj, exc))
        return HttpResponseRedirect(instance.get_absolute_url())


class ObjectCreateView(ObjectEditView):
    policy_action = "add"


def refuse(form, obj, exc) -> int:
    """Show on ``form`` why the write of ``obj`` was refused; the status to answer with: 409 when someone else saved
    it meanwhile (both versions side by side, :func:`conflict_rows`), 403 when the actor may not, 400 otherwise."""
    if isinstance(exc, ConflictError):
        form.add_error(None, exc)
        form.conflict_rows = conflict_rows(form, obj)
        return 409
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("You are not allowed to make this change."))
        return 403
    _attach_errors(form, exc)
    return 400


def conflict_rows(form, obj):
    """[(label, saved by the other writer, typed here)] for the fields that differ: the second writer sees both
    versions side by side and decides (Wagtail's "Saving will overwrite a newer version")."""

    if obj is None or obj.pk is None:
        return []
    current = obj.__class__._default_manager.get(pk=obj.pk)
    rows = []
    for name, field in form.fields.items():
        if name == "loaded_version" or name not in form.cleaned_data:
            continue
        try:
            model_field = current._meta.get_field(name)
        except Exception:
            continue
        saved = list(getattr(current, name).all()) if model_field.many_to_many else getattr(current, name)
        typed = form.cleaned_data[name]
        if hasattr(typed, "all"):
            typed = list(typed)
        if saved != typed:
            rows.append((field.label, display(saved), display(typed)))
    return rows


def _attach_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


def error_messages(exc) -> list:
    """The messages of a ``ValidationError`` as one flat list (those of every field, then the form's own): what a
    function view shows above its form."""
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return exc.messages


def scoped_object(request, model, action, pk, queryset=None):
    """The row ``pk`` of ``model`` (or of ``queryset``) if ``request.user`` may take ``action`` on it, else a 404:
    a record outside the user's subtree does not exist for them."""
    base = queryset if queryset is not None else model._default_manager.all()
    return get_object_or_404(policy.scope(request.user, action, base), pk=pk)


def permitted_object(request, model, action, pk, queryset=None):
    """The row ``pk`` that ``request.user`` sees (else a 404, as :func:`scoped_object`) and may take ``action`` on,
    else a 403: a record the user sees is refused, not hidden."""
    obj = scoped_object(request, model, "view", pk, queryset)
    if not policy.can(request.user, action, obj):
        raise PermissionDenied
    return obj


class ObjectDeleteView(PolicyMixin, View):
    template_name = "core/object_confirm_delete.html"
    policy_action = "delete"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return render(request, self.template_name, {**self.common_context(), "object": obj})

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            delete_object(obj, actor=request.user)
        except ProtectedError as exc:
            # Name what depends on it (e.g. the tasks an agency leads), so the user knows what to change first.
            blockers = sorted({str(getattr(o, "task", o)) for o in exc.protected_objects})
            shown = "; ".join(blockers[:10]) + (" …" if len(blockers) > 10 else "")
            messages.error(
                request,
                _("“%(name)s” cannot be deleted: other records depend on it (%(list)s). Deactivate it instead.")
                % {"name": obj, "list": shown},
            )
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("Deleted “%(name)s”.") % {"name": obj})
        return HttpResponseRedirect(self.try_reverse("list") or "/")


def crud_urls(
    model,
    *,
    list_view=None,
    detail_view=None,
    create_view=None,
    edit_view=None,
    delete_view=None,
    history_view=None,
    form=None,
    prefix=None,
):
    """The standard URL set for a model, named ``<model>_<action>`` (NetBox's ``tenancy:tenant_list``).

    ``True`` for a page asks for the generic view of the model as it stands (:meth:`PolicyMixin.for_model`; the
    create and edit pages with ``form``): a module declares a view class only for a page that has something of its
    own."""

    name = model._meta.model_name
    base = f"{name}s/" if prefix is None else prefix
    pages = [  # (URL name, route, view, the generic view that ``True`` asks for)
        ("list", base, list_view, None),
        ("add", f"{base}add/", create_view, ObjectCreateView),
        ("detail", f"{base}<int:pk>/", detail_view, None),
        ("edit", f"{base}<int:pk>/edit/", edit_view, ObjectEditView),
        ("delete", f"{base}<int:pk>/delete/", delete_view, ObjectDeleteView),
        ("history", f"{base}<int:pk>/history/", history_view, ObjectHistoryView),
    ]
    patterns = []
    for action, route, view, generic in pages:
        if view is True:
            attrs = {"form_class": form} if issubclass(generic, ObjectEditView) else {}
            view = generic.for_model(model, **attrs)
        if view:
            patterns.append(path(route, view.as_view(), name=f"{name}_{action}"))
    return patterns


# --- pages of the core app ----------------------------------------------------------------------------
class HomeView(PublicPageView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):

        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "panels": home.panels(self.request),
            "todo": home.todos(user) if user.is_authenticated else None,
        }
