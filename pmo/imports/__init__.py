"""The shared import runner: upload, map, preview, commit, undo."""
