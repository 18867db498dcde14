"""The report's charts: the app's Plotly figures as SVG, through kaleido and one headless chromium.

The browser starts with the first chart and is kept for the process (kaleido's sync server, closed at exit
or by `close_browser`): a chart then costs ~0.15–0.3 s instead of a browser start (~3 s) each. Charts are
exported one after the other on a worker thread while the report goes on: the PDF's layout starts at once
and WeasyPrint waits for a chart only when it reaches it (`ChartJobs`, served by the report's fetcher).
In the HTML a chart is a base64 data: URL in an <img>: no chart markup mixes with the document.
An exported chart is kept in the charts' cache (chart_cache): a report whose charts did not change needs no browser.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import plotly.graph_objects as go

from assessment.report import chart_cache
from scoring.charts import FONT_FAMILY

BROWSER = "/usr/bin/chromium"  # Debian's chromium (DEVELOPERS.md: never `playwright install`)
FONT_SIZE = 13  # px of the SVG; charts are drawn ~780 px wide for 174 mm, so 13 px prints at ~8 pt
LOGGER = logging.getLogger(__name__)
WARM_UP = {"data": [], "layout": {"width": 10, "height": 10}}
_lock = threading.Lock()  # kaleido's sync server takes one caller at a time
_started = threading.Event()


def _start() -> None:
    """Start kaleido's browser once for the process (without MathJax, which it would fetch from a CDN)."""
    import kaleido  # here, not above: a report whose charts are all in the cache never loads it (~0.2 s)

    os.environ.setdefault("BROWSER_PATH", BROWSER)
    server = getattr(kaleido, "_global_server", None)
    thread = getattr(server, "_thread", None)
    if _started.is_set() and thread is not None and not thread.is_alive():
        # the browser died (a crash, the machine short of memory): a call would wait for it forever
        kaleido.stop_sync_server(silence_warnings=True)
        _started.clear()
    if not _started.is_set():
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _started.set()


def start_browser_soon() -> None:
    """Start the browser on a background thread now, so that it is up when the report's first chart is exported.

    The command line calls it once the inputs are read without a problem (a wrong file is told at once, with no
    browser to stop): the browser's start (~2 s, mostly chromium's own processes) then overlaps the analysis
    and the HTML instead of holding up the layout. A failure here is not reported: the first chart starts the
    browser again and reports it. Not when the charts' cache holds charts: the report's may all be there, and the
    browser then starts with the first chart that is not (~2 s of two cores saved when none is missing).
    """
    if chart_cache.holds_charts():
        return
    threading.Thread(target=_warm_up, name="report-browser", daemon=True).start()


def _warm_up() -> None:
    import kaleido

    with _lock:
        try:
            _start()
            # one tiny chart: the browser's tab loads plotly.js now rather than for the first real chart
            kaleido.calc_fig_sync(WARM_UP, opts={"format": "svg", "width": 10, "height": 10, "scale": 1})
        except Exception:
            LOGGER.debug("the charts' browser did not start ahead of the report", exc_info=True)


def close_browser() -> None:
    """Stop the browser the charts use (the next chart starts it again)."""
    with _lock:
        if _started.is_set():
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            _started.clear()


def svg_bytes(fig: go.Figure, width: int, height: int | None = None, *, fmt: str = "svg", scale: float = 1) -> bytes:
    """The figure as SVG at a fixed size for print, in the report's font, its title left to the caption.

    `fmt="png"` (with `scale`, pixels per CSS pixel) gives the same chart as a PNG: the Word report's pictures.
    From the charts' cache when this figure was exported at this size before (by any process of this user).
    """
    fig = go.Figure(fig)  # a copy: the caller's figure stays as built
    height = int(height or fig.layout.height or 500)
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": FONT_SIZE},
        width=width,
        height=height,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"t": 36, "b": 46, "l": 60, "r": 24, **_margin(fig)},
        title={"text": ""},
    )
    figure = fig.to_dict()
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    name = chart_cache.key(figure, opts, BROWSER)
    kept = chart_cache.get(name, fmt)
    if kept is not None:
        return kept
    with _lock:
        _start()
        import kaleido

        # kaleido directly, as plotly's to_image does, but without the options its server ignores (and warns of)
        data = kaleido.calc_fig_sync(figure, opts=opts)
    chart_cache.put(name, fmt, data)
    return data


def _margin(fig: go.Figure) -> dict:
    """Margins the builder set itself win over the report's defaults."""
    margin = fig.layout.margin
    return {key: getattr(margin, key) for key in ("t", "b", "l", "r") if getattr(margin, key) is not None}


def data_url(svg: bytes) -> str:
    """An SVG as a base64 data: URL, the one kind of image the report's fetcher serves besides its own files."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


class Chart:
    """One chart of a report: exported on the jobs' worker; `src` is what the <img> of the template points to."""

    def __init__(self, future: Future, name: str, inline: bool) -> None:
        self.future = future
        self.name = name  # a file name under the templates folder, served by the fetcher from memory
        self.inline = inline

    @property
    def src(self) -> str:
        """A data: URL (waiting for the export) in the HTML; the chart's name in the PDF, fetched when laid out."""
        return self.url if self.inline else self.name

    @property
    def url(self) -> str:
        return data_url(self.future.result())


class ChartJobs:
    """The charts of one report, exported in order on one worker thread through the one browser."""

    def __init__(self, inline: bool = True, *, fmt: str = "svg", scale: float = 1) -> None:
        self.inline = inline
        self.fmt, self.scale = fmt, scale  # "png" for the Word report, at `scale` pixels per CSS pixel
        self.token = secrets.token_hex(8)  # names no questionnaire text can guess
        self.charts: dict[str, Chart] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-charts")

    def submit(self, build: Callable[[], go.Figure], width: int, height: int | None = None) -> Chart:
        """Build the figure now (cheap) and export it on the worker (a browser's work)."""
        fig = build()
        name = f"chart-{self.token}-{len(self.charts) + 1}.{self.fmt}"
        export = self._pool.submit(svg_bytes, fig, width, height, fmt=self.fmt, scale=self.scale)
        chart = Chart(export, name, self.inline)
        self.charts[name] = chart
        return chart

    def svg(self, name: str) -> bytes | None:
        """The SVG of the chart of that file name, once exported; None for a name of no chart of this report."""
        chart = self.charts.get(name)
        return None if chart is None else chart.future.result()

    def wait(self) -> None:
        """Wait for every chart; raise the first export error."""
        for chart in self.charts.values():
            chart.future.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ChartJobs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
