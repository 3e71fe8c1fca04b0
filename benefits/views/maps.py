"""Pages of the batenkaarten: the register, one map as a diagram with its table and its
flags, the map form, and the forms that add, change and remove boxes and arrows.

The diagram is SVG written by the server: every box is a link that opens what it stands
for (a profile, project or objective; else its row in the table), so it works without
JavaScript; a small script only highlights the chain through the box under the pointer.
"""

from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from pmo import access
from pmo.actors import Actor
from pmo.exports import FORMATS, ExportColumn, export_response
from pmo.web.forms import RemovalForm
from pmo.web.pages import render_page
from pmo.web.refusals import submit
from pmo.web.registers import EXPORT_PARAM, RegisterView

from .. import selectors
from ..filters import MapFilter
from ..forms import LinkForm, MapForm, NodeForm
from ..models import BenefitMap, MapLink, MapNode
from ..rules import graph
from ..rules.diagram import BoxIn, diagram
from ..services import maps as services

DETAIL = "benefits/map_detail.html"
FLAG_TEXT = {
    "orphan": gettext_lazy("los element: geen verband"),
    "no-objective": gettext_lazy("bereikt geen doelstelling"),
    "no-benefit": gettext_lazy("leidt tot geen baat"),
}


class MapListView(RegisterView):
    template_name = "benefits/map_list.html"
    filterset_class = MapFilter
    export_title = gettext_lazy("Batenkaarten")
    export_columns = [
        ExportColumn(gettext_lazy("Batenkaart"), attrgetter("name")),
        ExportColumn(gettext_lazy("Portfolio"), lambda m: m.portfolio.name),
        ExportColumn(gettext_lazy("Programma"), lambda m: m.programme and m.programme.name),
        ExportColumn(gettext_lazy("Elementen"), attrgetter("node_count")),
        ExportColumn(gettext_lazy("Verbanden"), attrgetter("link_count")),
    ]

    def get_queryset(self, request):
        return selectors.map_list(user=request.user)

    def page_context(self, request):
        return {"can_create": services.can_create_map(request.user)}


map_list = MapListView.as_view()


def _url(node: MapNode) -> str:
    if node.benefit_id:
        return node.benefit.get_absolute_url()
    if node.project_id:
        return node.project.get_absolute_url()
    if node.objective_id:
        detail = reverse("assessment:framework_detail", args=[node.objective.framework_id])
        return f"{detail}#doel-{node.objective_id}"
    return f"#element-{node.pk}"


def _map_rows(nodes, links):
    """Per box: its flags, what it leads to and comes from (for the table and export)."""
    kinds = {node.pk: node.kind for node in nodes}
    pairs = [(source, target) for _pk, source, target in links]
    found = graph.flags(kinds, pairs)
    by_pk = {node.pk: node for node in nodes}
    for node in nodes:
        node.flags = found.of(node.pk)
        node.flag_texts = [FLAG_TEXT[flag] for flag in node.flags]
        node.url = _url(node)
        node.leads_to, node.comes_from = [], []
    for pk, source, target in links:
        by_pk[source].leads_to.append((pk, by_pk[target]))
        by_pk[target].comes_from.append(by_pk[source])
    return found


def _note(node: MapNode) -> str:
    # The title first: what the box shows is then part of what a screen reader says.
    parts = [f"{node.title}, {node.get_kind_display()}"]
    if node.disbenefit:
        parts.append(str(MapNode._meta.get_field("disbenefit").verbose_name))
    parts.extend(str(text) for text in node.flag_texts)
    return "; ".join(parts)


def _detail_context(request, benefit_map, **forms) -> dict:
    user = request.user
    nodes = selectors.map_nodes(benefit_map)
    links = selectors.map_links(benefit_map)
    found = _map_rows(nodes, links)
    drawn = diagram(
        [
            BoxIn(
                id=node.pk,
                kind=node.kind,
                title=node.title,
                url=node.url,
                disbenefit=node.disbenefit,
                flags=node.flags,
                note=_note(node),
            )
            for node in nodes
        ],
        [(source, target) for _pk, source, target in links],
    )
    can_edit = access.is_editable(benefit_map, user)
    stages = [
        (kind, label, [n for n in nodes if n.kind == kind]) for kind, label in MapNode.Kind.choices
    ]
    context = {
        "map": benefit_map,
        "nodes": nodes,
        "stages": stages,
        "diagram": drawn,
        "headers": [(dict(MapNode.Kind.choices)[stage], x) for stage, x in drawn.headers],
        "flag_count": found.count,
        "flagged": [node for node in nodes if node.flags],
        "link_count": len(links),
        "can_edit": can_edit,
        "exportable": True,
        "export_query": "",
    }
    if can_edit:
        choices = selectors.map_choices(benefit_map, user)
        context["node_form"] = forms.get("node_form") or NodeForm(choices=choices)
        context["link_form"] = forms.get("link_form") or LinkForm(nodes=nodes)
    return context


NODE_EXPORT = [
    ExportColumn(gettext_lazy("Stap"), lambda n: n.get_kind_display()),
    ExportColumn(gettext_lazy("Element"), attrgetter("title")),
    ExportColumn(gettext_lazy("Negatieve baat"), attrgetter("disbenefit")),
    ExportColumn(
        gettext_lazy("Draagt bij aan"), lambda n: "; ".join(t.title for _pk, t in n.leads_to)
    ),
    ExportColumn(
        gettext_lazy("Komt voort uit"), lambda n: "; ".join(s.title for s in n.comes_from)
    ),
    ExportColumn(gettext_lazy("Signalen"), lambda n: "; ".join(str(t) for t in n.flag_texts)),
]


@login_required
def map_detail(request: HttpRequest, pk: int) -> HttpResponse:
    benefit_map = selectors.map_detail(user=request.user, pk=pk)
    fmt = request.GET.get(EXPORT_PARAM)
    if fmt in FORMATS:
        nodes = selectors.map_nodes(benefit_map)
        _map_rows(nodes, selectors.map_links(benefit_map))
        ordered = sorted(nodes, key=lambda n: (graph.STAGE[n.kind], n.pk))
        return export_response(ordered, NODE_EXPORT, fmt=fmt, title=benefit_map.name)
    return render_page(request, DETAIL, _detail_context(request, benefit_map))


def _posted(request, benefit_map, form, write, *, done: str, form_name: str) -> HttpResponse:
    status, _saved = submit(form, write)
    if status == 200:
        messages.success(request, done)
        return redirect(benefit_map)
    context = _detail_context(request, benefit_map, **{form_name: form})
    return render_page(request, DETAIL, context, status=status)


def _editable_map(request, pk: int) -> BenefitMap:
    benefit_map = selectors.map_detail(user=request.user, pk=pk)
    access.require(access.is_editable(benefit_map, request.user))
    return benefit_map


@login_required
@require_POST
def node_add(request: HttpRequest, pk: int) -> HttpResponse:
    benefit_map = _editable_map(request, pk)
    form = NodeForm(request.POST, choices=selectors.map_choices(benefit_map, request.user))
    return _posted(
        request,
        benefit_map,
        form,
        lambda: services.node_add(
            actor=Actor.screen(request.user),
            benefit_map=benefit_map,
            **{name: form.cleaned_data[name] for name in services.NODE_FIELDS},
        ),
        done=_("Het element staat op de kaart."),
        form_name="node_form",
    )


@login_required
@require_POST
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    benefit_map = _editable_map(request, pk)
    form = LinkForm(request.POST, nodes=selectors.map_nodes(benefit_map))
    return _posted(
        request,
        benefit_map,
        form,
        lambda: services.link_add(
            actor=Actor.screen(request.user),
            source=form.cleaned_data["source"],
            target=form.cleaned_data["target"],
        ),
        done=_("Het verband staat op de kaart."),
        form_name="link_form",
    )


@login_required
@require_POST
def link_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    benefit_map = _editable_map(request, pk)
    link = get_object_or_404(
        MapLink.objects.select_related("source", "target"), pk=link_pk, map=benefit_map
    )
    services.link_remove(actor=Actor.screen(request.user), link=link)
    messages.success(request, _("Het verband is verwijderd."))
    return redirect(benefit_map)


@login_required
@require_http_methods(["GET", "POST"])
def node_edit(request: HttpRequest, pk: int, node_pk: int) -> HttpResponse:
    benefit_map = _editable_map(request, pk)
    node = get_object_or_404(MapNode, pk=node_pk, map=benefit_map)
    choices = selectors.map_choices(benefit_map, request.user)
    initial = {"version": benefit_map.version}
    form = NodeForm(request.POST or None, instance=node, choices=choices, initial=initial)
    status = 200
    if request.method == "POST":
        actor = Actor.screen(request.user)
        if "remove" in request.POST:
            removal = RemovalForm(request.POST)
            status, _done = submit(
                removal,
                lambda: services.node_remove(
                    actor=actor, node=node, expected_version=removal.cleaned_data["version"]
                ),
            )
            form = NodeForm(instance=node, choices=choices, initial=initial)
            form.removal_errors = removal.non_field_errors() or [
                _("Het element is niet verwijderd.")
            ]
            if status == 200:
                messages.success(request, _("Het element is verwijderd."))
                return redirect(benefit_map)
        else:
            status, _node = submit(
                form,
                lambda: services.node_update(
                    actor=actor,
                    node=node,
                    expected_version=form.cleaned_data["version"],
                    **{name: form.cleaned_data[name] for name in services.NODE_FIELDS},
                ),
            )
            if status == 200:
                messages.success(request, _("Het element is gewijzigd."))
                return redirect(benefit_map)
    context = {"map": benefit_map, "node": node, "form": form}
    return render_page(request, "benefits/map_node_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def map_create(request: HttpRequest) -> HttpResponse:
    if not services.can_create_map(request.user):
        raise PermissionDenied
    form = MapForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status, created = submit(
            form,
            lambda: services.map_create(
                actor=Actor.screen(request.user),
                **{name: form.cleaned_data[name] for name in services.MAP_FIELDS},
            ),
        )
        if status == 200:
            messages.success(request, _("De batenkaart is aangemaakt."))
            return redirect(created)
    return render_page(
        request, "benefits/map_form.html", {"form": form, "map": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def map_edit(request: HttpRequest, pk: int) -> HttpResponse:
    benefit_map = access.get_editable_or_403(BenefitMap, request.user, pk=pk)
    form = MapForm(
        request.POST or None,
        instance=benefit_map,
        user=request.user,
        initial={"version": benefit_map.version},
    )
    status = 200
    if request.method == "POST":
        status, updated = submit(
            form,
            lambda: services.map_update(
                actor=Actor.screen(request.user),
                benefit_map=benefit_map,
                expected_version=form.cleaned_data["version"],
                **{name: form.cleaned_data[name] for name in services.MAP_FIELDS},
            ),
        )
        if status == 200:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(updated)
    context = {"form": form, "map": benefit_map}
    return render_page(request, "benefits/map_form.html", context, status=status)
