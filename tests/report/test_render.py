"""The report's templates and stylesheet: escaping, branding colours checked, the words of the page numbers."""

from __future__ import annotations

import datetime as dt
import gc

import jinja2
import pytest

from assessment.report import ReportMeta, render
from assessment.report.render import environment, paused_gc, stylesheet
from assessment.workspace.branding import Branding


def test_every_template_escapes_what_it_is_given():
    env = environment()
    assert env.autoescape is True
    template = env.from_string("<p>{{ value }}</p><a title='{{ value }}'>")
    value = "<script>x</script>\"'&"
    assert template.render(value=value) == (
        "<p>&lt;script&gt;x&lt;/script&gt;&#34;&#39;&amp;</p><a title='&lt;script&gt;x&lt;/script&gt;&#34;&#39;&amp;'>"
    )


@pytest.mark.parametrize("template", ["{{ nothing }}", "{% if nothing %}x{% endif %}", "{{ nothing | upper }}"])
def test_an_undefined_name_in_a_template_is_an_error(template):
    """A name the view model forgot would be an empty space in the report with plain Jinja2; here it is an error."""
    with pytest.raises(jinja2.UndefinedError, match="'nothing' is undefined"):
        environment().from_string(template).render()


def test_the_branding_colours_reach_the_stylesheet():
    css = stylesheet("en", Branding(primary="#112233", accent="#AABBCC"))
    assert ":root { --primary: #112233; --accent: #AABBCC; }" in css


@pytest.mark.parametrize(
    "colour", ["red", "#12345", "#123456;}body{background:url(http://127.0.0.1/x)}", "url(file:///etc/passwd)", ""]
)
def test_a_colour_that_is_not_hex_is_replaced_by_the_default(colour):
    css = stylesheet("en", Branding(primary=colour, accent=colour))
    assert f"--primary: {Branding.primary}; --accent: {Branding.accent};" in css
    assert "127.0.0.1" not in css
    assert "passwd" not in css


@pytest.mark.parametrize(
    ("lang", "page", "figure", "table"),
    [
        ("zh", '"第 " counter(page) " / " counter(pages) " 页"', '"图 " counter(figure) ""', '"表 " counter(table) ""'),
        (
            "en",
            '"Page " counter(page) " of " counter(pages) ""',
            '"Figure " counter(figure) ""',
            '"Table " counter(table) ""',
        ),
    ],
)
def test_page_figure_and_table_numbers_are_worded_in_the_report_language(lang, page, figure, table):
    css = stylesheet(lang, Branding())
    assert f"content: {page};" in css
    assert f"content: {figure};" in css
    assert f"content: {table};" in css


def test_the_rating_colours_come_after_the_neutral_pills():
    css = stylesheet("zh", Branding())
    assert css.index(".r-F {") > css.index(".rating {")


def test_report_meta_has_the_defaults_of_the_api():
    meta = ReportMeta(client="C", assessment="A", date=dt.date(2026, 1, 2))
    assert (meta.assessor, meta.branding, meta.questionnaire) == ("", Branding(), "")


def test_the_collector_is_paused_while_a_report_is_made_and_back_after():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_reports_made_at_the_same_time_share_one_pause():
    first, second = paused_gc(), paused_gc()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second report is still being laid out
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_when_the_layout_fails():
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("layout failed")
    assert gc.isenabled()


def test_compiled_templates_are_kept_for_the_next_process(tmp_path, monkeypatch):
    """The second process to make a report reads the compiled template instead of compiling it (~0.2 s)."""
    cache = jinja2.FileSystemBytecodeCache(str(tmp_path))
    monkeypatch.setattr(render, "_bytecode_cache", lambda: cache)
    render.environment.cache_clear()
    try:
        render.environment().get_template("report.html")
        assert list(tmp_path.iterdir())
        render.environment.cache_clear()  # a new process: a new environment, the same folder

        def no_compiling(*args, **kwargs):
            raise AssertionError("compiled again")

        monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
        assert render.environment().get_template("report.html").render is not None
    finally:
        render.environment.cache_clear()
