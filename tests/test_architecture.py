"""Dependencies point one way: the domain and the scoring never import a framework."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
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
        "import assessment.cli.main, assessment.analysis.scored, assessment.analysis.analyse, assessment.report\n"
        "print(sorted(name for name in ('sqlalchemy', 'alembic', 'xlsxwriter', 'openpyxl') if name in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _cycles(graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each an import circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_circle_among_the_projects_modules():
    """Imports inside functions count: a circle of lazy imports is still a circle (`TYPE_CHECKING` ones do not)."""
    import grimp

    graph = grimp.build_graph("assessment", "scoring", "app_pages", exclude_type_checking_imports=True)
    assert _cycles(graph) == []


def test_the_map_in_docs_architecture_is_drawn_from_the_code():
    done = subprocess.run(
        [sys.executable, "scripts/architecture_map.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout


def test_assessment_holds_packages_and_a_few_foundation_modules():
    top = sorted(path.stem for path in (ROOT / "assessment").glob("*.py"))
    assert top == ["__init__", "__main__", "files", "messages", "problems"]


def test_no_module_is_over_500_lines_except_data():
    data = {"assessment/messages.py", "assessment/workspace/demo.py"}  # the message catalogue, the demo's people
    long = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for package in ("assessment", "scoring", "app_pages")
        for path in (ROOT / package).rglob("*.py")
    }
    assert {path: lines for path, lines in long.items() if lines > 500 and path not in data} == {}
