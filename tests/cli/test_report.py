"""`python -m assessment report` as a user runs it: the files it writes, its errors, and never a partial file.

A real PDF costs a few seconds, so only two are rendered (one from files, one of the stored demo); the other
cases write HTML or stop at an error before the generator runs.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli import running

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "cli"
QUESTIONNAIRE = "tests/fixtures/cli/questionnaire.yaml"
WORKED = "tests/fixtures/cli/worked.csv"
BAD = "tests/fixtures/cli/bad.csv"
SECTIONS = "cover, summary, method, overview, processes, evidence, gaps, roadmap, appendix"


def run(*args: str, lang: str | None = None, real: bool = False) -> subprocess.CompletedProcess:
    """`python -m assessment ARGS` without a database in the environment; as a child process when `real`."""
    env = {"MATURITYMAP_LANG": lang or None, "MATURITYMAP_DATABASE_URL": None}
    return running.command(args, env, timeout=180, real=real)


def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'x.db'}"


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


# --- errors: exit 2, every problem on stderr, no file --------------------------------------------------------------


def test_bad_responses_exit_2_with_every_problem_and_write_nothing(tmp_path):
    out = tmp_path / "report.pdf"
    done = run("report", QUESTIONNAIRE, BAD, "-o", str(out))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "tests/fixtures/cli/bad.csv:2: column answer: answer '7' is not on the scale of item CHG-1-01 "
        "(allowed: 0, 1, 2, 3, 4, na, unknown)",
        "tests/fixtures/cli/bad.csv:3: column item: item 'CHG-9-99' is not in the questionnaire",
        "tests/fixtures/cli/bad.csv:4: column item: respondent 'bob' answers item CHG-1-01 twice (also on row 2)",
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_bad_questionnaire_exits_2_with_its_lines_and_leaves_an_earlier_report_alone(tmp_path):
    broken = tmp_path / "q.yaml"
    text = (FIXTURES / "questionnaire.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("{id: CHG-1-02, level: 1,", "{id: CHG-1-02, level: 6,"), encoding="utf-8")
    out = tmp_path / "report.html"
    out.write_text("the earlier report", encoding="utf-8")
    done = run("report", str(broken), WORKED, "-o", str(out), "--lang", "zh")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0].startswith(f"{broken}:20: ")
    assert "Traceback" not in done.stderr
    assert out.read_text(encoding="utf-8") == "the earlier report"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["q.yaml", "report.html"]


def test_bad_targets_exit_2_with_their_lines(tmp_path):
    targets = tmp_path / "targets.yaml"
    targets.write_text("change: 6\n", encoding="utf-8")
    done = run("report", QUESTIONNAIRE, WORKED, "--targets", str(targets), "-o", str(tmp_path / "r.pdf"))
    assert (done.returncode, done.stderr) == (
        2,
        f"{targets}:1: target for 'change' must be a whole number from 0 to 5, got 6\n",
    )
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize(
    ("name", "lang", "message"),
    [
        ("report.odp", "en", "cannot write {out}: a report is written as .pdf, .html, .xlsx, .docx or .pptx\n"),
        ("report", "zh", "无法写入 {out}：报告只能生成为 .pdf、.html、.xlsx、.docx 或 .pptx\n"),
    ],
)
def test_an_unknown_suffix_exits_2_in_the_chosen_language(tmp_path, name, lang, message):
    out = tmp_path / name
    done = run("report", QUESTIONNAIRE, WORKED, "-o", str(out), "--lang", lang)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message.format(out=out))
    assert list(tmp_path.iterdir()) == []


def test_an_output_folder_that_does_not_exist_is_refused_before_any_work(tmp_path):
    out = tmp_path / "no" / "report.pdf"
    done = run("report", "--assessment", "1", "--database", database(tmp_path), "-o", str(out))
    assert (done.returncode, done.stderr) == (2, f"cannot write {out}: its folder does not exist\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--sections", "cover,summry,gap"],
            f"argument --sections: unknown report section(s) 'summry', 'gap'; the sections are: {SECTIONS}",
        ),
        (["--sections", ","], f"argument --sections: no report section given; the sections are: {SECTIONS}"),
        (
            ["--sections", "封面", "--lang", "zh"],
            f"argument --sections: 未知的报告章节 '封面'；可选章节：{SECTIONS}",
        ),
    ],
)
def test_bad_sections_exit_2_naming_the_sections(tmp_path, args, message):
    done = run("report", QUESTIONNAIRE, WORKED, "-o", str(tmp_path / "r.pdf"), *args)
    assert done.returncode == 2
    assert "usage: python -m assessment report" in done.stderr
    assert message in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "r.pdf"], "the following arguments are required: QUESTIONNAIRE, RESPONSES (or --assessment ID)"),
        (["q.yaml", "-o", "r.pdf"], "the following arguments are required: RESPONSES"),
        ([QUESTIONNAIRE, WORKED], "the following arguments are required: -o/--output"),
        (
            ["q.yaml", "r.csv", "--assessment", "1", "-o", "r.pdf"],
            "give either QUESTIONNAIRE RESPONSES or --assessment",
        ),
        (["--assessment", "1", "--targets", "t.yaml", "-o", "r.pdf"], "--targets is for files"),
        (["--assessment", "1", "--rule", "c2m2", "-o", "r.pdf"], "--rule is for files"),
        (["q.yaml", "r.csv", "--database", "sqlite://", "-o", "r.pdf"], "--database goes with --assessment ID"),
        (["--assessment", "x", "-o", "r.pdf"], "argument --assessment: an assessment id is a whole number from 1"),
        (["q.yaml", "r.csv", "--rule", "cmmi", "-o", "r.pdf"], "argument --rule: invalid choice: 'cmmi'"),
    ],
)
def test_bad_arguments_exit_2_with_usage(args, message):
    done = run("report", *args)
    assert done.returncode == 2
    assert "usage: python -m assessment report" in done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_assessment_exits_2_with_one_line(tmp_path):
    done = run("report", "--assessment", "42", "--database", database(tmp_path), "-o", str(tmp_path / "r.pdf"))
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "assessment 42 does not exist\n")
    chinese = run(
        "report", "--assessment", "42", "--database", database(tmp_path), "-o", str(tmp_path / "r.pdf"), "--lang", "zh"
    )
    assert (chinese.returncode, chinese.stderr) == (2, "评估 42 不存在\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["x.db", "x.db.lock"]  # no report, nothing half-written


def test_help_in_both_languages():
    english = run("report", "--help", real=True)
    assert english.returncode == 0
    assert english.stdout.startswith("usage: python -m assessment report QUESTIONNAIRE RESPONSES -o FILE [options]\n")
    assert "--sections S1,S2" in english.stdout
    assert "Exit codes: 0 success" in english.stdout
    chinese = run("report", "--help", lang="zh")
    assert chinese.returncode == 0
    assert "生成评估报告" in chinese.stdout
    assert "报告中显示的评估人姓名" in chinese.stdout
    assert "report" in run("--help").stdout


# --- reports written -------------------------------------------------------------------------------------------------


def test_a_pdf_report_from_files(tmp_path):
    out = tmp_path / "报告.pdf"
    done = run(
        "report",
        QUESTIONNAIRE,
        WORKED,
        "-o",
        str(out),
        "--lang",
        "zh",
        "--targets",
        "tests/fixtures/cli/targets.yaml",
        "--client",
        "示例集团",
        "--assessor",
        "王工",
        real=True,
    )
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", f"已写入 {out}\n")
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    for expected in ("变更管理", "事件管理", "示例集团", "王工", "worked"):  # the name defaults to the file's
        assert expected in text
    assert [path.name for path in tmp_path.iterdir()] == ["报告.pdf"]  # no temporary file left beside it


def test_the_reports_of_a_stored_assessment(tmp_path):
    assert run("demo", "--database", database(tmp_path)).returncode == 0
    out = tmp_path / "demo.pdf"
    args = ("--assessment", "1", "--database", database(tmp_path), "-o", str(out), "--lang", "zh")
    done = run("report", *args, real=True)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    assert "示范集团（演示数据）" in text
    assert "2026 ITSM 现状评估 (demo)" in text
    for process in ("事件管理", "问题管理", "变更管理", "配置管理", "发布管理", "服务请求管理", "服务级别管理"):
        assert process in text

    html = tmp_path / "summary.html"
    args = ("--sections", "overview,cover", "--name", "Baseline 2026", "--assessor", "Li Wei", "--lang", "en")
    done = run("report", "--assessment", "1", "--database", database(tmp_path), "-o", str(html), *args)
    assert done.returncode == 0, done.stderr
    page = html.read_text(encoding="utf-8")
    for expected in ("Baseline 2026", "Li Wei", "Demo Group", "Incident management", "Service level management"):
        assert expected in page


def test_the_deck_of_a_stored_assessment_in_the_firms_template(tmp_path):
    """`report --assessment ID -o deck.pptx`: the steering-committee deck, in the template uploaded under branding."""
    from pptx import Presentation

    from assessment.workspace.core import Workspace
    from assessment.workspace.office_templates import set_template
    from tests.report.deck_helpers import named_template

    assert run("demo", "--database", database(tmp_path)).returncode == 0
    workspace = Workspace(database(tmp_path))
    try:
        set_template(workspace, "pptx", named_template("Firm master"), "firm.pptx", actor="lead")
    finally:
        workspace.dispose()
    out = tmp_path / "汇报.pptx"
    done = run("report", "--assessment", "1", "--database", database(tmp_path), "-o", str(out), "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", f"已写入 {out}\n")
    deck = Presentation(str(out))
    assert {slide.slide_layout.slide_master.name for slide in deck.slides} == {"Firm master"}
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title is not None]
    for process in ("事件管理", "问题管理", "变更管理", "配置管理", "发布管理", "服务请求管理", "服务级别管理"):
        assert process in titles
    assert "2026 ITSM 现状评估 (demo)" in deck.slides[0].placeholders[1].text  # the stored assessment's name
    assert [path.name for path in tmp_path.iterdir() if path.suffix == ".pptx"] == ["汇报.pptx"]


def test_a_deck_from_files(tmp_path):
    from pptx import Presentation

    out = tmp_path / "deck.pptx"
    done = run("report", QUESTIONNAIRE, WORKED, "-o", str(out), "--client", "Acme", "--sections", "cover,overview")
    assert done.returncode == 0, done.stderr
    deck = Presentation(str(out))
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1  # the radar: the sections chosen choose the slides
    assert "Acme" in deck.slides[0].placeholders[1].text


def test_a_word_report_of_a_stored_assessment(tmp_path):
    import docx

    assert run("demo", "--database", database(tmp_path)).returncode == 0
    out = tmp_path / "report.docx"
    args = ("--sections", "cover,overview,processes", "--lang", "en")
    done = run("report", "--assessment", "1", "--database", database(tmp_path), "-o", str(out), *args)
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", f"wrote {out}\n")
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert headings[:3] == ["1  Maturity overview", "Achievement by process and dimension", "2  Per-process sections"]
    assert headings[3:] == [
        f"2.{n}  {name}"
        for n, name in enumerate(
            (
                "Incident management",
                "Problem management",
                "Change management",
                "Configuration management",
                "Release management",
                "Service request management",
                "Service level management",
            ),
            start=1,
        )
    ]
    assert len(document.inline_shapes) == 2  # the radar and the heat map
    header = document.sections[-1].header.paragraphs[0].text
    assert header.endswith(" · 2026 ITSM 现状评估 (demo)")  # the stored client and name on every page
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.docx", "x.db", "x.db.lock"]
