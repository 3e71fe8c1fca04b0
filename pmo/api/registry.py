"""The one router of `/api/v1/`: a domain registers its resources in its `api` module,
which `pmo/api/urls.py` discovers as the admin discovers `admin` modules."""

from __future__ import annotations

from django.db.models import CharField, Value
from django.db.models.signals import post_delete
from django.utils.module_loading import autodiscover_modules
from rest_framework.routers import SimpleRouter

from .models import Deletion

router = SimpleRouter(trailing_slash=False)
DELETE_CHUNK = 5000
# path → resource class, in registration order (the root lists them).
resources: dict[str, type] = {}
# Read-only figures computed from other rows (no model, no history): listed at the root too.
figures: dict[str, type] = {}


def register(path: str):
    """Class decorator: the resource at `/api/v1/<path>` (a plural noun), whose model's
    deletions are recorded for `/api/v1/deletions`."""

    def decorate(resource):
        if path in resources:
            raise ValueError(f"two resources at {path}")
        resources[path] = resource
        resource.path = path
        # Lets drf-spectacular learn the model without asking who is signed in.
        resource.queryset = resource.model._default_manager.none()
        router.register(path, resource, basename=path)
        post_delete.connect(
            _recorder(path), sender=resource.model, weak=False, dispatch_uid=f"api-{path}"
        )
        return resource

    return decorate


def _recorder(path: str):
    def record(sender, instance, **kwargs):
        Deletion.objects.create(
            resource=path,
            object_id=instance.pk,
            external_id=getattr(instance, "external_id", None) or "",
        )

    return record


def delete_recorded(queryset) -> None:
    """Delete rows that nothing refers to in two statements, whatever their number: their
    deletions for syncing clients in one insert (the signal above writes one per row),
    then the rows, without signals. For a model no other row points at (a demand cell)."""
    synced = any(field.name == "external_id" for field in queryset.model._meta.fields)
    key = "external_id" if synced else Value("", output_field=CharField())
    rows = list(queryset.values_list("pk", key))
    if not rows:
        return
    paths = [path for path, resource in resources.items() if resource.model is queryset.model]
    Deletion.objects.bulk_create(
        Deletion(resource=path, object_id=pk, external_id=external_id or "")
        for path in paths
        for pk, external_id in rows
    )
    # In chunks: a database takes only so many parameters in one statement.
    pks = [pk for pk, _key in rows]
    for start in range(0, len(pks), DELETE_CHUNK):
        doomed = queryset.model._base_manager.filter(pk__in=pks[start : start + DELETE_CHUNK])
        doomed._raw_delete(doomed.db)


def register_figures(path: str, viewset: type) -> None:
    """A read-only collection computed from other resources (`/api/v1/capacity`)."""
    if path in resources or path in figures:
        raise ValueError(f"two resources at {path}")
    figures[path] = viewset
    router.register(path, viewset, basename=path)


def discovered() -> dict[str, type]:
    """Every resource: each app's `api` module registers its own (like admin.py)."""
    autodiscover_modules("api")
    return resources
