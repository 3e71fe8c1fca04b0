"""One palette for every chart, and the one reader of org-unit paths.

Colours are Okabe–Ito, distinguishable with the common colour-vision deficiencies; charts
never speak by colour alone (each has a table or text beside it).
"""

import html
from functools import wraps

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
VERMILION = "#D55E00"
GREY = "#8a8f98"
LIGHT_BLUE = "#9ecae1"

# Series in order of use.
PALETTE = [BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILION, "#999999"]

# RAG colours by the stored value; None (no report) and "onbekend" read as grey.
RAG_COLOURS = {
    "groen": GREEN,
    "oranje": ORANGE,
    "rood": VERMILION,
    "onbekend": "#BBBBBB",
    None: GREY,
}

# Milestones and other dates against a baseline.
LATE, ON_TIME, BASELINE = VERMILION, GREEN, "#6b7280"


def path_ids(path: str) -> list[int]:
    """The unit ids of a materialised path "/1/5/9/", root first."""
    return [int(part) for part in path.strip("/").split("/") if part]


def root_id(path: str) -> int:
    return path_ids(path)[0]


def leaf_id(path: str) -> int:
    return path_ids(path)[-1]


def path_depth(path: str) -> int:
    """0 for a root unit ("/1/"), 1 for its children, …"""
    return max(len(path_ids(path)) - 1, 0)


def _is_label(values) -> bool:
    """Category labels, not numbers or ISO dates."""
    return bool(values) and all(
        isinstance(v, str) and not v[:4].isdigit() for v in values if v is not None
    )


def figure_table(figure: dict) -> dict:
    """A chart's numbers as a table, its text alternative: one row per category, one
    column per named trace. Horizontal bars and label-valued y axes read along y."""
    traces = [t for t in figure.get("data", []) if t.get("name") and t.get("showlegend", True)]
    columns: list[str] = []
    rows: dict = {}
    for trace in traces:
        along_y = trace.get("orientation") == "h" or _is_label(trace.get("y") or [])
        categories = trace.get("y" if along_y else "x") or []
        values = trace.get("x" if along_y else "y") or []
        # The figure's strings are escaped for Plotly (plain_text); the page escapes its own.
        columns.append(html.unescape(str(trace["name"])))
        for category, value in zip(categories, values, strict=False):
            label = html.unescape(category) if isinstance(category, str) else category
            rows.setdefault(label, {})[columns[-1]] = value
    title = figure.get("layout", {}).get("title", {})
    return {
        "caption": title.get("text", "") if isinstance(title, dict) else str(title),
        "columns": columns,
        "rows": [(category, [cells.get(c) for c in columns]) for category, cells in rows.items()],
    }


# Plotly reads a subset of HTML in every string it draws (<a href>, <b>, <br>): a project
# or scenario named "<a href=…>" would become a link. Every string that comes from data
# is escaped; the templates we write ourselves (hovertemplate) keep their markup.
DATA_KEYS = ("name", "text", "hovertext", "x", "y", "customdata", "labels", "ticktext")


def _escaped(value):
    if isinstance(value, str):
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if isinstance(value, list | tuple):
        return [_escaped(v) for v in value]
    return value


def plain_text(figure: dict) -> dict:
    """The figure with every data-borne string escaped for Plotly (see DATA_KEYS)."""
    for trace in figure.get("data", []):
        for key in DATA_KEYS:
            if key in trace:
                trace[key] = _escaped(trace[key])
    layout = figure.get("layout", {})
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict) and "ticktext" in axis:
            axis["ticktext"] = _escaped(axis["ticktext"])
    for note in layout.get("annotations", []):
        if "text" in note:
            note["text"] = _escaped(note["text"])
    return figure


def text_only(build):
    """Decorate a figure builder: its figure carries data strings as text only."""

    @wraps(build)
    def wrapper(*args, **kwargs):
        return plain_text(build(*args, **kwargs))

    return wrapper
