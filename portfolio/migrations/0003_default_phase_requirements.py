from django.db import migrations

DEFAULTS = {
    "initiatief": ["projectopdracht"],
    "definitie": ["plan-van-aanpak", "business-case"],
    "ontwerp": ["ontwerp"],
    "voorbereiding": ["aanbesteding"],
    "realisatie": ["overdracht"],
    "nazorg": ["evaluatie"],
    "afgesloten": [],
}


def add_defaults(apps, schema_editor):
    PhaseRequirement = apps.get_model("portfolio", "PhaseRequirement")
    for phase, documents in DEFAULTS.items():
        PhaseRequirement.objects.get_or_create(
            phase=phase, defaults={"required_documents": documents}
        )


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0002_status_reports_and_governance")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
