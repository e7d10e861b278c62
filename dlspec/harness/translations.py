"""The report's interface words in each language: headings, verdicts, roles and statuses.

The claims' own words, in every language, live with each claim in ``dlspec.claims``."""

from __future__ import annotations

from typing import Any, NamedTuple


class Both(NamedTuple):
    """A text a test writes in both report languages: a record's quantity or tolerance, a
    figure's title, series label, axis or what-to-notice sentence."""

    en: str
    zh: str


def split(text: Any) -> tuple[Any, Any]:
    """(English, Chinese) of ``text``: a :class:`Both`, or one value for both languages
    (a number, a formula or a code fragment needs no translation)."""
    if isinstance(text, Both):
        if not all(isinstance(t, str) and t.strip() for t in text):
            raise ValueError(f"both languages' texts must be non-empty strings, got {text!r}")
        return text.en, text.zh
    return text, text


UI = {
    "en": {
        "title": "dlspec: the knowledge base's claims, checked",
        "environment": "Environment",
        "summary": "Summary",
        "failing": "Failing claims",
        "untested": "Untested claims",
        "statement": "The knowledge base says",
        "precise": "What the spec checks instead",
        "evidence": "Evidence",
        "measured": "measured",
        "predicted": "predicted",
        "tolerance": "tolerance",
        "role": "role",
        "name": "quantity",
        "tests": "Tests",
        "figures": "Figures",
        "no_evidence": "No evidence was recorded in this run.",
        "no_tests": "No test of this claim ran.",
        "more": "more records in the JSON report (--spec-json)",
        "contents": "Contents",
        "verdict": "verdict",
        "status": "status",
        "rerun": "Rerun this claim alone",
        "deviation": "Declared deviation",
        "absent": "Mechanism absent, so untested",
        "failure": "Failed",
        "blocked": "Blocked: relies on a piece another claim found broken",
    },
    "zh": {
        "title": "dlspec：知识库论断的可执行检验",
        "environment": "运行环境",
        "summary": "概要",
        "failing": "未通过的论断",
        "untested": "未检验的论断",
        "statement": "知识库的说法",
        "precise": "规约实际检验的精确表述",
        "evidence": "证据",
        "measured": "实测值",
        "predicted": "预测值",
        "tolerance": "容差",
        "role": "角色",
        "name": "量",
        "tests": "测试",
        "figures": "图",
        "no_evidence": "本次运行没有记录证据。",
        "no_tests": "本次运行没有检验此论断的测试。",
        "more": "其余记录见 JSON 报告（--spec-json）",
        "contents": "目录",
        "verdict": "判定",
        "status": "状态",
        "rerun": "单独重跑此论断",
        "deviation": "已声明的偏差",
        "absent": "该实现没有此机制，故未检验",
        "failure": "失败",
        "blocked": "受阻：依赖的部件已被另一论断判为有误",
    },
}

VERDICTS = {
    "en": {"holds": "holds", "refined": "refined", "refuted": "refuted", None: "undecided"},
    "zh": {"holds": "成立", "refined": "需修正", "refuted": "不成立", None: "未判定"},
}

# what a record's prediction is (dlspec.harness.schema.ROLES)
ROLES = {
    "en": {"precise": "asserted", "claim": "claim's wording", "informative": "informative"},
    "zh": {"precise": "已断言", "claim": "知识库原话", "informative": "仅供参考"},
}

# a claim's status (dlspec.harness.schema.STATUSES)
STATUSES = {
    "en": {
        "passed": "passed",
        "deviates": "deviates",
        "failed": "failed",
        "blocked": "blocked",
        "untested": "untested",
    },
    "zh": {
        "passed": "通过",
        "deviates": "已知偏差",
        "failed": "失败",
        "blocked": "受阻",
        "untested": "未检验",
    },
}
