"""The issue types a municipality starts with (PRINCE2's three and two of practice); the
list is theirs to change in the admin."""

from django.db import migrations

TYPES = [
    ("wijzigingsverzoek", "Wijzigingsverzoek", True),
    ("afwijking", "Afwijking van specificatie", False),
    ("probleem", "Probleem of zorg", False),
    ("kans", "Zakelijke kans", False),
    ("externe-gebeurtenis", "Externe gebeurtenis", False),
]


def add(apps, schema_editor):
    IssueType = apps.get_model("risks", "IssueType")
    for position, (code, name, change) in enumerate(TYPES):
        IssueType.objects.get_or_create(
            code=code, defaults={"name": name, "is_change_request": change, "position": position}
        )


def remove(apps, schema_editor):
    apps.get_model("risks", "IssueType").objects.filter(code__in=[t[0] for t in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("risks", "0001_registers_and_weerstandsvermogen")]

    operations = [migrations.RunPython(add, remove)]
