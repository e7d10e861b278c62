"""What may stay in Latin script on the report's Chinese page, and the parameter names a
learner's record may carry, in both languages.

Under ``zh`` every visible word is Chinese except formulas, code, identifiers and proper
names. :func:`latin_words` finds the words that break that rule in a text; the full-run
test applies it to the whole Chinese page."""

from __future__ import annotations

import re

# proper names (people, frameworks, methods), units and the names of mathematical functions
PROPER_NAMES = frozenset(
    [
        "PyTorch",
        "NumPy",
        "Keras",
        "Python",
        "JAX",
        "PaddlePaddle",
        "TensorFlow",
        "CUDA",
        "CPU",
        "GPU",
        "DLPack",
        "MathML",
        "JSON",
        "HTML",
        "PNG",
        "README",
        "CI",
        "pytest",
        "hypothesis",
        "sympy",
        "scipy",
        "matplotlib",
        "mpmath",
        "dlspec",
        "torch",
        "numpy",
        "Adam",
        "AdamW",
        "SGD",
        "RMSprop",
        "Xavier",
        "Glorot",
        "He",
        "Kaiming",
        "ReLU",
        "PReLU",
        "LeakyReLU",
        "GELU",
        "ELU",
        "SELU",
        "BatchNorm",
        "LayerNorm",
        "BatchNorm1d",
        "Dropout",
        "Linear",
        "Sequential",
        "Tanh",
        "Sigmoid",
        "MSE",
        "Student",
        "Gil-Pelaez",
        "Bernoulli",
        "Binomial",
        "Gaussian",
        "Bengio",
        "Srivastava",
        "Loshchilov",
        "Hutter",
        "Higham",
        "Ioffe",
        "Szegedy",
        "Ba",
        "Kingma",
        "Poole",
        "Hanin",
        "Rolnick",
        "d2l",
        "ulp",
        "dof",
        "sd",
        "rms",
        "max",
        "min",
        "log",
        "exp",
        "sqrt",
        "var",
        "std",
        "mean",
        "median",
        "tanh",
        "sigmoid",
        "relu",
        "softplus",
        "sin",
        "cos",
        "arg",
        "sup",
        "inf",
        "lr",
        "eps",
        "nan",
        "True",
        "False",
        "None",
    ]
)
# a word: letters, optionally joined by hyphens or apostrophes
WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
# spans exempt as a whole: `code`, $formula$, and anything that looks like an identifier
# or an expression (a dot, an underscore, a digit, brackets or an operator inside)
EXEMPT_SPANS = re.compile(r"`[^`]*`|\$[^$]*\$")
# Chinese has no spaces: its characters and punctuation separate words as spaces do, and
# so do the ASCII marks that end a clause
SEPARATORS = re.compile(r"[\s;,:\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
# a class or exception name (ValueError, BatchNorm1d) is an identifier
CAMEL_CASE = re.compile(r"[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+")
EXPRESSION = re.compile(r"[A-Za-z0-9_.]*[0-9_.()\[\]^/*=<>|][A-Za-z0-9_.()\[\]^/*=<>|,'+-]*")


def latin_words(text: str) -> list[str]:
    """The words of ``text`` in Latin script that a Chinese page must not show: not in a
    code or formula span, not part of an identifier or expression, not a single letter
    (a variable), not a class name in CamelCase and not a proper name of
    :data:`PROPER_NAMES`."""
    text = EXEMPT_SPANS.sub(" ", text)
    found = []
    for token in SEPARATORS.split(text):
        if EXPRESSION.fullmatch(token) and not WORD.fullmatch(token):
            continue
        for word in WORD.findall(token):
            if (
                len(word) > 1
                and word not in PROPER_NAMES
                and word.lower() not in PROPER_NAMES
                and not CAMEL_CASE.fullmatch(word)
            ):
                found.append(word)
    return found


# the parameters a learner's record may name, and how the Chinese page calls them; a name
# that is a symbol or an identifier (p, lr, dtype) is the same in both
PARAMETERS: dict[str, str] = {
    "p": "p",
    "lr": "lr",
    "dtype": "dtype",
    "weight_decay": "weight_decay",
    "vectorised": "vectorised",  # experiments.run's argument: copies trained under vmap
    "momentum": "momentum",
    "betas": "betas",
    "eps": "eps",
    "gain": "gain",
    "n_in": "n_in",
    "n_out": "n_out",
    "n": "n",
    "q": "q",
    "x": "x",
    "width": "宽度",
    "depth": "深度",
    "layers": "层数",
    "steps": "步数",
    "samples": "样本数",
    "networks": "网络数",
    "data sets": "数据集数",
    "batch": "批大小",
    "features": "特征数",
    "shape": "形状",
    "seed": "种子",
    "init": "初始化",
    "activation": "激活函数",
    "noise sd": "噪声标准差",
    "points": "点数",
    "examples": "样例数",
    "device": "设备",
    "mode": "模式",
    "degree": "阶数",
    "range": "区间",
    "optimiser": "优化器",
    "slope": "斜率",
    "inputs": "输入数",
    "e": "e",
}


# the standard Chinese terms (those of d2l-zh, 动手学深度学习) for what the English page calls
# by these names; d2l-zh calls dropout 暂退法, which the page notes once beside 丢弃法
STANDARD_TERMS: dict[str, str] = {
    "vanishing gradient": "梯度消失",
    "Taylor": "泰勒展开",
    "dropout": "丢弃法",
    "BatchNorm": "批量规范化",
    "LayerNorm": "层规范化",
    "weight decay": "权重衰减",
}
D2L_DROPOUT = "暂退法"
