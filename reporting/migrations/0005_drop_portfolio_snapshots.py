"""Snapshots become versioned records of a scope (issue 15). The old per-portfolio
figures are rebuilt from the source data, so they are dropped rather than converted."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reporting", "0004_snapshot_updated_at")]

    operations = [migrations.DeleteModel(name="Snapshot")]
