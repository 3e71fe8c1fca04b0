"""Pure figure building: plain data in, Plotly figure dicts out. No Django imports."""

from collections.abc import Mapping, Sequence

from pmo.figures import PALETTE, RAG_COLOURS, text_only

# Colour-blind-safe palette (Okabe–Ito), one colour per phase.


@text_only
def phase_by_domain_figure(
    *,
    domains: Sequence[str],
    phases: Sequence[tuple[str, str]],
    counts: Mapping[str, Mapping[str, int]],
    title: str,
    axis_title: str,
) -> dict:
    """Stacked horizontal bars: number of projects per domain, split by phase.

    `phases` is (key, label) in lifecycle order; `counts[domain][phase_key]` a count.
    """
    traces = []
    for index, (key, label) in enumerate(phases):
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": label,
                "y": list(domains),
                "x": [counts.get(domain, {}).get(key, 0) for domain in domains],
                "marker": {"color": PALETTE[index % len(PALETTE)]},
                "hovertemplate": "%{y}<br>" + label + ": %{x}<extra></extra>",
            }
        )
    return {
        "data": traces,
        "layout": {
            "title": {"text": title},
            "barmode": "stack",
            "xaxis": {"title": {"text": axis_title}, "rangemode": "tozero", "automargin": True},
            "yaxis": {"automargin": True, "autorange": "reversed"},
            # Stacked bars list their legend bottom-up by default; keep lifecycle order.
            "legend": {"orientation": "h", "traceorder": "normal", "yanchor": "top", "y": -0.25},
            "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        },
    }


@text_only
def budget_by_year_figure(
    *,
    years: Sequence[int],
    domains: Sequence[str],
    amounts: Mapping[str, Mapping[int, float]],
    title: str,
    axis_title: str,
) -> dict:
    """Grouped bars: budget per year per domain, in millions of euros."""
    traces = [
        {
            "type": "bar",
            "name": domain,
            "x": [str(year) for year in years],
            "y": [round(amounts.get(domain, {}).get(year, 0.0) / 1_000_000, 2) for year in years],
            "marker": {"color": PALETTE[index % len(PALETTE)]},
            "hovertemplate": domain + " %{x}: € %{y} mln<extra></extra>",
        }
        for index, domain in enumerate(domains)
    ]
    return {
        "data": traces,
        "layout": {
            "title": {"text": title},
            "barmode": "group",
            "xaxis": {"type": "category", "automargin": True},
            "yaxis": {"title": {"text": axis_title}, "rangemode": "tozero", "automargin": True},
            "legend": {"orientation": "h", "yanchor": "top", "y": -0.15},
            "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        },
    }


@text_only
def status_by_domain_figure(
    *,
    domains: Sequence[str],
    colours: Sequence[tuple[str, str]],
    counts: Mapping[str, Mapping[str, int]],
    title: str,
    axis_title: str,
) -> dict:
    """Stacked bars: projects per domain by the colour of their latest report."""
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": label,
                "y": list(domains),
                "x": [counts.get(domain, {}).get(key, 0) for domain in domains],
                "marker": {"color": RAG_COLOURS[key]},
                "hovertemplate": "%{y}<br>" + label + ": %{x}<extra></extra>",
            }
            for key, label in colours
        ],
        "layout": {
            "title": {"text": title},
            "barmode": "stack",
            "xaxis": {"title": {"text": axis_title}, "rangemode": "tozero", "automargin": True},
            "yaxis": {"automargin": True, "autorange": "reversed"},
            "legend": {"orientation": "h", "traceorder": "normal", "yanchor": "top", "y": -0.25},
            "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        },
    }
