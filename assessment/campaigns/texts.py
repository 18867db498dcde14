"""The respondent's pages' texts: (English, Chinese). One term per concept, as scoring/glossary.py has them."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "language": ("English", "中文"),
    "processes": ("Your questions, by process", "您需要回答的问题（按流程）"),
    "progress": ("{answered} of {total} questions answered", "已回答 {answered} / {total} 题"),
    "who": ("You answer as: {role}, {unit}", "您的身份：{role}，{unit}"),
    "start": ("Start", "开始作答"),
    "continue": ("Continue", "继续作答"),
    "submit": ("Submit my answers", "提交问卷"),
    "submit_note": (
        "Submit when you are done. Until the survey closes you can come back on the same link and change answers.",
        "答完后请提交。问卷截止前，您仍可通过同一链接返回修改答案。",
    ),
    "completed": (
        "You have submitted your answers. Thank you! You can still change them until the survey closes.",
        "您已提交问卷，谢谢！问卷截止前仍可修改答案。",
    ),
    "part": ("Part {index} of {count}: {name}", "第 {index} / {count} 部分：{name}"),
    "guidance": ("What is meant", "说明"),
    "practices_lead": (
        "Each of these practices exists in several processes. Answer it once for each process; each answer counts "
        "for its process.",
        "以下每项实践在多个流程中都有。请按流程分别作答一次，每个回答计入对应的流程。",
    ),
    "no_answer": ("No answer yet", "尚未作答"),
    "scale": ("What each answer means", "各答案的含义"),
    "comment_add": ("Add a comment (optional)", "添加备注（选填）"),
    "comment": ("Your comment", "您的备注"),
    "saved": ("Saved", "已保存"),
    "unsaved": (
        "Not saved yet: it will be saved when you press the button below.",
        "尚未保存：点击下方按钮时将一并保存。",
    ),
    "previous": ("Back", "上一步"),
    "next": ("Save and continue", "保存并继续"),
    "finish": ("Save and finish", "保存并完成"),
    "na": ("Not applicable", "不适用"),
    "unknown": ("Don't know", "不知道"),
    "join_lead": (
        "The survey is anonymous: your name is not asked. Choose your role and unit, then answer the questions meant "
        "for them.",
        "本问卷为匿名问卷，不收集您的姓名。请选择您的角色和单位，然后回答与之对应的问题。",
    ),
    "role": ("Your role", "您的角色"),
    "unit": ("Your unit", "您的单位"),
    "choose": ("Choose…", "请选择……"),
    "begin": ("Begin", "开始"),
    "thanks": ("Thank you: your answers are in.", "谢谢！您的答案已提交。"),
    "thanks_more": (
        "You can close this page. Until the survey closes, the same link lets you look at your answers again.",
        "您可以关闭本页面。问卷截止前，可通过同一链接再次查看您的答案。",
    ),
    "review": ("Look at my answers again", "再次查看我的答案"),
}

# Why a link does not open: said in both languages (the link may not tell which one its reader reads).
REFUSALS: dict[str, tuple[str, str]] = {
    "unknown": (
        "This link does not lead to a survey. Check that it was copied whole, or ask whoever sent it.",
        "此链接无法打开问卷。请检查链接是否完整复制，或联系发送链接的人。",
    ),
    "revoked": (
        "This link has been withdrawn. Ask whoever sent it for a new one.",
        "此链接已被撤销。请向发送链接的人索取新链接。",
    ),
    "closed": (
        "This survey is closed: answers are no longer taken. Thank you for your interest.",
        "此问卷已截止，不再接受作答。感谢您的关注。",
    ),
    "not_open": ("This survey has not opened yet. Please come back later.", "此问卷尚未开始，请稍后再来。"),
    "busy": ("Too many requests at once. Please wait a minute, then try again.", "请求过于频繁，请稍候一分钟再试。"),
    "too_large": ("What was sent is too large.", "提交的内容过大。"),
    "forged": (
        "This form was not sent from the survey's own page. Open the link again and answer there.",
        "此表单并非从问卷页面提交。请重新打开链接后作答。",
    ),
}
