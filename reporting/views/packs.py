"""The board pack from the dashboard: ask for it, follow it being made, download it.

Whoever sees a snapshot may ask for its pack (a board member hands it out; making it
builds no figures): who cannot see the scope gets 404. The request answers with the
pack's status fragment, which polls itself every two seconds with htmx until the pack is
done (a download link) or failed (its error and "opnieuw"). A pack already made comes
back at once: the same snapshot has the same file. Without JavaScript the form posts, is
sent to the pack's status page, and that page refreshes itself while the pack is made.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models.functions import Length
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pmo import access
from pmo.actors import Actor
from pmo.web.pages import render_page
from pmo.web.refusals import INVALID, refusal_text

from .. import pack as renderer
from ..forms import parse_period
from ..models import BoardPack, Scope, Snapshot
from ..services import packs as pack_service

STATUS_PAGE = "reporting/pack_status.html"
WAITING = (BoardPack.Status.PENDING, BoardPack.Status.RUNNING)


def _language() -> str:
    """The page's language as the pack's (a regional variant as its language)."""
    language = (translation.get_language() or "").split("-")[0]
    return language if language in pack_service.languages() else settings.LANGUAGE_CODE


def _context(pack: BoardPack) -> dict:
    snapshot = pack.snapshot
    return {
        "pack": pack,
        "snapshot": snapshot,
        "scope": snapshot.scope,
        "waiting": pack.status in WAITING,
        "filename": renderer.filename(snapshot, pack.format),
    }


@login_required
@require_POST
def pack_request(request: HttpRequest, scope_id: int) -> HttpResponse:
    """POST format=pdf|xlsx and optionally periode=YYYY-MM (else the newest period)."""
    user = request.user
    scope = access.get_visible_or_404(Scope, user, pk=scope_id)
    text = request.POST.get("periode", "").strip()
    period = parse_period(text) if text else None
    problem = None
    if text and period is None:
        problem = _("Geef de periode als jaar en maand, bijvoorbeeld 2026-11.")
    else:
        current = Snapshot.objects.visible_to(user).filter(scope=scope, is_current=True)
        current = current.filter(period=period) if period else current.order_by("-period")
        snapshot = current.select_related("scope").first()
        if snapshot is None:
            raise Http404(_("Van deze periode is geen momentopname."))
        try:
            pack = pack_service.pack_request(
                snapshot=snapshot,
                format=request.POST.get("format", ""),
                language=_language(),
                actor=Actor.screen(user),
            )
        except ValidationError as error:
            problem = refusal_text(error)
    if problem:
        context = {"pack": None, "scope": scope, "problem": problem}
        return render_page(request, STATUS_PAGE, context, fragment="status", status=INVALID)
    if not request.htmx:
        return redirect("reporting:pack_status", pack_id=pack.pk)
    pack.snapshot = snapshot
    pack.size = None
    return render_page(request, STATUS_PAGE, _context(pack), fragment="status")


def _visible_pack(user, pack_id: int, *, content: bool = False) -> BoardPack:
    packs = BoardPack.objects.select_related("snapshot__scope")
    if not content:  # the status needs the file's size, not its bytes
        packs = packs.defer("content").annotate(size=Length("content"))
    return access.get_visible_or_404(packs, user, pk=pack_id)


@login_required
@require_GET
def pack_status(request: HttpRequest, pack_id: int) -> HttpResponse:
    """The pack's state: one query for the pack with its snapshot and scope."""
    pack = _visible_pack(request.user, pack_id)
    return render_page(request, STATUS_PAGE, _context(pack), fragment="status")


@login_required
@require_GET
def pack_download(request: HttpRequest, pack_id: int) -> HttpResponse:
    """The pack's bytes, as made: the same snapshot always downloads the same file."""
    pack = _visible_pack(request.user, pack_id, content=True)
    if pack.status != BoardPack.Status.DONE:
        raise Http404(_("Het pakket is nog niet klaar."))
    response = HttpResponse(bytes(pack.content), content_type=renderer.CONTENT_TYPES[pack.format])
    name = renderer.filename(pack.snapshot, pack.format)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["ETag"] = f'"{pack.sha256}"'
    response["Cache-Control"] = "private"
    return response
