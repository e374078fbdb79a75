"""Charts as data: each chart is one dict that both the ECharts option and the table beside it read,
so the picture and the numbers cannot disagree (the browser test compares them).

    {"id": "apps", "title": "…", "kind": "bar" | "line", "categories": [...],
     "series": [{"name": "…", "data": [...]}], "unit": "件"}
"""

from __future__ import annotations

from .summary import KEY_NAMES, finding_trend, key_figures, outcome_groups


def _num(v):
    return None if v is None else int(v)


def applications_by_year(summaries: dict) -> dict:
    years = sorted(summaries)
    figures = {y: key_figures(summaries[y].report) for y in years}
    return {
        "id": "applications", "title": "依申请公开：收到与办结（按年度）", "kind": "line", "unit": "件",
        "categories": [f"{y}年" for y in years],
        "series": [{"name": KEY_NAMES[k], "data": [_num(figures[y][k]) for y in years]} for k in ("new", "concluded")],
    }


def outcomes(summary) -> dict:
    groups = outcome_groups(summary.report)
    return {
        "id": "outcomes", "title": f"{summary.year}年度办理结果（按类别）", "kind": "bar", "unit": "件",
        "categories": [label for label, _ in groups],
        "series": [{"name": "件数", "data": [_num(v) for _, v in groups]}],
    }


def agencies_compared(summary, limit: int = 25) -> dict:
    """Each agency's new applications for the year, most first (the first `limit`)."""
    rows = []
    for r in summary.included:
        v = key_figures(r.report)["new"]
        rows.append((r.agency, _num(v)))
    rows.sort(key=lambda t: (-(t[1] or 0), t[0]))
    rows = rows[:limit]
    return {
        "id": "agencies", "title": f"{summary.year}年度各机关本年新收申请（前 {len(rows)} 名）", "kind": "bar",
        "unit": "件", "horizontal": True,
        "categories": [name for name, _ in rows],
        "series": [{"name": "本年新收", "data": [v for _, v in rows]}],
    }


def findings_trend(government, years: list[int]) -> dict:
    trend = finding_trend(government, years)
    return {
        "id": "findings", "title": "审查发现的问题（按年度，计入机关的）", "kind": "bar", "unit": "条",
        "categories": [f"{y}年" for y, _, _ in trend],
        "series": [{"name": "错误", "data": [e for _, e, _ in trend]},
                   {"name": "警告", "data": [w for _, _, w in trend]}],
    }


def table(chart: dict) -> dict:
    """The chart's numbers as rows: category, then one value per series."""
    return {
        "header": ["", *(s["name"] for s in chart["series"])],
        "rows": [[c, *(s["data"][i] for s in chart["series"])] for i, c in enumerate(chart["categories"])],
    }
