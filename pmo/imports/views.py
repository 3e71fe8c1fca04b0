"""The import pages: upload, map columns, follow the check, commit, undo.

One page per import (`import_detail`) shows whatever step it is at; while the check or
the commit runs, its progress fragment polls itself (htmx) and, once the step is over,
asks the browser to reload the page. Without JavaScript the page offers a refresh link.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import get_visible_or_404
from ..actors import Actor
from ..exports import FORMATS
from ..versioning import StaleError
from ..web.pages import render_page
from ..web.refusals import INVALID, attach, refusal_status, refusal_text
from ..web.widgets import expected_version
from .forms import MappingForm, UploadForm
from .models import ImportJob
from .registry import discovered, for_user
from .runner import can_commit, import_commit_request, import_map, import_upload, progress
from .samples import has_sample, sample_name, sample_workbook
from .undo import import_undo, undo_problems

RECENT = 20
RUNNING = (ImportJob.State.CHECKING, ImportJob.State.COMMITTING)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    importers = for_user(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, importers=importers)
    status = 200
    if request.method == "POST":
        if not importers:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = import_upload(
                    actor=Actor.screen(request.user),
                    kind=form.cleaned_data["kind"],
                    filename=upload.name,
                    content=upload.read(),
                )
            except ValidationError as error:
                attach(form, error)
            else:
                return redirect("imports:import_detail", pk=job.pk)
        status = INVALID
    jobs = ImportJob.objects.visible_to(request.user).select_related("created_by")
    jobs = list(jobs.defer("content", "effect", "report")[:RECENT])
    labels = {key: importer.label for key, importer in discovered().items()}
    for job in jobs:
        job.kind_label = labels.get(job.kind, job.kind)
    sampled = {importer.key for importer in importers if has_sample(importer)}
    context = {"form": form, "importers": importers, "sampled": sampled, "jobs": jobs}
    return render_page(request, "pmo/imports/import_list.html", context, status=status)


@login_required
def import_sample(request: HttpRequest, kind: str) -> HttpResponse:
    importer = discovered().get(kind)
    if importer is None or not importer.allowed(request.user) or not has_sample(importer):
        raise Http404
    response = HttpResponse(sample_workbook(importer), content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{sample_name(importer)}"'
    return response


def _job(request: HttpRequest, pk: int) -> ImportJob:
    return get_visible_or_404(ImportJob.objects.defer("content"), request.user, pk=pk)


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    importer = discovered()[job.kind]
    if request.htmx and request.GET.get("voortgang") and job.state not in RUNNING:
        # The step is over: the whole page shows what came of it.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    form = MappingForm(
        request.POST or None,
        importer=importer,
        header=job.header,
        mapping=job.mapping,
        initial={"version": job.version},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                import_map(
                    actor=Actor.screen(request.user),
                    job=job,
                    expected_version=form.cleaned_data["version"],
                    mapping=form.mapping(),
                )
            except (ValidationError, StaleError) as error:
                if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                    error = ValidationError(
                        {f"col_{key}": messages for key, messages in error.error_dict.items()}
                    )
                attach(form, error)
                status = refusal_status(error)
            else:
                return redirect("imports:import_detail", pk=job.pk)
        else:
            status = INVALID
    return render_page(
        request,
        "pmo/imports/import_detail.html",
        _context(job, importer, form),
        fragment="progress" if job.state in RUNNING else None,
        status=status,
    )


def _context(job: ImportJob, importer, form) -> dict:
    report = job.report or {}
    done = job.state == ImportJob.State.DONE
    return {
        "job": job,
        "importer": importer,
        "form": form,
        "report": report,
        "running": job.state in RUNNING,
        "progress": progress(job) or {"done": 0, "total": job.row_count},
        "can_commit": can_commit(job),
        "undo_problems": undo_problems(job) if done else [],
        "mapping_open": job.state in (ImportJob.State.MAPPING, ImportJob.State.CHECKED),
    }


def _step(request: HttpRequest, pk: int, service, done: str = "") -> HttpResponse:
    """Commit or undo from the import's page: a refusal (stale, not allowed in this
    state) is told on the page it returns to, as is success when there is news."""
    job = _job(request, pk)
    try:
        service(
            actor=Actor.screen(request.user),
            job=job,
            expected_version=expected_version(request.POST),
        )
    except (ValidationError, StaleError) as error:
        messages.error(request, refusal_text(error))
    else:
        if done:
            messages.success(request, done)
    return redirect("imports:import_detail", pk=job.pk)


@login_required
@require_POST
def import_commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, import_commit_request)


@login_required
@require_POST
def import_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, import_undo, _("De import is ongedaan gemaakt."))
