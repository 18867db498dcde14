"""What the settings page shows of the installation: the database without its password, the version."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from assessment.report.options import SECTIONS, ReportOptions
from assessment.workspace.about import app_version, database_info

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("url", "kind", "location", "user"),
    [
        ("sqlite:////srv/mm/data/maturitymap.db", "sqlite", "/srv/mm/data/maturitymap.db", ""),
        ("sqlite://", "sqlite", ":memory:", ""),
        ("postgresql+psycopg://mm:s3cret@db.example:5433/maturity", "postgresql", "db.example:5433 / maturity", "mm"),
        (
            "postgresql+psycopg://postgres@/mm_test?host=/run/pg&port=54001",
            "postgresql",
            "/run/pg:54001 / mm_test",
            "postgres",
        ),
        ("not a url", "unknown", "", ""),
    ],
)
def test_the_database_is_described_without_its_password(url, kind, location, user):
    info = database_info(url)
    assert (info.kind, info.location, info.user) == (kind, location, user)
    assert "s3cret" not in repr(info)


def test_the_version_is_the_projects():
    with (ROOT / "pyproject.toml").open("rb") as file:
        assert app_version() == tomllib.load(file)["project"]["version"]


def test_report_options_keep_the_order_of_the_sections_and_refuse_unknown_ones():
    assert ReportOptions().sections == tuple(SECTIONS)
    assert ReportOptions("en", ("roadmap", "cover")).sections == ("cover", "roadmap")
    with pytest.raises(ValueError, match="unknown report sections: preface"):
        ReportOptions("zh", ("preface",))
    with pytest.raises(ValueError, match="unknown report language"):
        ReportOptions("fr")
