"""The project's Chinese terms: one term for one thing in the app, the files it writes, its messages and docs."""

from __future__ import annotations

# The term not to use, and the one used instead.
AVOIDED_TERMS = {
    "分歧度": "离散度",  # spread
    "回答数": "答案数",  # the number of answers
    "评估包": "数据包",  # bundle
    "现场走查": "穿行测试",  # walkthrough
    "快速见效": "速赢项",  # quick win
    "达成度": "实现程度",  # achievement
    "实施程度": "实现程度",
}


def avoided_in(texts: list[str]) -> dict[str, list[str]]:
    """The avoided terms found in `texts` (with the term to say instead), and the texts they are in."""
    found = {
        f"{term} (say {instead})": [text for text in texts if term in text] for term, instead in AVOIDED_TERMS.items()
    }
    return {term: where for term, where in found.items() if where}
