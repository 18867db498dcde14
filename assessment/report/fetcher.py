"""The URL fetcher of the report: the report's own files and data: URLs, nothing else.

Every text of a questionnaire, an answer or a comment reaches the report escaped (Jinja2 autoescape); this
fetcher is the second wall: whatever markup slipped through could neither read a local file nor reach the
network. What was refused is kept in `refused`, for the tests and the log.
"""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse

from assessment.report.charts import ChartJobs

TEMPLATES = Path(__file__).resolve().parents[2] / "report_templates"


class ReportFetcher(URLFetcher):
    """Serves data: URLs, the files under `root` (the report templates) and the report's charts; refuses the rest.

    `charts` (a ChartJobs) are served by their file name under `root`, from memory, once exported.
    """

    def __init__(self, root: Path = TEMPLATES, charts: ChartJobs | None = None) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.root = root.resolve()
        self.charts = charts
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            response = _data_response(url)
        elif scheme == "file":
            response = self._file_response(url)
        else:
            response = None
        if response is None:
            self.refused.append(url)
            raise ValueError(f"the report fetches only its own files and data: URLs, not {url[:80]!r}")
        self.served.append(url if scheme == "file" else url[:40])
        return response

    def _file_response(self, url: str) -> URLFetcherResponse | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(parts.path)).resolve()  # resolves "..", and links that point elsewhere
        if self.charts is not None and path.parent == self.root and (svg := self.charts.svg(path.name)) is not None:
            return URLFetcherResponse(path.as_uri(), svg, {"Content-Type": "image/svg+xml"})
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": _content_type(path)})


def _data_response(url: str) -> URLFetcherResponse | None:
    """A data: URL decoded (RFC 2397), or None when malformed."""
    header, comma, payload = url[5:].partition(",")
    if not comma:
        return None
    fields = header.split(";")
    media = fields[0].strip() or "text/plain"
    try:
        body = base64.b64decode(payload, validate=False) if "base64" in fields[1:] else unquote_to_bytes(payload)
    except ValueError:
        return None
    return URLFetcherResponse(url, body, {"Content-Type": media})


def _content_type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".otf": "font/otf"}.get(
        path.suffix.lower(), "application/octet-stream"
    )
