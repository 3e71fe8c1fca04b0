"""The reporting pages: the dashboard (dashboard.py, sections.py, export.py), builds,
board packs and the beheer of scopes."""
