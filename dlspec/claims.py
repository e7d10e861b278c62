"""The claim registry: every claim of the knowledge base, its verdict and what the spec checks,
in every language the report speaks.

The IDs (T1..I6) are public: tests name them in ``@pytest.mark.claim(...)`` and every report
uses them. Each claim is one record holding its texts in English (``en``) and Chinese
(``zh``); the Chinese is our own rendering of the English, not a quotation. In each language
``statement`` restates what the knowledge base asserts and ``precise`` is the statement the
spec actually checks when the verdict is not ``holds``.

Verdicts:

* ``holds``: true as stated.
* ``refined``: true only with a correction or a condition, given in ``precise``.
* ``refuted``: false as stated; a counterexample is shown and ``precise`` is checked instead.
* ``None``: not decided yet; the module's spec has not been written. Such a claim has no tests
  and is reported as ``untested``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["holds", "refined", "refuted"]
VERDICTS: tuple[Verdict, ...] = ("holds", "refined", "refuted")
LANGUAGES = ("en", "zh")


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")


@dataclass(frozen=True)
class Module:
    """The name of one group of claims (the letter its IDs start with), per language."""

    en: str
    zh: str

    def name(self, lang: str) -> str:
        _check_language(lang)
        name: str = getattr(self, lang)
        return name


MODULES: dict[str, Module] = {
    "T": Module(en="Tensors and engineering rules", zh="张量与工程规则"),
    "A": Module(en="Architecture and nonlinearity", zh="结构与非线性"),
    "R": Module(en="Regularisation against overfitting", zh="对抗过拟合的正则化"),
    "I": Module(en="Numerical stability and initialisation", zh="数值稳定与初始化"),
}


@dataclass(frozen=True)
class Text:
    """A claim's words in one language; ``precise`` only where the verdict is not ``holds``.

    The bottom line, which the report shows first in the claim's section: ``truth`` says
    what is true in one or two plain sentences, ``wrong`` where the knowledge base's
    wording goes wrong (only for a refined or refuted claim) and ``action`` what to do
    about it in code.

    A number outside a ``$...$`` formula that the run measures is written as
    ``{{record name}}`` (that record's measured value, to 2 significant digits) or
    ``{{record name|field}}`` (``predicted``, or ``params.NAME``), and the report fills it
    in from the run; every other number must agree with one of the claim's records
    (``tests/test_prose.py``)."""

    title: str
    statement: str
    precise: str | None = None
    truth: str = ""
    wrong: str | None = None
    action: str | None = None


@dataclass(frozen=True)
class Claim:
    """One claim: its ID, the spec's verdict and its words in every language of LANGUAGES."""

    id: str
    verdict: Verdict | None
    en: Text
    zh: Text
    # keys of dlspec.references.REFERENCES: the papers the claim's mechanism comes from
    references: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        return MODULES[self.id[0]].en

    # the harness, the ledger and the JSON report speak English
    @property
    def title(self) -> str:
        return self.en.title

    @property
    def statement(self) -> str:
        return self.en.statement

    @property
    def precise(self) -> str | None:
        return self.en.precise

    def text(self, lang: str) -> Text:
        """The claim's title, statement and precise statement in ``lang`` (``en`` or ``zh``)."""
        _check_language(lang)
        text: Text = getattr(self, lang)
        return text

    def __post_init__(self) -> None:
        if not re.fullmatch(rf"[{''.join(MODULES)}][1-9][0-9]*", self.id):
            raise ValueError(
                f"claim ID {self.id!r} must be a module letter ({', '.join(MODULES)}) "
                "followed by its number"
            )
        if self.verdict is not None and self.verdict not in VERDICTS:
            raise ValueError(f"{self.id}: verdict must be one of {VERDICTS}, got {self.verdict!r}")
        for lang in LANGUAGES:
            text = getattr(self, lang)
            if not isinstance(text, Text):
                raise TypeError(f"{self.id}: {lang} must be a Text, got {type(text).__name__}")
            if not text.title or not text.statement:
                raise ValueError(f"{self.id}: the {lang} title and statement must not be empty")
            if self.verdict in ("refined", "refuted") and not text.precise:
                raise ValueError(
                    f"{self.id}: a {self.verdict} claim needs the {lang} precise statement"
                )


CLAIMS: tuple[Claim, ...] = (
    Claim(
        "T1",
        "refined",
        en=Text(
            "nn.Linear needs a 2-D [batch, features] input",
            "nn.Linear only ever takes a two-dimensional table [batch_size, num_features]; one "
            "feature stored as a 1-D array of N samples (shape [20]) has to become [20, 1] "
            "through unsqueeze(1).",
            precise="nn.Linear(in, out) takes any tensor of shape (*, in), with zero or more "
            "leading batch dimensions, and returns (*, out); only the last dimension is checked. "
            "A [20] tensor is rejected by Linear(1, out) but silently accepted by Linear(20, out) "
            "as one sample of 20 features. For N samples of one feature, unsqueeze(1) (or "
            "reshape(-1, 1)) gives the right [N, 1] table; unsqueeze(0) gives [1, N], one sample "
            "of N features.",
        ),
        zh=Text(
            "nn.Linear 需要二维 [batch, features] 输入",
            "nn.Linear 只接受形如 [样本数, 特征数] 的二维表；若一个特征的 N 个样本存成形状为 [20] "
            "的一维数组，必须先用 unsqueeze(1) 变成 [20, 1]。",
            precise="nn.Linear(in, out) 接受任意形状为 (*, in) 的张量（前面可以有零个或多个批维"
            "度），输出 (*, out)；只检查最后一维。形状为 [20] 的张量会被 Linear(1, out) 拒绝，却会"
            "被 Linear(20, out) 悄悄当成一个含 20 个特征的样本。要把一个特征的 N 个样本变成 [N, "
            "1] 表，用 unsqueeze(1)（或 reshape(-1, 1)）；unsqueeze(0) 得到的是 [1, N]，即一个含 "
            "N 个特征的样本。",
        ),
    ),
    Claim(
        "T2",
        "holds",
        en=Text(
            "nn.Linear(1, 100) cares about the feature count, not the rank",
            "What matters to nn.Linear(1, 100) is the number of columns (one feature), not how "
            "many dimensions the data has.",
        ),
        zh=Text(
            "nn.Linear(1, 100) 看的是特征数而不是维数",
            "对 nn.Linear(1, 100) 而言，要紧的是列数（一个特征），与数据有几个维度无关。",
        ),
    ),
    Claim(
        "T3",
        "refined",
        en=Text(
            "tensor.cpu().detach().numpy() is the safe hand-over to NumPy",
            "Calling .cpu() moves the data from GPU to host memory, .detach() leaves the autograd "
            "graph so no error is raised, and .numpy() converts; together they are the safe way "
            "to give a tensor to NumPy or Matplotlib.",
            precise=".numpy() raises TypeError for a CUDA tensor (fixed by .cpu()) and "
            "RuntimeError for a tensor that requires grad (fixed by .detach()). On the CPU, "
            ".cpu() returns the very same tensor and the array shares its memory: writing to the "
            "array changes the tensor (a model's parameters included) and later in-place updates "
            "of the tensor show up in the array. Only from CUDA is the result a copy. The chain "
            "still fails for dtypes NumPy lacks (bfloat16). An independent array needs an "
            "explicit copy.",
        ),
        zh=Text(
            "tensor.cpu().detach().numpy() 是交给 NumPy 的安全做法",
            ".cpu() 把数据从显存搬到内存，.detach() 脱离计算图从而避免报错，.numpy() 完成转换；三"
            "步连用即可把张量安全地交给 NumPy 或 Matplotlib。",
            precise="对 CUDA 张量调用 .numpy() 会抛 TypeError（.cpu() 可解决），对需要梯度的张量会"
            "抛 RuntimeError（.detach() 可解决）。但在 CPU 上 .cpu() 返回的是同一个张量，得到的数"
            "组与它共享内存：改数组就改了张量（包括模型参数），张量之后的原地更新也会出现在数组"
            "里。只有从 CUDA 出发才会得到副本。NumPy 没有的 dtype（bfloat16）仍然失败。要独立的数"
            "组必须显式复制。",
        ),
    ),
    Claim(
        "A1",
        "holds",
        en=Text(
            "A hidden layer is a linear map followed by a nonlinearity",
            "A standard hidden layer is a linear map (nn.Linear) followed by a nonlinear "
            "activation (nn.ReLU).",
        ),
        zh=Text(
            "隐藏层 = 线性映射 + 非线性",
            "标准的隐藏层先做线性映射（nn.Linear），再接非线性激活（nn.ReLU）。",
        ),
    ),
    Claim(
        "A2",
        "holds",
        en=Text(
            "Linear layers without activations collapse into one",
            "Without activations a stack of linear layers is mathematically a single linear "
            "layer: however deep, it only draws lines or planes and cannot fit a nonlinear target.",
        ),
        zh=Text(
            "没有激活函数的线性层会合并成一层",
            "不加激活时，多层线性层在数学上等价于一层：无论多深都只能表示直线或平面，拟合不了非线"
            "性目标。",
        ),
    ),
    Claim(
        "A3",
        "refined",
        en=Text(
            "Sigmoid: range (0, 1), slope at most 1/4, not zero-centred",
            "Sigmoid $1/(1+e^{-x})$ maps into $(0, 1)$; its derivative never exceeds 0.25, so deep "
            "sigmoid stacks lose their gradient; its output is positive on average, which shifts "
            "the next layer; it now mostly serves as the output of binary classifiers.",
            precise=r"In exact arithmetic sigmoid maps $\mathbb{R}$ onto $(0, 1)$, its derivative "
            "$s(1-s)$ peaks at exactly $1/4$ at $x = 0$, and "
            r"$\operatorname{sigmoid}(x) + \operatorname{sigmoid}(-x) = 1$, so a symmetric "
            "zero-mean input gives mean output exactly $1/2$. In floating point the range is "
            "closed: float32 returns exactly 1.0 from $x$ of about 17 on (and 0.0 for very "
            "negative $x$); there PyTorch's gradient, computed as $s(1-s)$ from the rounded "
            "output, is exactly 0, and the true one is below $e^{-x}$. Through a depth-$L$ stack "
            "the input gradient is bounded by $4^{-L}$ times the product of the weight matrices' "
            "spectral norms times the output gradient.",
        ),
        zh=Text(
            "Sigmoid：值域 (0, 1)，斜率不超过 1/4，不以零为中心",
            "Sigmoid $1/(1+e^{-x})$ 的输出落在 $(0, 1)$；导数最大为 0.25，深层堆叠时梯度逐层变小；"
            "输出平均为正，会让下一层产生偏移；如今主要用作二分类的输出层。",
            precise="精确算术下 sigmoid 把实数轴映到 $(0, 1)$，导数 $s(1-s)$ 在 $x = 0$ 处恰好取最"
            r"大值 $1/4$，且 $\operatorname{sigmoid}(x) + \operatorname{sigmoid}(-x) = 1$，所以对称"
            "、零均值的输入给出的平均输出恰为 $1/2$。浮点下值域是闭的：float32 在 $x$ 约 17 以上恰"
            "好返回 1.0（很负时返回 0.0）；此时 PyTorch 由舍入后的输出算 $s(1-s)$，梯度恰为 0，真实"
            "梯度小于 $e^{-x}$。深度为 $L$ 的堆叠中，输入梯度不超过 $4^{-L}$ 乘各层权重谱范数之积再"
            "乘输出梯度。",
        ),
    ),
    Claim(
        "A4",
        "refined",
        en=Text(
            "Tanh: range (-1, 1), zero-centred, still saturates",
            "Tanh maps into $(-1, 1)$ and is zero-centred; with Xavier initialisation it made "
            "shallow networks trainable, but its gradient still vanishes for inputs of large "
            "magnitude.",
            precise=r"In exact arithmetic tanh maps $\mathbb{R}$ onto $(-1, 1)$, is odd (so a "
            r"symmetric input gives mean output exactly 0), has derivative $1 - \tanh^2 \le 1$ "
            r"with equality only at 0, and $1 - \tanh^2(x) \le 4 e^{-2|x|}$. In floating point the "
            r"range is closed: float32 returns exactly $\pm 1.0$ from $|x|$ of about 9 on, where "
            "the gradient is at most $4 e^{-2|x|}$ (exactly 0 in PyTorch).",
        ),
        zh=Text(
            "Tanh：值域 (-1, 1)，以零为中心，但仍会饱和",
            "Tanh 的输出落在 $(-1, 1)$ 且以零为中心；配合 Xavier 初始化让浅层网络可以训练，但输入绝"
            "对值大时梯度依旧消失。",
            precise="精确算术下 tanh 把实数轴映到 $(-1, 1)$，是奇函数（对称输入的平均输出恰为 0），"
            r"导数 $1 - \tanh^2 \le 1$，仅在 0 处取等，并且 $1 - \tanh^2(x) \le 4 e^{-2|x|}$。浮点"
            r"下值域是闭的：float32 在 $|x|$ 约 9 以上恰好返回 $\pm 1.0$，此时梯度至多 "
            "$4 e^{-2|x|}$（PyTorch 中恰为 0）。",
        ),
    ),
    Claim(
        "A5",
        "refined",
        en=Text(
            "ReLU: slope 1 for positive inputs; dead units never update",
            r"ReLU $\max(0, x)$ has derivative exactly 1 for positive inputs, so it does not "
            "multiply gradients down and is cheap; but a unit that falls into the negative region "
            "has gradient 0 forever and is never updated again.",
            precise=r"ReLU's derivative is exactly 1 for $x > 0$ and exactly 0 for $x \le 0$ "
            r"(PyTorch uses 0 at $x = 0$). A unit whose pre-activation is $\le 0$ on every "
            "training input gets exactly zero loss gradient for its incoming weights and bias. "
            "Whether it is 'never updated' depends on the optimiser: plain SGD freezes it bit for "
            "bit; SGD with weight_decay shrinks its weights by "
            r"$(1 - \mathrm{lr} \cdot \mathrm{wd})$ per step (it stays dead); optimisers with a "
            "momentum buffer (SGD momentum, Adam) keep moving it after it died.",
        ),
        zh=Text(
            "ReLU：正区间斜率为 1；死亡单元不再更新",
            r"ReLU $\max(0, x)$ 在正输入处导数恰为 1，不会把梯度越乘越小，而且计算便宜；但落入负区"
            "间的单元梯度永远为 0，从此不再被更新。",
            precise=r"ReLU 的导数在 $x > 0$ 时恰为 1，在 $x \le 0$ 时恰为 0（PyTorch 在 $x = 0$ 取 "
            r"0）。若某单元在所有训练输入上的预激活都 $\le 0$，它的入权重和偏置得到的损失梯度恰为零"
            "。是否“永不更新”取决于优化器：普通 SGD 逐位冻结它；带 weight_decay 的 SGD 每步把其权重"
            r"乘以 $(1 - \mathrm{lr} \cdot \mathrm{wd})$（它仍然是死的）；带动量缓冲的优化器（SGD "
            "动量、Adam）在它死后仍会继续移动它。",
        ),
    ),
    Claim(
        "A6",
        "refined",
        en=Text(
            "Leaky ReLU keeps a small negative slope; PReLU learns it",
            r"Leaky ReLU, $\max(ax, x)$ with $a$ usually 0.01, keeps a small slope for negative "
            "inputs and so cures dead units; PReLU makes $a$ a learnable parameter.",
            precise="PyTorch's LeakyReLU is $x$ for $x > 0$ and $a x$ otherwise, for any slope "
            r"$a$; this equals $\max(a x, x)$ only for $0 \le a \le 1$ ($a = 2$ is a "
            "counterexample). A unit whose inputs are all negative still gets a gradient $a$ times "
            r"that of a live unit, so it is never dead for $a \ne 0$. PReLU's $a$ is learnable "
            r"(gradient sum of $\min(x, 0)$ times the upstream gradient), but nn.PReLU starts from "
            "$a = 0.25$, not 0.01, shared by all channels by default.",
        ),
        zh=Text(
            "Leaky ReLU 保留小的负斜率；PReLU 学习这个斜率",
            r"Leaky ReLU 即 $\max(ax, x)$，$a$ 通常取 0.01，对负输入保留一点斜率，从而避免死亡单元"
            "；PReLU 把 $a$ 变成可学习的参数。",
            precise="PyTorch 的 LeakyReLU 对 $x > 0$ 取 $x$，否则取 $a x$，$a$ 可为任意值；只有 "
            r"$0 \le a \le 1$ 时它才等于 $\max(a x, x)$（$a = 2$ 是反例）。输入全为负的单元仍得到线"
            r"性单元 $a$ 倍的梯度，所以 $a \ne 0$ 时不会死亡。PReLU 的 $a$ 可学习（梯度为 "
            r"$\min(x, 0)$ 与上游梯度乘积之和），但 nn.PReLU 的初值是 0.25 而非 0.01，默认所有通道"
            "共用。",
        ),
    ),
    Claim(
        "A7",
        "refuted",
        en=Text(
            "Pre-activations start near 0, so only f near 0 matters",
            "Because initial weights are close to 0, the inputs of the activations are extremely "
            "close to 0 early in training, so an activation's behaviour near 0 decides whether "
            "training gets going; there we want $f(x)$ close to $x$, so Xavier's variance balance "
            "holds.",
            precise="Under Xavier initialisation each weight is small (variance "
            r"$2/(n_\mathrm{in} + n_\mathrm{out})$) but a pre-activation sums $n_\mathrm{in}$ of "
            "them: given the input $x$, the pre-activations are independent "
            r"$\mathcal{N}(0, 2 n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out}) \cdot "
            r"\operatorname{mean}(x^2))$, the same order as the inputs whatever the width. "
            r"PyTorch's default nn.Linear initialisation (uniform on $\pm 1/\sqrt{n_\mathrm{in}}$) "
            r"gives $\mathbb{E}[h^2 \mid x] = \operatorname{mean}(x^2)/3 + 1/(3 n_\mathrm{in})$, "
            "also of that order. For unit-scale inputs about a third of Xavier pre-activations lie "
            "beyond $|h| = 1$, where an activation's Taylor polynomial of degree 1 is no longer "
            "accurate.",
        ),
        zh=Text(
            "预激活起初接近 0，所以只有 0 附近的 f 重要",
            "由于初始权重接近 0，训练初期激活函数的输入极其接近 0，因此激活函数在 0 附近的表现决定"
            "训练能否启动；那里希望 $f(x)$ 接近 $x$，这样 Xavier 的方差平衡才成立。",
            precise=r"Xavier 初始化下每个权重很小（方差 $2/(n_\mathrm{in} + n_\mathrm{out})$），但"
            r"一个预激活是 $n_\mathrm{in}$ 个权重项之和：给定输入 $x$，预激活相互独立、服从 "
            r"$\mathcal{N}(0, 2 n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out}) \cdot "
            r"\operatorname{mean}(x^2))$，无论宽度多大都与输入同一量级。PyTorch 默认的 nn.Linear 初"
            r"始化（在 $\pm 1/\sqrt{n_\mathrm{in}}$ 上均匀）给出 "
            r"$\mathbb{E}[h^2 \mid x] = \operatorname{mean}(x^2)/3 + 1/(3 n_\mathrm{in})$，也是这个"
            "量级。对单位尺度的输入，约三分之一的 Xavier 预激活落在 $|h| = 1$ 之外，那里一次 "
            "Taylor 多项式已不准确。",
        ),
    ),
    Claim(
        "A8",
        "holds",
        en=Text(
            "Sigmoid's series: offset 1/2, slope 1/4",
            r"$\operatorname{sigmoid}(x) = 1/2 + x/4 - x^3/48 + \dots$: the constant $1/2$ means "
            "it is not zero-centred (the next layer receives an offset of 0.5) and the slope $1/4$ "
            "shrinks a small signal 4x and its variance 16x near 0, which speeds up vanishing "
            "gradients.",
        ),
        zh=Text(
            "Sigmoid 的级数：常数 1/2，斜率 1/4",
            r"$\operatorname{sigmoid}(x) = 1/2 + x/4 - x^3/48 + \dots$：常数 $1/2$ 说明它不以零为中"
            "心（下一层会收到 0.5 的偏移），斜率 $1/4$ 让 0 附近的小信号缩小 4 倍、方差缩小 16 倍，"
            "加速梯度消失。",
        ),
    ),
    Claim(
        "A9",
        "refined",
        en=Text(
            "tanh(x) = x - x^3/3 + ...: why Xavier plus tanh keeps the variance",
            r"$\tanh(x) = x - x^3/3 + \dots$ has no constant term and slope exactly 1, so "
            r"$\tanh(x)$ is about $x$ near 0; this is why Xavier initialisation with tanh keeps "
            "the variance so perfectly constant.",
            precise=r"The series $\tanh(x) = x - x^3/3 + 2x^5/15 - \dots$ is right, but the "
            r"variance is not kept: because $\tanh(x)^2 < x^2$ for every $x \ne 0$, each Xavier "
            r"tanh layer's expected second moment is $\sigma_w^2$ times the previous layer's mean "
            r"$\tanh^2$, strictly below the previous second moment. In the wide limit "
            r"$q \leftarrow \mathbb{E}[\tanh(\sqrt{q} z)^2] \approx q - 2q^2$, so the second "
            "moment decays like $1/(2l)$ with depth $l$.",
        ),
        zh=Text(
            "tanh(x) = x - x^3/3 + ...：Xavier 配 tanh 为何能保持方差",
            r"$\tanh(x) = x - x^3/3 + \dots$ 没有常数项且一次项系数恰为 1，因此 0 附近 $\tanh(x)$ "
            "约等于 $x$；据说这就是 Xavier 初始化配 tanh 能把方差保持得如此恒定的原因。",
            precise=r"级数 $\tanh(x) = x - x^3/3 + 2x^5/15 - \dots$ 是对的，但方差并不保持：因为对"
            r"每个 $x \ne 0$ 都有 $\tanh(x)^2 < x^2$，每个 Xavier tanh 层的期望二阶矩等于 "
            r"$\sigma_w^2$ 乘上一层 $\tanh^2$ 的均值，严格小于上一层的二阶矩。宽度无穷大时 "
            r"$q \leftarrow \mathbb{E}[\tanh(\sqrt{q} z)^2]$ 约为 $q - 2q^2$，所以二阶矩随深度 $l$ "
            "像 $1/(2l)$ 那样衰减。",
        ),
    ),
    Claim(
        "A10",
        "holds",
        en=Text(
            "4 sigmoid(x) - 2 is x to first order",
            r"$g(x) = 4 \operatorname{sigmoid}(x) - 2$ expands to $g(x) = x + \dots$: subtracting "
            "2 removes the offset and multiplying by 4 raises the slope from $1/4$ to 1.",
        ),
        zh=Text(
            "4 sigmoid(x) - 2 一阶上等于 x",
            r"$g(x) = 4 \operatorname{sigmoid}(x) - 2$ 展开为 $g(x) = x + \dots$：减 2 去掉偏移，"
            "乘 4 把斜率从 $1/4$ 提到 1。",
        ),
    ),
    Claim(
        "A11",
        "holds",
        en=Text(
            "Networks can be assembled from a Python list",
            "A network can be built at run time from a Python list of layers unpacked into "
            "nn.Sequential(*layers), appending nn.Dropout(0.2) only when a flag asks for it.",
        ),
        zh=Text(
            "网络可以由 Python 列表组装",
            "可以在运行时把层放进 Python 列表，再解包成 nn.Sequential(*layers)，只在开关打开时追"
            "加 nn.Dropout(0.2)。",
        ),
    ),
    Claim(
        "R1",
        "refined",
        en=Text(
            "Dropout zeroes units with probability p",
            "Overfitting is a too-complex model memorising the noise; dropout counters it by "
            "zeroing each unit with probability $p$ during training, so that the model has to "
            "learn global features. nn.Dropout(p) usually follows the activation.",
            precise="In training mode nn.Dropout(p) zeroes each element of its input independently "
            "with probability $p$, with a fresh mask at every call (so a unit is dropped for some "
            "samples of a batch and kept for others), and multiplies every element it keeps by "
            "$1/(1 - p)$: the knowledge base leaves this scaling out, and it is what makes the "
            "expected output equal to the input. $p = 0$ is the identity, $p = 1$ gives zeros. On "
            "the experiment the unregularised network's training error falls far below the noise "
            "variance: it fits the noise.",
        ),
        zh=Text(
            "Dropout 以概率 p 把单元置零",
            "过拟合是过于复杂的模型记住了数据里的噪声；dropout 在训练时以概率 $p$ 把每个单元置零，"
            "迫使模型学习全局特征。nn.Dropout(p) 通常放在激活函数之后。",
            precise="训练模式下 nn.Dropout(p) 独立地以概率 $p$ 把输入的每个元素置零，每次调用都抽新"
            "的掩码（所以同一单元对批中的某些样本被丢弃、对另一些保留），并把保留的元素乘以 "
            "$1/(1 - p)$：知识库没有提到这个缩放，正是它让期望输出等于输入。$p = 0$ 是恒等映射，"
            "$p = 1$ 输出全零。实验中不加正则的网络的训练误差远低于噪声方差：它拟合了噪声。",
        ),
    ),
    Claim(
        "R2",
        "holds",
        en=Text(
            "train() enables dropout, eval() disables it",
            "Switching modes matters: net.train() turns the random dropping on, net.eval() turns "
            "it off so that every unit contributes to predictions.",
        ),
        zh=Text(
            "train() 开启 dropout，eval() 关闭 dropout",
            "模式切换很关键：net.train() 打开随机丢弃，net.eval() 关闭它，让所有单元都参与预测。",
        ),
    ),
    Claim(
        "R3",
        "refined",
        en=Text(
            "Weight decay is an L2 penalty set in the optimiser",
            "Weight decay adds an L2 term to the loss, so the optimiser keeps shrinking the "
            "weights; smaller weights give a smoother fit that noise moves less. It is set in the "
            "optimiser, e.g. torch.optim.Adam(..., weight_decay=0.01), without touching the model.",
            precise=r"An optimiser's weight_decay = $\lambda$ adds $\lambda \cdot p$ to the "
            "gradient of every parameter it updates, biases included: the gradient of the L2 term "
            r"$\lambda/2 \cdot \lVert p \rVert^2$ (half of $\lambda$), and for SGD and Adam the "
            "two agree step for step. With SGD, and with AdamW's decoupled decay, a parameter "
            r"whose data gradient is zero shrinks by exactly $(1 - \mathrm{lr} \cdot \lambda)$ per "
            "step. With Adam the L2 gradient is divided by Adam's running gradient scale, so such "
            r"a parameter moves by $\mathrm{lr}$ per step whatever $\lambda$ is: the shrinking is "
            r"not proportional to $\lambda$ or to the weight. AdamW is not equivalent to any L2 "
            "term. On the experiment, Adam with weight_decay = 0.01 gives smaller weights and a "
            "smoother fitted curve.",
        ),
        zh=Text(
            "权重衰减是在优化器里设置的 L2 惩罚",
            "权重衰减在损失中加入 L2 项，优化器因此不断压缩权重；权重越小，拟合曲线越平滑，越不受"
            "噪声左右。它在优化器里设置，例如 torch.optim.Adam(..., weight_decay=0.01)，不必改动模"
            "型。",
            precise=r"优化器的 weight_decay = $\lambda$ 给它更新的每个参数（包括偏置）的梯度加上 "
            r"$\lambda \cdot p$：这是 L2 项 $\lambda/2 \cdot \lVert p \rVert^2$（$\lambda$ 的一半）"
            "的梯度，对 SGD 和 Adam 两者逐步一致。对 SGD 以及 AdamW 的解耦衰减，数据梯度为零的参数"
            r"每步恰好缩小为 $(1 - \mathrm{lr} \cdot \lambda)$ 倍。对 Adam，L2 梯度要除以 Adam 的梯"
            r"度尺度，所以这样的参数每步移动约 $\mathrm{lr}$，与 $\lambda$ 无关：收缩既不与 "
            r"$\lambda$ 成正比，也不与权重成正比。AdamW 不等价于任何 L2 项。实验中 Adam 配 "
            "weight_decay = 0.01 得到更小的权重和更平滑的拟合曲线。",
        ),
    ),
    Claim(
        "R4",
        "refined",
        en=Text(
            "Dropout and weight decay each reduce overfitting",
            "On the knowledge base's experiment (a handful of noisy 1-D points fitted by "
            "nn.Linear(1, 100), nn.ReLU(), ...), dropout and weight decay each reduce overfitting "
            "compared with the same model without them.",
            precise="On noisy data (12 points of $y = x^2$ with noise of standard deviation 0.5, "
            "one hidden layer of 100 ReLUs, Adam with lr 0.04, 500 full-batch steps), Dropout(0.2) "
            "and weight_decay = 0.01 each lower the error against the noise-free curve compared "
            "with the same unregularised model, on average over data sets (one-sided paired t-test "
            "on the log error ratio, 67 data sets, significance 1e-3), though not necessarily on "
            "every data set. It is not a property of the regularisers alone: on the same points "
            "with noise of standard deviation 0.05 the same weight decay, and Dropout(0.5), raise "
            "the held-out error.",
        ),
        zh=Text(
            "Dropout 与权重衰减各自减轻过拟合",
            "在知识库的实验里（少量带噪的一维点，用 nn.Linear(1, 100)、nn.ReLU() 等拟合），与不加"
            "正则的同一模型相比，dropout 和权重衰减都能减轻过拟合。",
            precise="在带噪数据上（$y = x^2$ 的 12 个点，噪声标准差 0.5，一个 100 个 ReLU 的隐藏层"
            "，Adam 学习率 0.04，500 步全批训练），与同一个不加正则的模型相比，Dropout(0.2) 和 "
            "weight_decay = 0.01 各自在数据集平均意义上降低了与无噪曲线的误差（对数误差比的单侧配"
            "对 t 检验，67 个数据集，显著性 1e-3），但不一定每个数据集都降低。这不是正则项本身的性"
            "质：同样的点若噪声标准差为 0.05，同样的权重衰减以及 Dropout(0.5) 反而提高了留出误差。",
        ),
    ),
    Claim(
        "R5",
        "refuted",
        en=Text(
            "torch.manual_seed(42) makes comparisons strictly controlled",
            "Fixing the seed with torch.manual_seed(42) guarantees that comparing two variants is "
            "a strictly controlled experiment.",
            precise="torch.manual_seed(42) resets PyTorch's global generators (CPU and every CUDA "
            "device) and nothing else: not NumPy's, not Python's random. Re-running the same "
            "program then gives bit-identical results on the CPU; on CUDA PyTorch promises it "
            "only with torch.use_deterministic_algorithms(True) (older versions also want "
            "CUBLAS_WORKSPACE_CONFIG=:4096:8). It does not make two variants a controlled "
            "comparison: seeded once, the second variant starts from a later point of the random "
            "stream (other initial weights); reseeded for each, any difference in the random "
            "numbers the variants consume (a Dropout's masks) changes everything drawn after it. "
            "Two arms differ only in the variable under test when each source of randomness "
            "(data, initialisation, masks) has its own generator, as in dlspec.experiments.",
        ),
        zh=Text(
            "torch.manual_seed(42) 让比较成为严格的对照实验",
            "用 torch.manual_seed(42) 固定随机种子，就能保证两种方案的比较是严格控制变量的实验。",
            precise="torch.manual_seed(42) 只重置 PyTorch 的全局生成器（CPU 和每个 CUDA 设备），不"
            "动 NumPy 和 Python 的 random。于是同一程序在 CPU 上重跑得到逐位相同的结果；在 CUDA "
            "上 PyTorch 只在 torch.use_deterministic_algorithms(True) 下承诺这一点（旧版本还需要 "
            "CUBLAS_WORKSPACE_CONFIG=:4096:8）。它并不能让两个方案成为对照比较：只播种一次时，第二"
            "个方案从随机流的更后位置开始（初始权重不同）；每个方案各自重新播种时，只要两者消耗的"
            "随机数不同（例如 Dropout 的掩码），之后抽取的一切都会改变。只有给每个随机来源（数据、"
            "初始化、掩码）各自的生成器（如 dlspec.experiments），两个方案才只在被检验的变量上不"
            "同。",
        ),
    ),
    Claim(
        "I1",
        "refined",
        en=Text(
            "Initialisation keeps every layer's variance the same",
            "Initialisation aims to keep the variance of the signal the same in every layer, in "
            "the forward and in the backward pass.",
            precise="An initialisation can make the expected second moment of the pre-activations "
            "the same in every layer going forward (variance scaled by fan-in) or that of the "
            "gradients going backward (scaled by fan-out), both at once only when fan-in equals "
            r"fan-out; Xavier's $2/(n_\mathrm{in} + n_\mathrm{out})$ is the compromise. It is the "
            r"second moment $\mathbb{E}[h^2]$ that is kept, not the variance of the activations, "
            "and only on average over random networks: in one finite-width network it drifts (see "
            "I5).",
        ),
        zh=Text(
            "初始化让每一层的方差保持不变",
            "初始化的目标是让信号的方差在每一层都相同，前向传播和反向传播都如此。",
            precise="初始化可以让前向的预激活期望二阶矩在每层相同（方差按 fan-in 缩放），或让反向的"
            "梯度期望二阶矩相同（按 fan-out 缩放），两者同时成立仅当 fan-in 等于 fan-out；Xavier "
            r"的 $2/(n_\mathrm{in} + n_\mathrm{out})$ 是折中。保持的是二阶矩 $\mathbb{E}[h^2]$ 而非"
            "激活的方差，而且只是在随机网络上平均而言：在单个有限宽度网络中它会漂移（见 I5）。",
        ),
    ),
    Claim(
        "I2",
        "refined",
        en=Text(
            "Xavier: Var(w) = 2/(n_in + n_out)",
            "For no activation or tanh/sigmoid, Xavier (Glorot) initialisation balances the "
            "forward and backward passes by giving the weights the harmonic mean of the fan-in and "
            r"fan-out as variance, $\operatorname{Var}(w) = 2/(n_\mathrm{in} + n_\mathrm{out})$.",
            precise="nn.init.xavier_normal_ draws "
            r"$\mathcal{N}(0, \mathrm{gain}^2 \cdot 2/(\mathrm{fan}_\mathrm{in} + "
            r"\mathrm{fan}_\mathrm{out}))$ (gain 1 by default) and xavier_uniform_ "
            r"$\mathcal{U}(-a, a)$ with "
            r"$a = \mathrm{gain} \cdot \sqrt{6/(\mathrm{fan}_\mathrm{in} + "
            r"\mathrm{fan}_\mathrm{out})}$, for linear and convolution weights (fans include the "
            r"kernel size). $2/(n_\mathrm{in} + n_\mathrm{out})$ is the harmonic mean of "
            r"$1/n_\mathrm{in}$ and $1/n_\mathrm{out}$ (the variances that would keep the forward "
            r"and the backward pass, respectively), not the harmonic mean of $n_\mathrm{in}$ and "
            r"$n_\mathrm{out}$. It keeps neither pass exactly unless "
            r"$n_\mathrm{in} = n_\mathrm{out}$: a linear layer multiplies the forward second "
            r"moment by $2 n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out})$ and the backward one by "
            r"$2 n_\mathrm{out}/(n_\mathrm{in} + n_\mathrm{out})$. For tanh PyTorch's recommended "
            "gain is $5/3$, and under tanh the second moment still decays with depth (A9).",
        ),
        zh=Text(
            "Xavier：Var(w) = 2/(n_in + n_out)",
            "对无激活或 tanh/sigmoid 激活，Xavier（Glorot）初始化取输入与输出单元数的调和平均作为权"
            r"重方差，$\operatorname{Var}(w) = 2/(n_\mathrm{in} + n_\mathrm{out})$，以兼顾前向和反"
            "向传播。",
            precise="nn.init.xavier_normal_ 抽取 "
            r"$\mathcal{N}(0, \mathrm{gain}^2 \cdot 2/(\mathrm{fan}_\mathrm{in} + "
            r"\mathrm{fan}_\mathrm{out}))$（默认 gain 为 1），xavier_uniform_ 抽取 "
            r"$\mathcal{U}(-a, a)$，"
            r"$a = \mathrm{gain} \cdot \sqrt{6/(\mathrm{fan}_\mathrm{in} + "
            r"\mathrm{fan}_\mathrm{out})}$，适用于线性与卷积权重（fan 含卷积核大小）。"
            r"$2/(n_\mathrm{in} + n_\mathrm{out})$ 是 $1/n_\mathrm{in}$ 与 $1/n_\mathrm{out}$（分别"
            r"保持前向和反向的方差）的调和平均，而不是 $n_\mathrm{in}$ 与 $n_\mathrm{out}$ 的调和平"
            r"均。除非 $n_\mathrm{in} = n_\mathrm{out}$，它两个方向都不能精确保持：线性层把前向二阶"
            r"矩乘以 $2 n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out})$，反向乘以 "
            r"$2 n_\mathrm{out}/(n_\mathrm{in} + n_\mathrm{out})$。对 tanh，PyTorch 推荐的 gain 是 "
            "$5/3$，而且在 tanh 下二阶矩仍随深度衰减（A9）。",
        ),
    ),
    Claim(
        "I3",
        "refined",
        en=Text(
            "ReLU halves the variance; Xavier collapses under ReLU",
            "ReLU sets every negative value to zero and so halves the variance; with ReLU, Xavier "
            "initialisation lets the variance shrink towards zero quickly.",
            precise="For a zero-mean symmetric input $h$, ReLU halves the second moment exactly, "
            r"$\mathbb{E}[\operatorname{relu}(h)^2] = \mathbb{E}[h^2]/2$, whatever the "
            "distribution; it does not halve the variance: for Gaussian $h$, "
            r"$\operatorname{Var}(\operatorname{relu}(h)) = (1/2 - 1/(2\pi)) \mathbb{E}[h^2]$, "
            r"about 0.34, and the mean becomes $\sqrt{\mathbb{E}[h^2]/(2\pi)}$. The next layer's "
            "pre-activation variance depends only on the second moment (the weights have mean 0), "
            "so with Xavier weights on square layers it is multiplied by exactly $1/2$ per layer "
            r"($n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out})$ in general): a geometric collapse, "
            "$2^{-L}$ after $L$ layers.",
        ),
        zh=Text(
            "ReLU 把方差减半；ReLU 之下 Xavier 崩溃",
            "ReLU 把所有负值置零，因此方差减半；配合 ReLU 时，Xavier 初始化会让方差迅速趋向零。",
            precise="对零均值的对称输入 $h$，ReLU 恰好把二阶矩减半，"
            r"$\mathbb{E}[\operatorname{relu}(h)^2] = \mathbb{E}[h^2]/2$，与分布形状无关；它并不把"
            "方差减半：对高斯 $h$，"
            r"$\operatorname{Var}(\operatorname{relu}(h)) = (1/2 - 1/(2\pi)) \mathbb{E}[h^2]$，约 "
            r"0.34，均值变为 $\sqrt{\mathbb{E}[h^2]/(2\pi)}$。下一层预激活的方差只取决于二阶矩（权"
            "重均值为 0），所以方形层配 Xavier 权重时每层恰好乘以 $1/2$（一般为 "
            r"$n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out})$）：几何式崩溃，$L$ 层后为 $2^{-L}$"
            "。",
        ),
    ),
    Claim(
        "I4",
        "holds",
        en=Text(
            "He: Var(w) = 2/n_in",
            "He (Kaiming) initialisation compensates with a factor 2: "
            r"$\operatorname{Var}(w) = 2/n_\mathrm{in}$ (nn.init.kaiming_normal_(w, "
            "nonlinearity='relu')).",
        ),
        zh=Text(
            "He：Var(w) = 2/n_in",
            r"He（Kaiming）初始化用因子 2 来补偿：$\operatorname{Var}(w) = 2/n_\mathrm{in}$（"
            "nn.init.kaiming_normal_(w, nonlinearity='relu')）。",
        ),
    ),
    Claim(
        "I5",
        "refuted",
        en=Text(
            "After 30 ReLU layers with He init the variance still drops (to about 0.39)",
            "Even with He initialisation the variance falls somewhat after 30 ReLU layers (for "
            "example to 0.39), because the truncation distorts the Gaussian shape and the finite "
            "width adds sampling error, so ReLU does not remove exactly half of the variance.",
            precise=r"With He initialisation (weights $\mathcal{N}(0, 2/n)$, no bias) ReLU removes "
            "exactly half of the second moment at every layer on average, at any width and "
            "whatever the input's shape: given the previous layer the pre-activations are exactly "
            "Gaussian, and one input's activation mean square is multiplied per layer by an "
            r"independent factor $Y = (2/n) \chi^2_K$, $K \sim \operatorname{Binomial}(n, 1/2)$, "
            r"with $\mathbb{E}[Y] = 1$. So the mean over networks does not drop. What drops is the "
            r"typical network: after $L$ layers $\log R_L$ has mean $L \mathbb{E}[\log Y]$ (about "
            r"$-5L/(2n)$) and variance about $5L/n$, so the median falls like $\exp(-5L/(2n))$ "
            "while the mean stays 1 (theory.he_relu_drift; checked at widths 32 and 128, depth "
            "30). The knowledge base's 0.39 is the variance of the activations after 30 ReLU "
            "layers of width 100 for standard normal inputs, in a typical network: at infinite "
            r"width that quantity is $1 - 1/\pi = 0.68$, because a ReLU output's variance is only "
            r"$(1/2 - 1/(2\pi))$ of its input's second moment, and the finite-width drift brings "
            "the median network to about 0.37.",
        ),
        zh=Text(
            "He 初始化下经过 30 层 ReLU 方差仍会下降（到约 0.39）",
            "即使用 He 初始化，经过 30 层 ReLU 后方差仍略有下降（例如降到 0.39），原因是截断破坏了"
            "高斯形状、有限宽度带来抽样误差，所以 ReLU 去掉的并非恰好一半方差。",
            precise=r"He 初始化（权重 $\mathcal{N}(0, 2/n)$，无偏置）下，ReLU 在每一层平均恰好去掉"
            "一半二阶矩，任何宽度、任何输入形状皆然：给定上一层，预激活严格服从高斯分布，一个输入的"
            r"激活均方每层乘以一个独立因子 $Y = (2/n) \chi^2_K$，"
            r"$K \sim \operatorname{Binomial}(n, 1/2)$，$\mathbb{E}[Y] = 1$。所以网络上的平均值并不"
            r"下降。下降的是典型网络：$L$ 层后 $\log R_L$ 的均值为 $L \mathbb{E}[\log Y]$（约 "
            r"$-5L/(2n)$），方差约 $5L/n$，因此中位数像 $\exp(-5L/(2n))$ 那样下降，而平均值保持为 1"
            "（theory.he_relu_drift；在宽度 32 和 128、深度 30 上检验）。知识库的 0.39 是宽度 100、"
            "30 层 ReLU 后、标准正态输入下典型网络激活的方差：宽度无穷大时这个量为 "
            r"$1 - 1/\pi = 0.68$（ReLU 输出的方差只有其输入二阶矩的 $1/2 - 1/(2\pi)$），有限宽度的"
            "漂移把中位网络带到约 0.37。",
        ),
    ),
    Claim(
        "I6",
        "refuted",
        en=Text(
            "BatchNorm and LayerNorm end numerical instability",
            "BatchNorm and LayerNorm re-centre and rescale activations during the run and so end "
            "numerical instability for good.",
            precise="In training, BatchNorm1d standardises each feature over the batch (and "
            "length) axes: mean 0 and biased variance "
            r"$\mathrm{var}/(\mathrm{var} + \varepsilon)$, then scales and shifts; its running "
            "statistics move by momentum towards the batch mean and unbiased variance, and in eval "
            "mode it applies those, a fixed affine map (the identity at initialisation). LayerNorm "
            "standardises each sample over its trailing dimensions, the same in both modes. This "
            "fixes the forward statistics, not the backward pass: in a deep He-initialised ReLU "
            "network with BatchNorm after every Linear, at initialisation the gradient's second "
            "moment grows geometrically towards the input (measured: about 1.4 per layer, about "
            "$10^4$ over 30 layers).",
        ),
        zh=Text(
            "BatchNorm 与 LayerNorm 终结数值不稳定",
            "BatchNorm 和 LayerNorm 在运行中重新居中并缩放激活值，从而彻底解决数值不稳定。",
            precise="训练时 BatchNorm1d 在批（及长度）轴上标准化每个特征：均值 0，有偏方差 "
            r"$\mathrm{var}/(\mathrm{var} + \varepsilon)$，再缩放和平移；其滑动统计量按 momentum 向"
            "批均值和无偏方差移动，eval 模式下使用这些统计量，是一个固定的仿射映射（初始化时为恒等"
            "）。LayerNorm 在每个样本的末尾维度上标准化，两种模式相同。这解决了前向统计量，却没有解"
            "决反向传播：在每个 Linear 后接 BatchNorm 的深层 He 初始化 ReLU 网络中，初始化时梯度的"
            "二阶矩朝输入方向几何增长（实测每层约 1.4 倍，30 层约 $10^4$ 倍）。",
        ),
    ),
)

BY_ID: dict[str, Claim] = {claim.id: claim for claim in CLAIMS}


def get(claim_id: str) -> Claim:
    """The claim with this ID; a ``KeyError`` naming the known IDs otherwise."""
    try:
        return BY_ID[claim_id]
    except KeyError:
        raise KeyError(f"unknown claim {claim_id!r}; known: {', '.join(BY_ID)}") from None
