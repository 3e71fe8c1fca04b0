"""One palette for every chart, and the one reader of org-unit paths.

Colours are Okabe–Ito, distinguishable with the common colour-vision deficiencies; charts
never speak by colour alone (each has a table or text beside it).
"""

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
