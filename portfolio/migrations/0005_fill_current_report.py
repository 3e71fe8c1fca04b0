from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Project = apps.get_model("portfolio", "Project")
    StatusReport = apps.get_model("portfolio", "StatusReport")
    newest = (
        StatusReport.objects.filter(project=OuterRef("pk"), is_current=True, state="ingediend")
        .order_by("-period", "-revision")
        .values("pk")[:1]
    )
    Project.objects.update(current_report=Subquery(newest))


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0004_project_current_report")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
