"""Capacity pages, a module per subject: teams, a project's demand grid, the heatmap."""
