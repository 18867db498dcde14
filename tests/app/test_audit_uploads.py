"""The security audit's reproductions uploaded in the app: a message in the page's language naming the file, nothing
stored, no traceback."""

from __future__ import annotations

import pytest

from assessment.workspace.assessments import list_assessments
from assessment.workspace.branding import get_branding
from assessment.workspace.queries import revision_of
from tests.app.conftest import shown, start
from tests.app.test_settings import save
from tests.robustness import audit_files

BUNDLES = {
    "lists": (audit_files.bundle_of_empty_lists, "包含 6000003 个 JSON 值", "holds 6000003 JSON values"),
    "deep": (audit_files.bundle_nested_deep, "JSON 嵌套 100000 层", "JSON nested 100000 levels deep"),
    "snapshot": (audit_files.bundle_with_a_swollen_snapshot, "不是评估的内容", "not the content of an assessment"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("case", BUNDLES)
def test_a_hostile_bundle_is_refused_on_the_assessments_page(case, lang, demo_db, tmp_path):
    make, chinese, english = BUNDLES[case]
    path = make(tmp_path / "恶意.mmbundle")
    app = start("assessments", lang=lang)
    app.file_uploader(key="assessments_bundle").set_value((path.name, path.read_bytes(), "application/zip")).run()
    app.button(key="assessments_bundle_import").click().run()
    assert not app.exception
    [error] = app.error
    assert shown(error.value).startswith("恶意.mmbundle:assessment.json: ")
    assert (chinese if lang == "zh" else english) in shown(error.value)
    assert len(list_assessments(demo_db.workspace)) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("make", "suffix", "chinese", "english"),
    [
        (audit_files.wide_csv, "csv", "共 19800220 个单元格", "19800220 cells"),
        (audit_files.repetitive_xlsx, "xlsx", "按压缩炸弹拒绝", "refused as a zip bomb"),
    ],
)
def test_a_hostile_survey_file_is_refused_on_the_survey_page(make, suffix, chinese, english, lang, demo_db, tmp_path):
    path = make(tmp_path / f"answers.{suffix}")
    revision = revision_of(demo_db.workspace, demo_db.demo_id)
    app = start("survey", lang=lang, assessment=demo_db.demo_id)
    app.file_uploader[0].set_value((path.name, path.read_bytes(), "application/octet-stream")).run()
    assert not app.exception
    assert shown(app.error[0].value).startswith(f"answers.{suffix}")
    assert (chinese if lang == "zh" else english) in shown(app.error[0].value)
    assert app.button(key="survey_import").disabled
    assert revision_of(demo_db.workspace, demo_db.demo_id) == revision


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_logo_of_13000_by_13000_pixels_is_refused_on_the_settings_page(lang, empty_db, tmp_path):
    path = audit_files.png_bomb(tmp_path / "logo.png")
    app = start("settings", lang=lang)
    app.file_uploader[0].set_value((path.name, path.read_bytes(), "image/png"))
    save(app)
    assert not app.exception
    expected = {
        "zh": "logo.png: 标志为 13000 × 13000 像素，任一边超过上限 4096 像素",
        "en": "logo.png: the logo is 13000 x 13000 pixels, more than the limit of 4096 on either side",
    }
    assert [shown(error.value) for error in app.error] == [expected[lang]]
    assert get_branding(empty_db.workspace).logo == ""
