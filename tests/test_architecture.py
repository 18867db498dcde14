"""Dependencies point one way: the domain and the scoring never import a framework."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"streamlit", "app_pages"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["assessment", "scoring"])
def test_domain_never_imports_the_ui(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(name for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN)
        for path in (ROOT / package).rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_scoring_never_imports_the_assessment_layer():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "scoring").rglob("*.py")
        if any(name.split(".")[0] == "assessment" for name in imported_modules(path))
    ]
    assert offenders == []


def test_a_report_from_files_loads_neither_the_database_layer_nor_the_excel_writer():
    """The command line's `report` of files imports what it uses only: SQLAlchemy and XlsxWriter cost ~0.3 s."""
    code = (
        "import sys\n"
        "import assessment.cli, assessment.services, assessment.analysis, assessment.report\n"
        "print(sorted(name for name in ('sqlalchemy', 'alembic', 'xlsxwriter', 'openpyxl') if name in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
