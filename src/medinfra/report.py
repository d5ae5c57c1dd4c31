"""One self-contained HTML report of a topology for CI artifacts and reviewers.

The findings table (sortable by any column: click a heading, or open the report with
``#sort=COLUMN``), each finding linked to its file and line; per-site availability against
the target with the yearly downtime and the upload against the uplinks; each storage pool's
runway; the diagram inline as SVG. No external file, script or style: the report opens
anywhere, from a CI artifact too.
"""

import math
import re
from collections.abc import Callable, Sequence
from html import escape

from medinfra.checks.quantities import percent, rate
from medinfra.diagnostics import Diagnostic
from medinfra.summary import SiteSummary, TopologySummary

LinkFor = Callable[[Diagnostic], str | None]

STYLE = """
body{font-family:Helvetica,Arial,sans-serif;margin:1.5em;color:#263238}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #cfd8dc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#eceff1;cursor:pointer;user-select:none}
tr.error td{background:#ffebee}tr.warning td{background:#fff8e1}
td.bad{color:#c62828;font-weight:bold}td.good{color:#2e7d32}
.summary{font-size:1.1em}.invalid{color:#c62828;font-weight:bold}.valid{color:#2e7d32}
#diagram svg{max-width:100%;height:auto;border:1px solid #cfd8dc}
"""

SCRIPT = """
function sortTable(table, column, descending) {
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const key = row => row.cells[column].dataset.key || row.cells[column].textContent;
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    const order = (isNaN(x) || isNaN(y)) ? x.localeCompare(y) : Number(x) - Number(y);
    return descending ? -order : order;
  });
  rows.forEach(row => body.appendChild(row));
  table.dataset.sorted = table.tHead.rows[0].cells[column].dataset.column;
}
document.querySelectorAll("table.sortable").forEach(table => {
  Array.from(table.tHead.rows[0].cells).forEach((cell, column) => {
    cell.addEventListener("click", () => {
      const descending = cell.dataset.descending !== "true";
      cell.dataset.descending = descending;
      sortTable(table, column, descending);
    });
  });
});
const wanted = /sort=([a-z]+)/.exec(location.hash);
if (wanted) {
  document.querySelectorAll("table.sortable").forEach(table => {
    const cells = Array.from(table.tHead.rows[0].cells);
    const column = cells.findIndex(cell => cell.dataset.column === wanted[1]);
    if (column >= 0) sortTable(table, column, false);
  });
}
"""

SEVERITY_ORDER = {"error": "0", "warning": "1", "info": "2"}


def _cell(text: str, key: str | None = None, css: str | None = None) -> str:
    attributes = f' data-key="{escape(key)}"' if key is not None else ""
    attributes += f' class="{css}"' if css else ""
    return f"<td{attributes}>{text}</td>"


def _findings(diagnostics: Sequence[Diagnostic], link_for: LinkFor) -> str:
    head = "".join(
        f'<th data-column="{column}">{title}</th>'
        for column, title in (
            ("severity", "severity"),
            ("code", "rule"),
            ("place", "file:line"),
            ("path", "model path"),
            ("message", "message"),
        )
    )
    rows = []
    for diagnostic in diagnostics:
        where = diagnostic.location
        place = f"{where.file}:{where.line}" if where else ""
        link = link_for(diagnostic)
        shown = f'<a href="{escape(link)}">{escape(place)}</a>' if link else escape(place)
        key = f"{where.file}:{where.line:08d}" if where else ""
        rows.append(
            f'<tr class="{diagnostic.severity.value}">'
            + _cell(diagnostic.severity.value, SEVERITY_ORDER[diagnostic.severity.value])
            + _cell(escape(diagnostic.code))
            + _cell(shown, key)
            + _cell(escape(diagnostic.path))
            + _cell(escape(diagnostic.message))
            + "</tr>"
        )
    body = "".join(rows) or '<tr><td colspan="5">no findings</td></tr>'
    return (
        f'<table id="findings" class="sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _site_row(site: SiteSummary) -> str:
    if site.availability is None or site.downtime is None:
        figures = (
            _cell("-", "2") + _cell("-", "0") + _cell(percent(site.target)) + _cell(site.protection)
        )
    else:
        met = site.availability >= site.target
        figures = (
            _cell(percent(site.availability), f"{site.availability:.8f}", "good" if met else "bad")
            + _cell(f"{site.downtime:.1f}", f"{site.downtime:.3f}")
            + _cell(percent(site.target))
            + _cell(site.protection)
        )
    used = site.utilisation
    if used is not None and site.upload:
        load = _cell(
            f"{rate(site.upload)} of {rate(site.capacity)} ({percent(used, 1)})", f"{used:.6f}"
        )
    elif site.received_from and site.wan_capacity:
        share = site.received / site.wan_capacity
        load = _cell(
            f"receives {rate(site.received)} of {rate(site.wan_capacity)} WAN "
            f"({percent(share, 1)})",
            f"{share:.6f}",
        )
    else:
        load = _cell("-", "0")
    return (
        f'<tr id="site-{escape(site.id)}">'
        + _cell(escape(site.id))
        + _cell(escape(site.kind.value))
        + figures
        + load
        + "</tr>"
    )


def _sites(summary: TopologySummary) -> str:
    head = "".join(
        f'<th data-column="{column}">{title}</th>'
        for column, title in (
            ("site", "site"),
            ("kind", "kind"),
            ("availability", "availability"),
            ("downtime", "downtime min/year"),
            ("target", "target"),
            ("protection", "1+1"),
            ("upload", "upload in the busy window"),
        )
    )
    rows = "".join(_site_row(site) for site in summary.sites)
    return (
        f'<table id="sites" class="sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _pools(summary: TopologySummary, minimum: float) -> str:
    rows = []
    for pool in summary.pools:
        years = pool.runway_years
        shown = "unlimited" if math.isinf(years) else f"{years:.1f}"
        css = "good" if years >= minimum else "bad"
        key = "1e9" if math.isinf(years) else f"{years:.3f}"
        rows.append(
            "<tr>"
            + _cell(escape(pool.tenant))
            + _cell(escape(pool.id))
            + _cell(shown, key, css)
            + "</tr>"
        )
    return (
        '<table id="runway" class="sortable"><thead><tr><th data-column="tenant">tenant</th>'
        '<th data-column="pool">storage pool</th><th data-column="runway">runway (years)'
        f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def inline_svg(svg: str) -> str:
    """Graphviz's SVG without the XML declaration and doctype, for use inside HTML."""
    return re.sub(r"^.*?(?=<svg)", "", svg, count=1, flags=re.DOTALL)


def report_html(
    summary: TopologySummary,
    diagnostics: Sequence[Diagnostic],
    svg: str,
    link_for: LinkFor,
    *,
    valid: bool,
    min_runway_years: float,
) -> str:
    """The whole report as one HTML document."""
    errors = sum(d.severity.value == "error" for d in diagnostics)
    warnings = sum(d.severity.value == "warning" for d in diagnostics)
    status = '<span class="valid">valid</span>' if valid else '<span class="invalid">invalid</span>'
    title = escape(f"{summary.title} ({summary.name})")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>medinfra report: {title}</title><style>{STYLE}</style></head><body>"
        f"<h1>{title}</h1>"
        f'<p class="summary">{status}: {errors} error(s), {warnings} warning(s); '
        f"{len(summary.sites)} sites, data centres {escape(', '.join(summary.data_centres))} "
        f"({escape(summary.mode)}), availability target {percent(summary.target)}</p>"
        f"<h2>Findings</h2>{_findings(diagnostics, link_for)}"
        f"<h2>Sites: availability and upload</h2>{_sites(summary)}"
        f"<h2>Storage runway</h2>{_pools(summary, min_runway_years)}"
        f'<h2>Diagram</h2><div id="diagram">{inline_svg(svg)}</div>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )
