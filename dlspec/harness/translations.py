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
        "statement": "The knowledge base claims (in our words)",
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
        "guide_title": "How to read this page",
        "truth": "What is true",
        "wrong": "Where the wording goes wrong",
        "action": "In code",
        "key_evidence": "Key evidence",
        "all_evidence": "All evidence",
        "parameters": "at",
        "no_parameters": "no parameters",
        "glossary": "Glossary",
        "references": "References",
        "derivation": "Derivation",
        "snippet": "Try it in PyTorch",
        "output": "Output of this run",
        "not_run": "This run did not execute the snippet (its claim was not selected).",
        "try_it": "Try it with another parameter",
        "language_name": "English",
        "colon": ": ",
        "json": "The run's data (JSON)",
        "coincide": "{others} lies on {first}'s line (largest difference {difference})",
        "tests_count": "{count} tests: {outcomes}",
        "no_chinese_font": "(no Chinese font is installed, so the figure's own text is English)",
        "implementation": "implementation",
        "id": "ID",
        "see": "see",
    },
    "zh": {
        "title": "dlspec：知识库论断的可执行检验",
        "environment": "运行环境",
        "summary": "概要",
        "failing": "未通过的论断",
        "untested": "未检验的论断",
        "statement": "知识库的论断（转述）",
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
        "guide_title": "如何阅读本页",
        "truth": "什么是对的",
        "wrong": "原说法错在哪里",
        "action": "写代码时",
        "key_evidence": "关键证据",
        "all_evidence": "全部证据",
        "parameters": "条件",
        "no_parameters": "无参数",
        "glossary": "术语表",
        "references": "参考文献",
        "derivation": "推导",
        "snippet": "在 PyTorch 中试一试",
        "output": "本次运行的输出",
        "not_run": "本次运行没有执行这段代码（未选中它的论断）。",
        "try_it": "换一个参数再试",
        "language_name": "中文",
        "colon": "：",
        "json": "本次运行的数据（JSON）",
        "coincide": "{others} 的曲线与 {first} 的重合（最大差 {difference}）",
        "tests_count": "{count} 项测试：{outcomes}",
        "no_chinese_font": "（本机没有中文字体，图内文字为英文；安装 fonts-wqy-microhei 后重新生成）",
        "implementation": "实现",
        "id": "编号",
        "see": "见",
    },
}

# the reading guide at the top of the page, a paragraph a string
GUIDE = {
    "en": [
        "Each section takes one claim of the knowledge base and opens with its bottom "
        "line: what is true, where the knowledge base's wording goes wrong, and what to "
        "do in code. Then come the few measurements that show it, its figures, the "
        'derivation, and under "all evidence" everything else the tests recorded.',
        "The verdict is the spec's conclusion about the knowledge base's wording: holds "
        "(true as written), refined (true only with a correction or a condition) or "
        "refuted (false as written; a counterexample is shown).",
        "The status says whether this run's tests confirmed that verdict: passed, "
        "failed, deviates (an implementation differs in a declared, measured way), "
        "blocked (relies on a piece another claim found broken) or untested. So refuted "
        "next to passed means the run confirmed that the knowledge base is wrong there.",
        "The columns after the status give it per implementation the run judged: "
        "dlspec's minimal re-implementation, PyTorch, and any other.",
        "Every measurement has a role: asserted (the test fails if the measured value "
        "leaves the tolerance), claim's wording (what the knowledge base predicts, "
        "which the measurement contradicts) or informative (shown, not asserted). "
        "Underlined symbols link to the glossary at the end.",
    ],
    "zh": [
        "每一节讨论知识库的一条论断，开头是结论：什么是对的，知识库的说法错在哪里，写代码时"
        "该怎么做。接着是说明它的几项关键测量、图、推导；测试记录的其余内容都在“全部证据”里。",
        "判定是规约对知识库说法的结论：成立（照原话为真）、需修正（加上修正或条件后才为真）"
        "或不成立（照原话为假，并给出反例）。",
        "状态说明本次运行的测试是否证实了这个判定：通过、失败、已知偏差（某个实现以已声明、"
        "已测量的方式与之不同）、受阻（依赖的部件已被另一论断判为有误）或未检验。所以“不成立”"
        "旁边写着“通过”，意思是本次运行证实了知识库在这一点上是错的。",
        "状态之后的各列给出本次运行检验的每个实现的状态：dlspec 的最小重新实现、PyTorch 以及"
        "其他实现。",
        "每项测量都有一个角色：已断言（测量值超出容差时测试失败）、知识库的论断（知识库的预"
        "测，测量结果与之相反）或仅供参考（只展示，不断言）。带下划线的符号链接到文末的术语表。",
    ],
}

VERDICTS = {
    "en": {"holds": "holds", "refined": "refined", "refuted": "refuted", None: "undecided"},
    "zh": {"holds": "成立", "refined": "需修正", "refuted": "不成立", None: "未判定"},
}

# what a record's prediction is (dlspec.harness.schema.ROLES)
ROLES = {
    "en": {"precise": "asserted", "claim": "claim's wording", "informative": "informative"},
    "zh": {"precise": "已断言", "claim": "知识库的论断", "informative": "仅供参考"},
}

# a test's outcome (dlspec.harness.schema.OUTCOMES), for the counts of a claim's tests
OUTCOMES = {
    "en": {
        "passed": "passed",
        "failed": "failed",
        "blocked": "blocked",
        "skipped": "skipped",
        "deviated": "deviated as declared",
        "absent": "absent",
        "untested": "untested",
    },
    "zh": {
        "passed": "通过",
        "failed": "失败",
        "blocked": "受阻",
        "skipped": "跳过",
        "deviated": "按声明偏差",
        "absent": "机制缺失",
        "untested": "未检验",
    },
}

# tolerances that tests write as one plain word, for the Chinese page
TOLERANCES_ZH = {"exact": "精确", "informative": "仅供参考", "differ": "应不同"}

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
