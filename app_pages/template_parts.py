"""The Settings page's Office templates (under the branding): the firm's .pptx for the steering-committee deck and its
.docx for the Word report, uploaded, shown and removed; each change audited by the workspace's service."""

from __future__ import annotations

import streamlit as st

from app_pages.common import md, remember_problems, tr, user, workspace
from assessment.workspace.office_templates import TEMPLATE_LIMIT, clear_template, set_template, template_info

# kind -> (English, Chinese) label of its upload
TEMPLATES: dict[str, tuple[str, str]] = {
    "pptx": (
        "PowerPoint template for the steering-committee deck (.pptx)",
        "指导委员会汇报的 PowerPoint 模板（.pptx）",
    ),
    "docx": ("Word template for the Word report (.docx)", "Word 报告的 Word 模板（.docx）"),
}


def _upload_key(kind: str) -> str:
    return f"settings_template_{kind}_{st.session_state.get(f'settings_template_{kind}_round', 0)}"


def _renew(kind: str) -> None:
    """A new, empty upload widget for `kind` (after a save or a refusal)."""
    st.session_state[f"settings_template_{kind}_round"] = st.session_state.get(f"settings_template_{kind}_round", 0) + 1


def _upload(kind: str, problems: str) -> None:
    upload = st.session_state.get(_upload_key(kind))
    if upload is None:
        return
    remember_problems(
        problems,
        lambda: set_template(workspace(), kind, upload.getvalue(), upload.name, actor=user()),
        tr("Template saved", "模板已保存"),
    )
    _renew(kind)


def _remove(kind: str, problems: str) -> None:
    remember_problems(
        problems, lambda: clear_template(workspace(), kind, actor=user()), tr("Template removed", "模板已移除")
    )


def template_settings(problems: str) -> None:
    """The upload and removal of each template; `problems`: the session key where the page shows refusals."""
    st.markdown(f"**{tr('Office templates', 'Office 模板')}**")
    st.caption(
        tr(
            "The deck and the Word report use the firm's own template when one is uploaded: its slide masters and "
            "layouts, its styles and theme colours. Without one, a clean default is used.",
            "上传公司自己的模板后，指导委员会汇报和 Word 报告将使用该模板的母版、版式、样式和主题颜色；"
            "未上传时使用简洁的默认样式。",
        )
    )
    limit = TEMPLATE_LIMIT // 1_000_000
    for kind, label in TEMPLATES.items():
        info = template_info(workspace(), kind)
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        left.file_uploader(
            tr(f"{label[0]}, up to {limit} MB", f"{label[1]}，不超过 {limit} MB"),
            type=[kind],
            key=_upload_key(kind),
            on_change=_upload,
            args=(kind, problems),
            max_upload_size=limit,
        )
        if info is None:
            left.caption(tr("No template: the default is used.", "未上传模板：使用默认样式。"))
        else:
            size = f"{info.size / 1000:.0f} KB"
            left.caption(
                tr(
                    f"In use: {md(info.name)} ({size}), uploaded by {md(info.updated_by or '–')}",
                    f"当前模板：{md(info.name)}（{size}），上传人：{md(info.updated_by or '–')}",
                )
            )
            right.button(
                tr("Remove the template", "移除模板"),
                key=f"settings_remove_template_{kind}",
                on_click=_remove,
                args=(kind, problems),
            )
