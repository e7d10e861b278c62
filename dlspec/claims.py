"""The claim registry: every claim of the knowledge base, its verdict and what the spec checks,
in every language the report speaks.

The IDs (T1..I6) are public: tests name them in ``@pytest.mark.claim(...)`` and every report
uses them. Each claim is one record holding its texts in English (``en``) and Chinese
(``zh``); the Chinese is our own rendering of the English, not a quotation. In each language
``statement`` restates what the knowledge base asserts and ``precise`` is the statement the
spec actually checks when the verdict is not ``holds``; ``truth``, ``wrong`` and ``action`` are
the bottom line a learner reads first (see :class:`Text`). ``references`` names the papers a
claim's mechanism comes from (keys of :data:`dlspec.references.REFERENCES`).

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
    about it in code. Every decided claim has ``truth`` and ``action``; ``wrong`` is given
    exactly when the verdict is refined or refuted (:class:`Claim` refuses anything else).

    Code goes between backticks (`` `nn.Linear(1, 100)` ``) in both languages, so that the
    Chinese page can tell it from prose (:func:`dlspec.harness.languages.latin_words`).

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
            corrected = self.verdict in ("refined", "refuted")
            if corrected and not text.precise:
                raise ValueError(
                    f"{self.id}: a {self.verdict} claim needs the {lang} precise statement"
                )
            # the bottom line: an undecided claim has none yet
            if self.verdict is not None:
                if not text.truth:
                    raise ValueError(f"{self.id}: the {lang} truth (what is true) is missing")
                if not text.action:
                    raise ValueError(
                        f"{self.id}: the {lang} action (what to do in code) is missing"
                    )
            if corrected and not text.wrong:
                raise ValueError(
                    f"{self.id}: a {self.verdict} claim needs the {lang} wrong (where the "
                    "knowledge base's wording goes wrong)"
                )
            if not corrected and text.wrong is not None:
                raise ValueError(
                    f"{self.id}: the {lang} wrong is only for a refined or refuted claim, "
                    f"not a {self.verdict or 'undecided'} one"
                )


CLAIMS: tuple[Claim, ...] = (
    Claim(
        "T1",
        "refined",
        en=Text(
            "nn.Linear needs a 2-D [batch, features] input",
            "`nn.Linear` only ever takes a two-dimensional table `[batch_size, num_features]`; "
            "one feature stored as a 1-D array of N samples (shape `[20]`) has to become "
            "`[20, 1]` through `unsqueeze(1)`.",
            precise="`nn.Linear(in, out)` takes any tensor of shape `(*, in)`, with zero or more "
            "leading batch dimensions, and returns `(*, out)`; only the last dimension is "
            "checked. A `[20]` tensor is rejected by `Linear(1, out)` but silently accepted by "
            "`Linear(20, out)` as one sample of 20 features. For N samples of one feature, "
            "`unsqueeze(1)` (or `reshape(-1, 1)`) gives the right `[N, 1]` table; `unsqueeze(0)` "
            "gives `[1, N]`, one sample of N features.",
            truth="`nn.Linear(in, out)` looks only at the last dimension: any tensor whose last "
            "dimension is `in` goes through, whatever its rank, and each vector along that "
            "dimension is mapped as one sample.",
            wrong="A 1-D input is not always refused: `Linear(20, out)` silently reads a `[20]` "
            "tensor of 20 samples as one sample of 20 features, so the mistake can go unnoticed.",
            action="Turn N samples of one feature into an `[N, 1]` table with `x.unsqueeze(1)`, "
            "and where a wrong layout could pass silently, assert that the last dimension equals "
            "`layer.in_features`.",
        ),
        zh=Text(
            "nn.Linear 需要二维 [batch, features] 输入",
            "`nn.Linear` 只接受形如 `[样本数, 特征数]` 的二维表；若一个特征的 N 个样本存成形状为 "
            "`[20]` 的一维数组，必须先用 `unsqueeze(1)` 变成 `[20, 1]`。",
            precise="`nn.Linear(in, out)` 接受任意形状为 `(*, in)` 的张量（前面可以有零个或多个批"
            "维度），输出 `(*, out)`；只检查最后一维。形状为 `[20]` 的张量会被 `Linear(1, out)` "
            "拒绝，却会被 `Linear(20, out)` 悄悄当成一个含 20 个特征的样本。要把一个特征的 N "
            "个样本变成 `[N, 1]` 表，用 `unsqueeze(1)`（或 `reshape(-1, 1)`）；`unsqueeze(0)` "
            "得到的是 `[1, N]`，即一个含 N 个特征的样本。",
            truth="`nn.Linear(in, out)` 只看最后一维：只要最后一维是 `in`，任意维数的张量都能通过"
            "，沿这一维的每个向量各作为一个样本映射。",
            wrong="一维输入并不总会被拒绝：`Linear(20, out)` 会把含 20 个样本的 `[20]` "
            "张量悄悄当成一个含 20 个特征的样本，错误可能无人察觉。",
            action="用 `x.unsqueeze(1)` 把一个特征的 N 个样本变成 `[N, 1]` "
            "表；在错误布局可能悄悄通过的地方，断言最后一维等于 `layer.in_features`。",
        ),
    ),
    Claim(
        "T2",
        "holds",
        en=Text(
            "nn.Linear(1, 100) cares about the feature count, not the rank",
            "What matters to `nn.Linear(1, 100)` is the number of columns (one feature), not how "
            "many dimensions the data has.",
            truth="`nn.Linear(1, 100)` accepts any tensor whose last dimension is 1, of any "
            "rank, and maps each of its values, with the same weights, to 100 outputs; a last "
            "dimension other than 1 is refused.",
            action="Keep the features in the last dimension: a tensor of shape `(..., 1)` goes "
            "into `nn.Linear(1, 100)` whatever its rank and comes out as `(..., 100)`.",
        ),
        zh=Text(
            "nn.Linear(1, 100) 看的是特征数而不是维数",
            "对 `nn.Linear(1, 100)` 而言，要紧的是列数（一个特征），与数据有几个维度无关。",
            truth="`nn.Linear(1, 100)` 接受最后一维为 1 的任意维数张量，用同一组权重把其中每个值"
            "映射成 100 个输出；最后一维不是 1 则被拒绝。",
            action="把特征放在最后一维：形状为 `(..., 1)` 的张量不论几维都能送进 "
            "`nn.Linear(1, 100)`，输出形状为 `(..., 100)`。",
        ),
    ),
    Claim(
        "T3",
        "refined",
        en=Text(
            "tensor.cpu().detach().numpy() is the safe hand-over to NumPy",
            "Calling `.cpu()` moves the data from GPU to host memory, `.detach()` leaves the "
            "autograd graph so no error is raised, and `.numpy()` converts; together they are "
            "the safe way to give a tensor to NumPy or Matplotlib.",
            precise="`.numpy()` raises `TypeError` for a CUDA tensor (fixed by `.cpu()`) and "
            "`RuntimeError` for a tensor that requires grad (fixed by `.detach()`). On the CPU, "
            "`.cpu()` returns the very same tensor and the array shares its memory: writing to "
            "the array changes the tensor (a model's parameters included) and later in-place "
            "updates of the tensor show up in the array. Only from CUDA is the result a copy. "
            "The chain still fails for dtypes NumPy lacks (`bfloat16`). An independent array "
            "needs an explicit copy.",
            truth="`.cpu()` and `.detach()` remove the two errors `.numpy()` raises, but on the "
            "CPU the array they give shares the tensor's memory: it is a view, not a copy. Only "
            "from a CUDA tensor is the result a copy.",
            wrong="The chain is not safe on the CPU: writing to the array changes the tensor, a "
            "model's weights included, and later updates of the tensor change the array; it also "
            "fails for `bfloat16`.",
            action="Use `t.detach().cpu().numpy().copy()` for an array you keep or modify, and "
            "convert a `bfloat16` tensor with `.float()` first.",
        ),
        zh=Text(
            "tensor.cpu().detach().numpy() 是交给 NumPy 的安全做法",
            "`.cpu()` 把数据从显存搬到内存，`.detach()` 脱离计算图从而避免报错，`.numpy()` "
            "完成转换；三步连用即可把张量安全地交给 NumPy 或 Matplotlib。",
            precise="对 CUDA 张量调用 `.numpy()` 会抛 `TypeError`（`.cpu()` "
            "可解决），对需要梯度的张量会抛 `RuntimeError`（`.detach()` 可解决）。但在 CPU 上 "
            "`.cpu()` 返回的是同一个张量，得到的数组与它共享内存：改数组就改了张量（包括模型参数"
            "），张量之后的原地更新也会出现在数组里。只有从 CUDA 出发才会得到副本。NumPy "
            "没有的数据类型（`bfloat16`）仍然失败。要独立的数组必须显式复制。",
            truth="`.cpu()` 和 `.detach()` 消除了 `.numpy()` 会抛的两种错误，但在 CPU "
            "上得到的数组与张量共享内存：它是视图，不是副本。只有从 CUDA 张量出发，结果才是副本。",
            wrong="这条链在 CPU 上并不安全：改数组就改了张量（包括模型的权重），张量之后的更新也"
            "会改变数组；而且对 `bfloat16` 它会失败。",
            action="要保留或修改数组时用 `t.detach().cpu().numpy().copy()`；`bfloat16` 张量先用 "
            "`.float()` 转换。",
        ),
    ),
    Claim(
        "A1",
        "holds",
        en=Text(
            "A hidden layer is a linear map followed by a nonlinearity",
            "A standard hidden layer is a linear map (`nn.Linear`) followed by a nonlinear "
            "activation (`nn.ReLU`).",
            truth=r"A hidden layer computes $\operatorname{relu}(x W^T + b)$: an affine map "
            "followed by an elementwise nonlinearity, and because of the nonlinearity the layer "
            "as a whole is not a linear map.",
            action="Write a hidden layer as `nn.Sequential(nn.Linear(n_in, n_out), nn.ReLU())`, "
            "and leave the activation out only after the output layer.",
        ),
        zh=Text(
            "隐藏层 = 线性映射 + 非线性",
            "标准的隐藏层先做线性映射（`nn.Linear`），再接非线性激活（`nn.ReLU`）。",
            truth=r"隐藏层计算 $\operatorname{relu}(x W^T + b)$：先做仿射映射，再逐元素施加非线性"
            "；正因为有非线性，整层不是线性映射。",
            action="把隐藏层写成 `nn.Sequential(nn.Linear(n_in, n_out), nn.ReLU())`，只有输出层之"
            "后不加激活函数。",
        ),
    ),
    Claim(
        "A2",
        "holds",
        en=Text(
            "Linear layers without activations collapse into one",
            "Without activations a stack of linear layers is mathematically a single linear "
            "layer: however deep, it only draws lines or planes and cannot fit a nonlinear "
            "target.",
            truth=r"Linear layers compose into one linear layer, $W_\mathrm{eff} = W_L \cdots W_1$"
            ", so depth without activations adds nothing: such a stack fits a parabola no better "
            "than the best straight line, while the same widths with ReLU fit it closely.",
            action="Put an activation such as `nn.ReLU()` between consecutive `nn.Linear` "
            "layers; two `nn.Linear` layers in a row are one linear layer with extra parameters.",
        ),
        zh=Text(
            "没有激活函数的线性层会合并成一层",
            "不加激活时，多层线性层在数学上等价于一层：无论多深都只能表示直线或平面，拟合不了非线"
            "性目标。",
            truth=r"线性层复合起来仍是一个线性层，$W_\mathrm{eff} = W_L \cdots W_1$，所以没有激活"
            "函数时加深毫无用处：这样的堆叠拟合抛物线不比最佳直线好，而同样宽度加上 ReLU "
            "就能拟合得很好。",
            action="在相邻的 `nn.Linear` 层之间放一个激活函数，例如 `nn.ReLU()`；连续两个 "
            "`nn.Linear` 层只是一个多了参数的线性层。",
        ),
    ),
    Claim(
        "A3",
        "refined",
        en=Text(
            "Sigmoid: range (0, 1), slope at most 1/4, not zero-centred",
            "Sigmoid $1/(1+e^{-x})$ maps into $(0, 1)$; its derivative never exceeds 0.25, so "
            "deep sigmoid stacks lose their gradient; its output is positive on average, which "
            "shifts the next layer; it now mostly serves as the output of binary classifiers.",
            precise=r"In exact arithmetic sigmoid maps $\mathbb{R}$ onto $(0, 1)$, its derivative "
            r"$s(1-s)$ peaks at exactly $1/4$ at $x = 0$, and $\operatorname{sigmoid}(x) + \operat"
            "orname{sigmoid}(-x) = 1$, so a symmetric zero-mean input gives mean output exactly $"
            "1/2$. In floating point the range is closed: float32 returns exactly 1.0 from $x"
            "$ of about {{smallest float32 x with sigmoid(x) == 1.0}} on (and 0.0 for very negati"
            "ve $x$); there PyTorch's gradient, computed as $s(1-s)$ from the rounded output, is "
            "exactly 0, and the true one is below $e^{-x}$. Through a depth-$L$ stack the input "
            "gradient is bounded by $4^{-L}$ times the product of the weight matrices' spectral "
            "norms times the output gradient.",
            truth="Sigmoid's slope is at most $1/4$, reached at $x = 0$, so each sigmoid layer "
            "multiplies the gradient by at most $1/4$ times its weight matrix's spectral norm; "
            "on a symmetric input its outputs average $1/2$, not 0.",
            wrong="The range is open only in exact arithmetic: in float32 sigmoid returns "
            "exactly 1.0 for large inputs (and 0.0 for very negative ones), and there PyTorch's "
            "gradient is exactly 0, not merely small.",
            action="Keep sigmoid for outputs that are probabilities and give the logits to "
            "`nn.BCEWithLogitsLoss` rather than taking the log of `torch.sigmoid(x)`, which "
            "rounds to exactly 1.0 for large inputs; use ReLU-type activations in hidden layers.",
        ),
        zh=Text(
            "Sigmoid：值域 (0, 1)，斜率不超过 1/4，不以零为中心",
            "Sigmoid $1/(1+e^{-x})$ 的输出落在 $(0, 1)$；导数最大为 0.25，所以深层 sigmoid "
            "堆叠会出现梯度消失；输出平均为正，会让下一层产生偏移；如今主要用作二分类的输出层。",
            precise="精确算术下 sigmoid 把实数轴映到 $(0, 1)$，导数 $s(1-s)$ 在 $x = 0$ "
            r"处恰好取最大值 $1/4$，且 $\operatorname{sigmoid}(x) + \operatorname{sigmoid}(-x) = 1"
            "$，所以对称、零均值的输入给出的平均输出恰为 $1/2$。浮点下值域是闭的：`float32` 在 $x"
            "$ 约 {{smallest float32 x with sigmoid(x) == 1.0}} 以上恰好返回 1.0（很负时返回 0.0"
            "）；此时 PyTorch 由舍入后的输出算 $s(1-s)$，梯度恰为 0，真实梯度小于 "
            "$e^{-x}$。深度为 $L$ 的堆叠中，输入梯度不超过 $4^{-L}$ 乘各层权重谱范数之积再乘输出"
            "梯度。",
            truth="Sigmoid 的斜率至多为 $1/4$，在 $x = 0$ 处取到，所以每个 sigmoid "
            "层至多把梯度乘以 $1/4$ 再乘该层权重矩阵的谱范数；对称输入下其输出平均为 "
            "$1/2$，而不是 0。",
            wrong="值域只在精确算术下是开的：`float32` 下输入很大时 sigmoid 恰好返回 "
            "1.0（很负时返回 0.0），此时 PyTorch 的梯度恰为 0，而不只是很小。",
            action="只在输出是概率时用 sigmoid，并把对数几率交给 `nn.BCEWithLogitsLoss`，不要对 "
            "`torch.sigmoid(x)` 取对数，因为输入很大时它会舍入成恰好 1.0；隐藏层用 ReLU "
            "一类的激活函数。",
        ),
        references=("d2l",),
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
            r"with equality only at 0, and $1 - \tanh^2(x) \le 4 e^{-2|x|}$. In floating point "
            r"the range is closed: float32 returns exactly $\pm 1.0$ from $|x|$ of about "
            "{{smallest float32 x with tanh(x) == 1.0}} on, where the gradient is at most "
            "$4 e^{-2|x|}$ (exactly 0 in PyTorch).",
            truth="Tanh is zero-centred with slope at most $1$, reached only at $0$, and its "
            "gradient falls off like $4 e^{-2|x|}$: large inputs saturate it and the gradient "
            "vanishes.",
            wrong="The range is open only in exact arithmetic: in float32 tanh returns exactly "
            r"$\pm 1$ from $|x|$ of about {{smallest float32 x with tanh(x) == 1.0}} on, where "
            "PyTorch's gradient is exactly 0.",
            action="Keep tanh's pre-activations of order 1, e.g. with "
            "`nn.init.xavier_normal_(w, gain=nn.init.calculate_gain('tanh'))`, and prefer "
            "ReLU-type activations in deep hidden stacks.",
        ),
        zh=Text(
            "Tanh：值域 (-1, 1)，以零为中心，但仍会饱和",
            "Tanh 的输出落在 $(-1, 1)$ 且以零为中心；配合 Xavier 初始化让浅层网络可以训练，但输入"
            "绝对值大时仍会梯度消失。",
            precise="精确算术下 tanh 把实数轴映到 $(-1, 1)$，是奇函数（对称输入的平均输出恰为 "
            r"0），导数 $1 - \tanh^2 \le 1$，仅在 0 处取等，并且 $1 - \tanh^2(x) \le 4 e^{-2|x|}$"
            "。浮点下值域是闭的：`float32` 在 $|x|$ 约 {{smallest float32 x with tanh(x) == 1.0}}"
            r" 以上恰好返回 $\pm 1.0$，此时梯度至多 $4 e^{-2|x|}$（PyTorch 中恰为 0）。",
            truth="Tanh 以零为中心，斜率至多为 $1$，只在 $0$ 处取到，梯度按 $4 e^{-2|x|}$ "
            "衰减：输入大时它饱和，出现梯度消失。",
            wrong="值域只在精确算术下是开的：`float32` 下 $|x|$ 约 "
            r"{{smallest float32 x with tanh(x) == 1.0}} 以上 tanh 恰好返回 $\pm 1$，此时 PyTorch "
            "的梯度恰为 0。",
            action="让 tanh 的预激活保持在 1 的量级，例如用 "
            "`nn.init.xavier_normal_(w, gain=nn.init.calculate_gain('tanh'))`；深层隐藏层优先用 "
            "ReLU 一类的激活函数。",
        ),
        references=("d2l",),
    ),
    Claim(
        "A5",
        "refined",
        en=Text(
            "ReLU: slope 1 for positive inputs; dead units never update",
            r"ReLU $\max(0, x)$ has derivative exactly 1 for positive inputs, so it does not "
            "multiply gradients down and is cheap; but a unit that falls into the negative "
            "region has gradient 0 forever and is never updated again.",
            precise=r"ReLU's derivative is exactly 1 for $x > 0$ and exactly 0 for $x \le 0$ "
            r"(PyTorch uses 0 at $x = 0$). A unit whose pre-activation is $\le 0$ on every "
            "training input gets exactly zero loss gradient for its incoming weights and bias. "
            "Whether it is 'never updated' depends on the optimiser: plain SGD freezes it bit "
            "for bit; SGD with `weight_decay` shrinks its weights by "
            r"$(1 - \mathrm{lr} \cdot \mathrm{wd})$ per step (it stays dead); optimisers with a "
            "momentum buffer (SGD momentum, Adam) keep moving it after it died.",
            truth="A ReLU unit whose pre-activation is negative on every input gets exactly zero "
            "gradient from the loss. Plain SGD then freezes it, but momentum and Adam keep "
            "moving it with what they remember of earlier gradients, and weight decay keeps "
            "shrinking its weights.",
            wrong="'Never updated again' holds only for plain SGD: with momentum, Adam or weight "
            "decay a dead unit's parameters keep changing, though the loss no longer drives them.",
            action="Count dead units on a batch, e.g. `((h > 0).sum(dim=0) == 0).sum()` for the "
            "activations `h` of a layer; if many die, lower the learning rate or use "
            "`nn.LeakyReLU` (A6), and do not assume a dead unit's weights stay fixed.",
        ),
        zh=Text(
            "ReLU：正区间斜率为 1；死亡单元不再更新",
            r"ReLU $\max(0, x)$ 在正输入处导数恰为 1，不会把梯度越乘越小，而且计算便宜；但落入负区"
            "间的单元梯度永远为 0，从此不再被更新。",
            precise=r"ReLU 的导数在 $x > 0$ 时恰为 1，在 $x \le 0$ 时恰为 0（PyTorch 在 $x = 0$ "
            r"取 0）。若某单元在所有训练输入上的预激活都 $\le 0$，它的入权重和偏置得到的损失梯度恰"
            "为零。是否“永不更新”取决于优化器：普通 SGD 逐位冻结它；带权重衰减（`weight_decay`）"
            r"的 SGD 每步把其权重乘以 $(1 - \mathrm{lr} \cdot \mathrm{wd})$（它仍然是死的）；带动"
            "量缓冲的优化器（带动量的 SGD、Adam）在它死后仍会继续移动它。",
            truth="若一个 ReLU 单元在所有输入上的预激活都为负，它从损失得到的梯度恰为零。普通 "
            "SGD 于是冻结它，但动量法和 Adam 凭对先前梯度的记忆继续移动它，权重衰减也会继续缩小它"
            "的权重。",
            wrong="“从此不再被更新”只对普通 SGD 成立：用动量法、Adam 或权重衰减时，死亡单元的参数"
            "仍在变化，只是不再由损失驱动。",
            action="在一个批量上统计死亡单元，例如对某层的激活 `h` 计算 "
            "`((h > 0).sum(dim=0) == 0).sum()`；若死亡的很多，就降低学习率或改用 "
            "`nn.LeakyReLU`（见 A6），也不要以为死亡单元的权重保持不变。",
        ),
    ),
    Claim(
        "A6",
        "refined",
        en=Text(
            "Leaky ReLU keeps a small negative slope; PReLU learns it",
            r"Leaky ReLU, $\max(ax, x)$ with $a$ usually 0.01, keeps a small slope for negative "
            "inputs and so cures dead units; PReLU makes $a$ a learnable parameter.",
            precise="PyTorch's `LeakyReLU` is $x$ for $x > 0$ and $a x$ otherwise, for any slope "
            r"$a$; this equals $\max(a x, x)$ only for $0 \le a \le 1$ ($a = 2$ is a "
            "counterexample). A unit whose inputs are all negative still gets a gradient $a$ "
            r"times that of a live unit, so it is never dead for $a \ne 0$. PReLU's $a$ is "
            r"learnable (gradient sum of $\min(x, 0)$ times the upstream gradient), but "
            "`nn.PReLU` starts from $a = 0.25$, not 0.01, shared by all channels by default.",
            truth="LeakyReLU is $x$ for $x > 0$ and $a x$ otherwise, so a unit with only "
            "negative inputs still gets $a$ times a live unit's gradient and never dies for "
            r"$a \ne 0$. PReLU learns $a$, starting from 0.25 with one slope shared by all "
            "channels.",
            wrong=r"$\max(a x, x)$ is LeakyReLU only for $0 \le a \le 1$, and PReLU does not "
            "start from the usual 0.01 but from 0.25.",
            action="Use `nn.LeakyReLU()` (slope 0.01 by default) where dead ReLU units are a "
            "problem; for PReLU pass `nn.PReLU(num_parameters=C, init=0.01)` if you want one "
            "slope per channel starting where LeakyReLU does.",
        ),
        zh=Text(
            "LeakyReLU 保留小的负斜率；PReLU 学习这个斜率",
            r"LeakyReLU 即 $\max(ax, x)$，$a$ 通常取 0.01，对负输入保留一点斜率，从而避免死亡单元"
            "；PReLU 把 $a$ 变成可学习的参数。",
            precise="PyTorch 的 `LeakyReLU` 对 $x > 0$ 取 $x$，否则取 $a x$，$a$ "
            r"可为任意值；只有 $0 \le a \le 1$ 时它才等于 $\max(a x, x)$（$a = 2$ "
            r"是反例）。输入全为负的单元仍得到线性单元 $a$ 倍的梯度，所以 $a \ne 0$ "
            r"时不会死亡。PReLU 的 $a$ 可学习（梯度为 $\min(x, 0)$ 与上游梯度乘积之和），但 "
            "`nn.PReLU` 的初值是 $a = 0.25$ 而非 0.01，默认所有通道共用。",
            truth="LeakyReLU 对 $x > 0$ 取 $x$，否则取 $a x$，所以输入全为负的单元仍得到活单元 "
            r"$a$ 倍的梯度，$a \ne 0$ 时永不死亡。PReLU 学习 $a$，初值为 "
            "0.25，所有通道共用一个斜率。",
            wrong=r"只有 $0 \le a \le 1$ 时 $\max(a x, x)$ 才是 LeakyReLU；PReLU "
            "的初值也不是常用的 0.01，而是 0.25。",
            action="在死亡 ReLU 单元成问题的地方用 `nn.LeakyReLU()`（默认斜率 "
            "0.01）；若要每个通道一个斜率、并从 LeakyReLU 的斜率起步，用 "
            "`nn.PReLU(num_parameters=C, init=0.01)`。",
        ),
        references=("he2015",),
    ),
    Claim(
        "A7",
        "refuted",
        en=Text(
            "Pre-activations start near 0, so only f near 0 matters",
            "Because initial weights are close to 0, the inputs of the activations are extremely "
            "close to 0 early in training, so an activation's behaviour near 0 decides whether "
            "training gets going; there we want $f(x)$ close to $x$, so Xavier's variance "
            "balance holds.",
            precise="Under Xavier initialisation each weight is small (variance "
            r"$2/(n_\mathrm{in} + n_\mathrm{out})$) but a pre-activation sums $n_\mathrm{in}$ of "
            "them: given the input $x$, the pre-activations are independent "
            r"$\mathcal{N}(0, 2 n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out}) \cdot \operatorname"
            "{mean}(x^2))$, the same order as the inputs whatever the width. PyTorch's default "
            r"`nn.Linear` initialisation (uniform on $\pm 1/\sqrt{n_\mathrm{in}}$) gives "
            r"$\mathbb{E}[h^2 \mid x] = \operatorname{mean}(x^2)/3 + 1/(3 n_\mathrm{in})$, also "
            "of that order. For unit-scale inputs about a third of Xavier pre-activations lie "
            "beyond $|h| = 1$, where an activation's Taylor polynomial of degree 1 is no longer "
            "accurate.",
            truth="Pre-activations at initialisation are as large as the inputs, not near 0: "
            r"each sums $n_\mathrm{in}$ small weighted terms, which restores the input's scale at "
            "every width, and for unit-scale inputs about a third of them lie beyond $|h| = 1$.",
            wrong="Small weights do not make small pre-activations, so an activation's linear "
            "approximation at 0 does not describe the start of training.",
            action="Judge an activation by its behaviour over the whole range of its "
            "pre-activations, not only near 0; print `layer(x).std()` at initialisation to see "
            "their scale.",
        ),
        zh=Text(
            "预激活起初接近 0，所以只有 0 附近的 f 重要",
            "由于初始权重接近 0，训练初期激活函数的输入极其接近 0，因此激活函数在 0 "
            "附近的表现决定训练能否启动；那里希望 $f(x)$ 接近 $x$，这样 Xavier 的方差平衡才成立。",
            precise=r"Xavier 初始化下每个权重很小（方差 $2/(n_\mathrm{in} + n_\mathrm{out})$），但"
            r"一个预激活是 $n_\mathrm{in}$ 个权重项之和：给定输入 $x$，预激活相互独立、服从 "
            r"$\mathcal{N}(0, 2 n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out}) \cdot \operatorname"
            "{mean}(x^2))$，无论宽度多大都与输入同一量级。PyTorch 默认的 `nn.Linear` 初始化（在 $"
            r"\pm 1/\sqrt{n_\mathrm{in}}$ 上均匀）给出 $\mathbb{E}[h^2 \mid x] = "
            r"\operatorname{mean}(x^2)/3 + 1/(3 n_\mathrm{in})$，也是这个量级。对单位尺度的输入，"
            "约三分之一的 Xavier 预激活落在 $|h| = 1$ 之外，那里激活函数的一阶泰勒展开已不准确。",
            truth=r"初始化时预激活与输入一样大，并不接近 0：每个预激活是 $n_\mathrm{in}$ "
            "个加权小项之和，在任何宽度下都恢复了输入的尺度；对单位尺度的输入，约三分之一的预激活"
            "落在 $|h| = 1$ 之外。",
            wrong="权重小并不意味着预激活小，所以激活函数在 0 处的线性近似描述不了训练的开端。",
            action="评价激活函数要看它在预激活整个取值范围上的表现，而不只是 0 "
            "附近；在初始化时打印 `layer(x).std()` 看看预激活的尺度。",
        ),
        references=("glorot2010",),
    ),
    Claim(
        "A8",
        "holds",
        en=Text(
            "Sigmoid's series: offset 1/2, slope 1/4",
            r"$\operatorname{sigmoid}(x) = 1/2 + x/4 - x^3/48 + \dots$: the constant $1/2$ means "
            "it is not zero-centred (the next layer receives an offset of 0.5) and the slope "
            "$1/4$ divides a small signal by 4 and its variance by 16 near 0, which speeds up "
            "vanishing gradients.",
            truth=r"Near 0, $\operatorname{sigmoid}(x) \approx 1/2 + x/4$: the output carries an "
            "offset of $1/2$, and a small signal's variance is divided by $16$.",
            action="Prefer `torch.tanh` or ReLU-type activations in hidden layers and keep "
            "`torch.sigmoid` for outputs that are probabilities.",
        ),
        zh=Text(
            "Sigmoid 的级数：常数 1/2，斜率 1/4",
            r"$\operatorname{sigmoid}(x) = 1/2 + x/4 - x^3/48 + \dots$：常数 $1/2$ "
            "说明它不以零为中心（下一层会收到 0.5 的偏移），斜率 $1/4$ 让 0 附近的小信号缩小 4 "
            "倍、方差缩小 16 倍，加速梯度消失。",
            truth=r"在 0 附近 $\operatorname{sigmoid}(x) \approx 1/2 + x/4$：输出带有 $1/2$ "
            "的偏移，小信号的方差被除以 $16$。",
            action="隐藏层优先用 `torch.tanh` 或 ReLU 一类的激活函数，`torch.sigmoid` "
            "留给表示概率的输出。",
        ),
        references=("d2l",),
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
            r"$\tanh^2$, strictly below the previous second moment. In the wide limit (the "
            r"mean-field map) $q \leftarrow \mathbb{E}[\tanh(\sqrt{q} z)^2] \approx q - 2q^2$, so "
            "the second moment decays like $1/(2l)$ with depth $l$.",
            truth=r"The series is right, but since $|\tanh(x)| < |x|$ for every $x \ne 0$, each "
            "Xavier tanh layer shrinks the second moment a little, and through depth it decays "
            "like $1/(2l)$ after $l$ layers instead of staying constant.",
            wrong=r"$\tanh(x) \approx x$ only near 0, and pre-activations are not near 0 (A7): "
            "the small loss at every layer adds up, so Xavier with tanh does not keep the "
            "variance constant.",
            action="Do not count on Xavier to keep a deep tanh stack's scale: print "
            "`h.square().mean()` layer by layer at initialisation, and if it decays use a larger "
            "gain (`nn.init.calculate_gain('tanh')`) or normalisation.",
        ),
        zh=Text(
            "tanh(x) = x - x^3/3 + ...：Xavier 配 tanh 为何能保持方差",
            r"$\tanh(x) = x - x^3/3 + \dots$ 没有常数项且一次项系数恰为 1，因此 0 附近 $\tanh(x)$ "
            "约等于 $x$；这就是 Xavier 初始化配 tanh 能把方差保持得如此恒定的原因。",
            precise=r"级数 $\tanh(x) = x - x^3/3 + 2x^5/15 - \dots$ 是对的，但方差并不保持：因为对"
            r"每个 $x \ne 0$ 都有 $\tanh(x)^2 < x^2$，每个 Xavier tanh 层的期望二阶矩等于 "
            r"$\sigma_w^2$ 乘上一层 $\tanh^2$ 的均值，严格小于上一层的二阶矩。宽度无穷大时（平均场"
            r"映射）$q \leftarrow \mathbb{E}[\tanh(\sqrt{q} z)^2]$ 约为 $q - 2q^2$，所以二阶矩随深"
            "度 $l$ 像 $1/(2l)$ 那样衰减。",
            truth=r"级数是对的，但因为对每个 $x \ne 0$ 都有 $|\tanh(x)| < |x|$，每个 Xavier tanh "
            "层都把二阶矩缩小一点，经过 $l$ 层后它像 $1/(2l)$ 那样衰减，而不是保持不变。",
            wrong=r"$\tanh(x) \approx x$ 只在 0 附近成立，而预激活并不接近 0（见 "
            "A7）：每层的小损失累积起来，所以 Xavier 配 tanh 保持不了方差恒定。",
            action="不要指望 Xavier 能保持深层 tanh 堆叠的尺度：在初始化时逐层打印 "
            "`h.square().mean()`，若它衰减，就用更大的增益（`nn.init.calculate_gain('tanh')`）或"
            "规范化层。",
        ),
        references=("glorot2010", "poole2016"),
    ),
    Claim(
        "A10",
        "holds",
        en=Text(
            "4 sigmoid(x) - 2 is x to first order",
            r"$g(x) = 4 \operatorname{sigmoid}(x) - 2$ expands to $g(x) = x + \dots$: subtracting "
            "2 removes the offset and multiplying by 4 raises the slope from $1/4$ to 1.",
            truth=r"With $\sigma$ the sigmoid, $4\sigma(x) - 2 = 2\tanh(x/2)$ exactly: $g$ is a "
            r"rescaled tanh, zero-centred with slope $1$ at $0$, $g(x) = x - x^3/12 + x^5/120 - \d"
            "ots$. Through depth its second moment under Xavier therefore decays too, as tanh's "
            r"does (A9), since $|g(x)| < |x|$ for $x \ne 0$; but more slowly: to second order its "
            r"mean-field map is $q - q^2/2$, a quarter of tanh's loss $2q^2$, and after 16 layers "
            "of width 128 the mean second moment is still {{4σ(x) − 2: mean second moment at "
            "layer 16, against the mean-field map (128 networks of the per-layer law test)}}, "
            "several times tanh's in A9.",
            action="Write it as `2 * torch.tanh(x / 2)`, the same function in one call, and "
            "treat it like tanh in deep networks: it saturates for large inputs and needs its "
            "scale watched through depth (A9).",
        ),
        zh=Text(
            "4 sigmoid(x) - 2 一阶上等于 x",
            r"$g(x) = 4 \operatorname{sigmoid}(x) - 2$ 展开为 $g(x) = x + \dots$：减 2 "
            "去掉偏移，乘 4 把斜率从 $1/4$ 提到 1。",
            truth=r"记 $\sigma$ 为 sigmoid，则恰有 $4\sigma(x) - 2 = 2\tanh(x/2)$：$g$ 是缩放过的 "
            r"tanh，以零为中心，在 $0$ 处斜率为 $1$，$g(x) = x - x^3/12 + x^5/120 - \dots$。因此经"
            r"过多层时，在 Xavier 初始化下它的二阶矩也像 tanh 的那样逐层衰减（见 A9），因为 $x \ne "
            r"0$ "
            r"时 $|g(x)| < |x|$；但衰减得更慢：到二阶，它的平均场映射是 $q - q^2/2$，损失只有 "
            r"tanh 的 $2q^2$ 的四分之一；经过 16 层宽度 128 的网络后，平均二阶矩仍有 "
            "{{4σ(x) − 2: mean second moment at layer 16, against the mean-field map (128 networks "
            "of the per-layer law test)}}，是 A9 中 tanh 的数倍。",
            action="把它写成 `2 * torch.tanh(x / 2)`，同一个函数，一次调用；在深层网络里像对待 "
            "tanh 一样对待它：输入大时会饱和，需要留意它随深度的尺度（见 A9）。",
        ),
        references=("poole2016",),
    ),
    Claim(
        "A11",
        "holds",
        en=Text(
            "Networks can be assembled from a Python list",
            "A network can be built at run time from a Python list of layers unpacked into "
            "`nn.Sequential(*layers)`, appending `nn.Dropout(0.2)` only when a flag asks for it.",
            truth="`nn.Sequential(*layers)` holds the list's own module objects in their order, "
            "so a network can be assembled in a loop, with `nn.Dropout(0.2)` appended only when "
            "asked, and `train()` and `eval()` on the result reach every layer.",
            action="Collect the layers in a list, e.g. `layers += [nn.Linear(a, b), nn.Tanh()]` "
            "plus `nn.Dropout(p)` when wanted, build `net = nn.Sequential(*layers)`, and switch "
            "modes with `net.train()` and `net.eval()`.",
        ),
        zh=Text(
            "网络可以由 Python 列表组装",
            "可以在运行时把层放进 Python 列表，再解包成 `nn.Sequential(*layers)`，只在开关打开时"
            "追加 `nn.Dropout(0.2)`。",
            truth="`nn.Sequential(*layers)` 按顺序持有列表里的那些模块对象本身，所以可以在循环中"
            "组装网络，只在需要时追加 `nn.Dropout(0.2)`；对结果调用 `train()` 和 `eval()` "
            "会到达每一层。",
            action="把层收集到列表里，例如 `layers += [nn.Linear(a, b), nn.Tanh()]`，需要时再加 "
            "`nn.Dropout(p)`，然后 `net = nn.Sequential(*layers)`，用 `net.train()` 和 "
            "`net.eval()` 切换模式。",
        ),
    ),
    Claim(
        "R1",
        "refined",
        en=Text(
            "Dropout zeroes units with probability p",
            "Overfitting is a too-complex model memorising the noise; dropout counters it by "
            "zeroing each unit with probability $p$ during training, so that the model has to "
            "learn global features. `nn.Dropout(p)` usually follows the activation.",
            precise="In training mode `nn.Dropout(p)` zeroes each element of its input "
            "independently with probability $p$, with a fresh mask at every call (so a unit is "
            "dropped for some samples of a batch and kept for others), and multiplies every "
            "element it keeps by $1/(1 - p)$: the knowledge base leaves this scaling out, and it "
            "is what makes the expected output equal to the input. $p = 0$ is the identity, "
            "$p = 1$ gives zeros. On the experiment the unregularised network's training error "
            "falls far below the noise variance: it fits the noise.",
            truth="In training, dropout zeroes each element independently with probability $p$, "
            "drawing a new mask at every call, and multiplies the elements it keeps by "
            "$1/(1 - p)$, so the expected output equals the input.",
            wrong="The kept units are not left as they were: they are scaled by $1/(1 - p)$, "
            "which the knowledge base leaves out and which keeps the expected output equal to "
            "the input.",
            action="Put `nn.Dropout(p)` after the activation and do not rescale by hand: PyTorch "
            "already divides the kept values by $1 - p$ in training, and `model.eval()` turns "
            "dropout off for prediction (R2).",
        ),
        zh=Text(
            "丢弃法以概率 p 把单元置零",
            "过拟合是过于复杂的模型记住了数据里的噪声；丢弃法在训练时以概率 $p$ "
            "把每个单元置零，迫使模型学习全局特征。`nn.Dropout(p)` 通常放在激活函数之后。",
            precise="训练模式下 `nn.Dropout(p)` 独立地以概率 $p$ 把输入的每个元素置零，每次调用都"
            "抽新的掩码（所以同一单元对批中的某些样本被丢弃、对另一些保留），并把保留的元素乘以 "
            "$1/(1 - p)$：知识库没有提到这个缩放，正是它让期望输出等于输入。$p = 0$ "
            "是恒等映射，$p = 1$ 输出全零。实验中不加正则的网络的训练误差远低于噪声方差：它拟合了"
            "噪声。",
            truth="训练时，丢弃法（《动手学深度学习》中文版称为暂退法）独立地以概率 $p$ "
            "把每个元素置零，每次调用都抽新的掩码，并把保留的元素乘以 $1/(1 - p)$，所以期望输出等"
            "于输入。",
            wrong="保留下来的单元并非原样不动：它们被乘以 $1/(1 - p)$；知识库漏掉了这个缩放，而正"
            "是它让期望输出等于输入。",
            action="把 `nn.Dropout(p)` 放在激活函数之后，不要自己再缩放：PyTorch "
            "在训练时已经把保留的值除以 $1 - p$，预测时用 `model.eval()` 关闭丢弃法（见 R2）。",
        ),
        references=("srivastava2014", "d2l"),
    ),
    Claim(
        "R2",
        "holds",
        en=Text(
            "train() enables dropout, eval() disables it",
            "Switching modes matters: `net.train()` turns the random dropping on, `net.eval()` "
            "turns it off so that every unit contributes to predictions.",
            truth="`net.train()` and `net.eval()` set the mode of every submodule, nested ones "
            "included: in eval mode dropout returns its input unchanged, in train mode it draws "
            "a new mask at every call.",
            action="Call `net.eval()` before validating or predicting and `net.train()` before "
            "training again; the mode is a flag on the modules, separate from `torch.no_grad()`.",
        ),
        zh=Text(
            "`train()` 开启丢弃法，`eval()` 关闭丢弃法",
            "模式切换很关键：`net.train()` 打开随机丢弃，`net.eval()` 关闭它，让所有单元都参与预"
            "测。",
            truth="`net.train()` 和 `net.eval()` 设置每个子模块（包括嵌套的）的模式：评估模式下丢"
            "弃法原样返回输入，训练模式下每次调用都抽新的掩码。",
            action="验证或预测前调用 `net.eval()`，再训练前调用 `net.train()`；模式是模块上的一个"
            "标志，与 `torch.no_grad()` 无关。",
        ),
        references=("srivastava2014",),
    ),
    Claim(
        "R3",
        "refined",
        en=Text(
            "Weight decay is an L2 penalty set in the optimiser",
            "Weight decay adds an L2 term to the loss, so the optimiser keeps shrinking the "
            "weights; smaller weights give a smoother fit that noise moves less. It is set in "
            "the optimiser, e.g. `torch.optim.Adam(..., weight_decay=0.01)`, without touching "
            "the model.",
            precise=r"An optimiser's `weight_decay` = $\lambda$ adds $\lambda \cdot p$ to the "
            "gradient of every parameter it updates, biases included: the gradient of the L2 "
            r"term $\lambda/2 \cdot \lVert p \rVert^2$ (half of $\lambda$), and for SGD and Adam "
            "the two agree step for step. With SGD, and with AdamW's decoupled decay, a "
            "parameter whose data gradient is zero shrinks by exactly "
            r"$(1 - \mathrm{lr} \cdot \lambda)$ per step. With Adam the L2 gradient is divided by "
            r"Adam's running gradient scale, so such a parameter moves by about (at most) "
            r"$\mathrm{lr}$ per step "
            r"whatever $\lambda$ is: the shrinking is not proportional to $\lambda$ or to the "
            "weight. AdamW is not equivalent to any L2 term. On the experiment, Adam with "
            "`weight_decay=0.01` gives smaller weights and a smoother fitted curve.",
            truth=r"`weight_decay` adds $\lambda p$ to each parameter's gradient, the gradient of "
            r"$\lambda/2 \cdot \lVert p \rVert^2$. With SGD that shrinks weights by a factor "
            r"$(1 - \mathrm{lr} \cdot \lambda)$ per step, but Adam divides it by the gradient's "
            "scale, so Adam's `weight_decay` is not AdamW's decay.",
            wrong=r"With Adam the L2 term does not shrink the weights in proportion to $\lambda$ "
            "or to their size, because Adam divides it by the gradient's scale; only decoupled "
            "decay (AdamW), which is no L2 term, does, and biases are decayed too unless "
            "exempted.",
            action="Use `torch.optim.AdamW(params, weight_decay=...)`, not "
            "`Adam(weight_decay=...)`, for decay that does not depend on the gradient's scale; "
            "put biases in a parameter group with `weight_decay=0` if they should not decay.",
        ),
        zh=Text(
            "权重衰减是在优化器里设置的 L2 惩罚",
            "权重衰减在损失中加入 L2 项，优化器因此不断压缩权重；权重越小，拟合曲线越平滑，越不受"
            "噪声左右。它在优化器里设置，例如 `torch.optim.Adam(..., weight_decay=0.01)`，不必改"
            "动模型。",
            precise=r"优化器的权重衰减 `weight_decay` = $\lambda$ 给它更新的每个参数（包括偏置）的"
            r"梯度加上 $\lambda \cdot p$：这是 L2 项 $\lambda/2 \cdot \lVert p \rVert^2$（"
            r"$\lambda$ 的一半）的梯度，对 SGD 和 Adam 两者逐步一致。对 SGD 以及 AdamW "
            r"的解耦衰减，数据梯度为零的参数每步恰好缩小为 $(1 - \mathrm{lr} \cdot \lambda)$ "
            "倍。对 Adam，L2 梯度要除以 Adam 的梯度尺度，所以这样的参数每步移动约（至多）"
            r"$\mathrm{lr}$，与 $\lambda$ 无关：收缩既不与 $\lambda$ 成正比，也不与权重成正比。Ada"
            "mW 不等价于任何 L2 项。实验中 Adam 配 `weight_decay=0.01` 得到更小的权重和更平滑的拟"
            "合曲线。",
            truth=r"`weight_decay` 给每个参数的梯度加上 $\lambda p$，即 "
            r"$\lambda/2 \cdot \lVert p \rVert^2$ 的梯度。对 SGD，这让权重每步缩小为 "
            r"$(1 - \mathrm{lr} \cdot \lambda)$ 倍；但 Adam 会把它除以梯度的尺度，所以 Adam 的 "
            "`weight_decay` 不是 AdamW 的权重衰减。",
            wrong=r"对 Adam，L2 项并不按 $\lambda$ 或权重大小的比例缩小权重，因为 Adam "
            "把它除以梯度的尺度；只有解耦的权重衰减（AdamW）才这样做，而它根本不是 L2 "
            "项；此外，除非另行豁免，偏置也会被衰减。",
            action="要让衰减不依赖梯度的尺度，用 `torch.optim.AdamW(params, weight_decay=...)`，"
            "而不是 `Adam(weight_decay=...)`；若偏置不该衰减，把它们放进 `weight_decay=0` "
            "的参数组。",
        ),
        references=("loshchilov2019", "kingma2015", "d2l"),
    ),
    Claim(
        "R4",
        "refined",
        en=Text(
            "Dropout and weight decay each reduce overfitting",
            "On the knowledge base's experiment (a handful of noisy 1-D points fitted by "
            "`nn.Linear(1, 100)`, `nn.ReLU()`, ...), dropout and weight decay each reduce "
            "overfitting compared with the same model without them.",
            precise="On noisy data (12 points of $y = x^2$ with noise of standard deviation 0.5, "
            "one hidden layer of ReLUs, `nn.Linear(1, 100)`, trained by `Adam(lr=0.04)` for 500 "
            "full-batch steps), `Dropout(0.2)` and `weight_decay=0.01` each lower the error "
            "against the noise-free curve compared with the same unregularised model, on average "
            "over data sets (one-sided paired t-test on the log error ratio, 67 data sets, "
            "significance 1e-3), though not necessarily on every data set. It is not a property "
            "of the regularisers alone: on the same points with noise of standard deviation 0.05 "
            "the same weight decay, and `Dropout(0.5)`, raise the held-out error.",
            truth="On noisy data dropout and weight decay each lower the error against the true "
            "curve, on average over data sets though not on every one; on nearly noise-free data "
            "the same regularisers raise it.",
            wrong="Reducing overfitting is not a property of the regulariser alone: it depends "
            "on how noisy the data are, and it holds on average over data sets, not for each one.",
            action="Choose the dropout rate and `weight_decay` on held-out data, and compare "
            "against the unregularised model over several data splits or seeds, not one run.",
        ),
        zh=Text(
            "丢弃法与权重衰减各自减轻过拟合",
            "在知识库的实验里（少量带噪的一维点，用 `nn.Linear(1, 100)`、`nn.ReLU()` "
            "等拟合），与不加正则的同一模型相比，丢弃法和权重衰减都能减轻过拟合。",
            precise="在带噪数据上（$y = x^2$ 的 12 个点，噪声标准差 0.5，一个由 ReLU "
            "组成的隐藏层 `nn.Linear(1, 100)`，用 `Adam(lr=0.04)` 做 500 "
            "步全批训练），与同一个不加正则的模型相比，`Dropout(0.2)` 和 `weight_decay=0.01` "
            "各自在数据集平均意义上降低了与无噪曲线的误差（对数误差比的单侧配对 t 检验，67 "
            "个数据集，显著性 1e-3），但不一定每个数据集都降低。这不是正则化方法本身的性质：同样的"
            "点"
            "若噪声标准差为 0.05，同样的权重衰减以及 `Dropout(0.5)` 反而提高了留出误差。",
            truth="在带噪数据上，丢弃法和权重衰减各自降低了与真实曲线的误差，这是对数据集平均而言"
            "，并非每个数据集都如此；在几乎无噪的数据上，同样的正则化反而提高了误差。",
            wrong="减轻过拟合不是正则化方法本身的性质：它取决于数据的噪声有多大，而且只在数据集平均意"
            "义上成立，并非对每个数据集都成立。",
            action="在留出数据上选择丢弃率和 `weight_decay`，并在多种数据划分或随机种子上与不加正"
            "则的模型比较，而不是只看一次运行。",
        ),
        references=("srivastava2014", "d2l"),
    ),
    Claim(
        "R5",
        "refuted",
        en=Text(
            "torch.manual_seed(42) makes comparisons strictly controlled",
            "Fixing the seed with `torch.manual_seed(42)` guarantees that comparing two variants "
            "is a strictly controlled experiment.",
            precise="`torch.manual_seed(42)` resets PyTorch's global generators (CPU and every "
            "CUDA device) and nothing else: not NumPy's, not Python's `random`. Re-running the "
            "same program then gives bit-identical results on the CPU; on CUDA PyTorch promises "
            "it only with `torch.use_deterministic_algorithms(True)` (older versions also want "
            "`CUBLAS_WORKSPACE_CONFIG=:4096:8`). It does not make two variants a controlled "
            "comparison: seeded once, the second variant starts from a later point of the random "
            "stream (other initial weights); reseeded for each, any difference in the random "
            "numbers the variants consume (a Dropout's masks) changes everything drawn after it. "
            "Two arms differ only in the variable under test when each source of randomness "
            "(data, initialisation, masks) has its own generator, as in `dlspec.experiments`.",
            truth="`torch.manual_seed(42)` resets only PyTorch's generators and makes a rerun of "
            "the same program repeat bit for bit on the CPU. It does not make two variants a "
            "controlled comparison: whatever one of them draws differently shifts every random "
            "number drawn after it.",
            wrong="A fixed seed makes one program repeatable, not two variants comparable: "
            "seeded once, the second arm starts from other weights; reseeded, the arms part at "
            "the first random number only one of them draws, such as a dropout mask.",
            action="Give each source of randomness its own generator: "
            "`g = torch.Generator().manual_seed(0)` passed as `generator=g` for the data and "
            "another for the initial weights, dropout masks drawn inside "
            "`torch.random.fork_rng()`, and NumPy and `random` seeded separately if used.",
        ),
        zh=Text(
            "torch.manual_seed(42) 让比较成为严格的对照实验",
            "用 `torch.manual_seed(42)` 固定随机种子，就能保证两种方案的比较是严格控制变量的实验。",
            precise="`torch.manual_seed(42)` 只重置 PyTorch 的全局生成器（CPU 和每个 CUDA "
            "设备），不动 NumPy 和 Python 的 `random`。于是同一程序在 CPU "
            "上重跑得到逐位相同的结果；在 CUDA 上 PyTorch 只在 "
            "`torch.use_deterministic_algorithms(True)` 下承诺这一点（旧版本还需要 "
            "`CUBLAS_WORKSPACE_CONFIG=:4096:8`）。它并不能让两个方案成为对照比较：只播种一次时，"
            "第二个方案从随机流的更后位置开始（初始权重不同）；每个方案各自重新播种时，只要两者消"
            "耗的随机数不同（例如丢弃法的掩码），之后抽取的一切都会改变。只有给每个随机来源（数据"
            "、初始化、掩码）各自的生成器（如 `dlspec.experiments`），两个方案才只在被检验的变量"
            "上不同。",
            truth="`torch.manual_seed(42)` 只重置 PyTorch 的生成器，让同一程序在 CPU "
            "上重跑逐位相同。它并不能让两个方案成为对照比较：其中一个多抽或少抽的随机数会改变之后"
            "抽取的每个随机数。",
            wrong="固定种子让一个程序可以重复，却不能让两个方案可以比较：只播种一次时，第二个方案"
            "从别的权重开始；重新播种时，两者在只有一方抽取的第一个随机数（例如丢弃法的掩码）处分"
            "道扬镳。",
            action="给每个随机来源各自的生成器：数据用 `g = torch.Generator().manual_seed(0)` "
            "并传入 `generator=g`，初始权重用另一个，丢弃法的掩码在 `torch.random.fork_rng()` "
            "里抽取；若用到 NumPy 和 `random`，另行播种。",
        ),
    ),
    Claim(
        "I1",
        "refined",
        en=Text(
            "Initialisation keeps every layer's variance the same",
            "Initialisation aims to keep the variance of the signal the same in every layer, in "
            "the forward and in the backward pass.",
            precise="An initialisation can make the expected second moment of the "
            "pre-activations the same in every layer going forward (variance scaled by fan-in) "
            "or that of the gradients going backward (scaled by fan-out), both at once only when "
            r"fan-in equals fan-out; Xavier's $2/(n_\mathrm{in} + n_\mathrm{out})$ is the "
            r"compromise. It is the second moment $\mathbb{E}[h^2]$ that is kept, not the "
            "variance of the activations, and only on average over random networks: in one "
            "finite-width network it drifts (see I5).",
            truth=r"A weight variance proportional to $1/n_\mathrm{in}$ keeps the second moment "
            r"$\mathbb{E}[h^2]$ constant going forward, one proportional to $1/n_\mathrm{out}$ "
            "keeps the gradients' going backward; both hold at once only when "
            r"$n_\mathrm{in} = n_\mathrm{out}$, and only on average over random networks.",
            wrong="No initialisation keeps both passes when fan-in and fan-out differ, and what "
            "it keeps is the second moment on average over networks, not the variance in every "
            "layer of a given network.",
            action="Choose which pass to keep: "
            "`nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='relu')` keeps the forward "
            "pass, `mode='fan_out'` the backward one; check a deep network by printing "
            "`h.square().mean()` for each layer at initialisation.",
        ),
        zh=Text(
            "初始化让每一层的方差保持不变",
            "初始化的目标是让信号的方差在每一层都相同，前向传播和反向传播都如此。",
            precise="初始化可以让前向的预激活期望二阶矩在每层相同（方差按输入单元数 `fan_in` "
            "缩放），或让反向的梯度期望二阶矩相同（按输出单元数 `fan_out` "
            "缩放），两者同时成立仅当 `fan_in` 等于 `fan_out`；Xavier 的 "
            r"$2/(n_\mathrm{in} + n_\mathrm{out})$ 是折中。保持的是二阶矩 $\mathbb{E}[h^2]$ "
            "而非激活的方差，而且只是在随机网络上平均而言：在单个有限宽度网络中它会漂移（见 "
            "I5）。",
            truth=r"权重方差与 $1/n_\mathrm{in}$ 成正比时，前向的二阶矩 $\mathbb{E}[h^2]$ "
            r"保持不变；与 $1/n_\mathrm{out}$ 成正比时，反向梯度的二阶矩保持不变；两者同时成立仅当"
            r" $n_\mathrm{in} = n_\mathrm{out}$，而且只是在随机网络上平均而言。",
            wrong="输入与输出单元数不同时，没有哪种初始化能同时保持两个方向；它保持的是网络平均意"
            "义上的二阶矩，而不是某个具体网络每一层的方差。",
            action="选定要保持的方向："
            "`nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='relu')` "
            "保持前向，`mode='fan_out'` 保持反向；在初始化时逐层打印 `h.square().mean()` "
            "来检查深层网络。",
        ),
        references=("glorot2010", "he2015", "d2l"),
    ),
    Claim(
        "I2",
        "refined",
        en=Text(
            "Xavier: Var(w) = 2/(n_in + n_out)",
            "For no activation or tanh/sigmoid, Xavier (Glorot) initialisation balances the "
            "forward and backward passes by giving the weights the harmonic mean of the fan-in "
            r"and fan-out as variance, $\operatorname{Var}(w) = 2/(n_\mathrm{in} + n_\mathrm{out})"
            "$.",
            precise=r"`nn.init.xavier_normal_` draws $\mathcal{N}(0, \mathrm{gain}^2 \cdot 2/(\mat"
            r"hrm{fan}_\mathrm{in} + \mathrm{fan}_\mathrm{out}))$ (gain 1 by default) and "
            r"`xavier_uniform_` $\mathcal{U}(-a, a)$ with $a = \mathrm{gain} \cdot \sqrt{6/(\mathr"
            r"m{fan}_\mathrm{in} + \mathrm{fan}_\mathrm{out})}$, for linear and convolution weight"
            r"s (fans include the kernel size). $2/(n_\mathrm{in} + n_\mathrm{out})$ is the "
            r"harmonic mean of $1/n_\mathrm{in}$ and $1/n_\mathrm{out}$ (the variances that would "
            "keep the forward and the backward pass, respectively), not the harmonic mean of "
            r"$n_\mathrm{in}$ and $n_\mathrm{out}$. It keeps neither pass exactly unless "
            r"$n_\mathrm{in} = n_\mathrm{out}$: a linear layer multiplies the forward second "
            r"moment by $2 n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out})$ and the backward one "
            r"by $2 n_\mathrm{out}/(n_\mathrm{in} + n_\mathrm{out})$. For tanh PyTorch's "
            "recommended gain is $5/3$, and under tanh the second moment still decays with depth "
            "(A9).",
            truth=r"Xavier's variance $2/(n_\mathrm{in} + n_\mathrm{out})$ is the harmonic mean "
            r"of $1/n_\mathrm{in}$, which keeps the forward pass, and $1/n_\mathrm{out}$, which "
            "keeps the backward pass; unless the two fans are equal it keeps neither exactly.",
            wrong=r"$2/(n_\mathrm{in} + n_\mathrm{out})$ is the harmonic mean of "
            r"$1/n_\mathrm{in}$ and $1/n_\mathrm{out}$, not of the fans themselves, and with tanh "
            "it does not keep the variance through depth (A9).",
            action="For tanh use `nn.init.xavier_normal_(w, gain=nn.init.calculate_gain('tanh'))`"
            " (gain $5/3$); for ReLU use He initialisation (I4) instead of Xavier.",
        ),
        zh=Text(
            "Xavier：Var(w) = 2/(n_in + n_out)",
            "对无激活或 tanh/sigmoid 激活，Xavier（Glorot）初始化取输入与输出单元数的调和平均作为"
            r"权重方差，$\operatorname{Var}(w) = 2/(n_\mathrm{in} + n_\mathrm{out})$，以兼顾前向和"
            "反向传播。",
            precise=r"`nn.init.xavier_normal_` 抽取 $\mathcal{N}(0, \mathrm{gain}^2 \cdot 2/(\math"
            r"rm{fan}_\mathrm{in} + \mathrm{fan}_\mathrm{out}))$（默认增益 $\mathrm{gain}"
            r"$ 为 1），`xavier_uniform_` 抽取 $\mathcal{U}(-a, a)$，$a = \mathrm{gain} \cdot "
            r"\sqrt{6/(\mathrm{fan}_\mathrm{in} + \mathrm{fan}_\mathrm{out})}"
            r"$，适用于线性与卷积权重（输入、输出单元数含卷积核大小）。$2/(n_\mathrm{in} + "
            r"n_\mathrm{out})$ 是 $1/n_\mathrm{in}$ 与 $1/n_\mathrm{out}"
            r"$（分别保持前向和反向的方差）的调和平均，而不是 $n_\mathrm{in}$ 与 $n_\mathrm{out}"
            r"$ 的调和平均。除非 $n_\mathrm{in} = n_\mathrm{out}$，它两个方向都不能精确保持：线性"
            r"层把前向二阶矩乘以 $2 n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out})$，反向乘以 "
            r"$2 n_\mathrm{out}/(n_\mathrm{in} + n_\mathrm{out})$。对 tanh，PyTorch 推荐的增益是 "
            "$5/3$，而且在 tanh 下二阶矩仍随深度衰减（见 A9）。",
            truth=r"Xavier 的方差 $2/(n_\mathrm{in} + n_\mathrm{out})$ 是 "
            r"$1/n_\mathrm{in}$（保持前向）与 $1/n_\mathrm{out}$（保持反向）的调和平均；除非两者相"
            "等，它哪个方向都不能精确保持。",
            wrong=r"$2/(n_\mathrm{in} + n_\mathrm{out})$ 是 $1/n_\mathrm{in}$ 与 "
            r"$1/n_\mathrm{out}$ 的调和平均，而不是输入、输出单元数本身的调和平均；配 tanh "
            "时它也不能让方差在多层中保持（见 A9）。",
            action="对 tanh 用 `nn.init.xavier_normal_(w, gain=nn.init.calculate_gain('tanh'))`（"
            "增益 $5/3$）；对 ReLU 用 He 初始化（见 I4），而不是 Xavier。",
        ),
        references=("glorot2010",),
    ),
    Claim(
        "I3",
        "refined",
        en=Text(
            "ReLU halves the variance; Xavier collapses under ReLU",
            "ReLU sets every negative value to zero and so halves the variance; with ReLU, "
            "Xavier initialisation lets the variance shrink towards zero quickly.",
            precise="For a zero-mean symmetric input $h$, ReLU halves the second moment exactly, "
            r"$\mathbb{E}[\operatorname{relu}(h)^2] = \mathbb{E}[h^2]/2$, whatever the "
            "distribution; it does not halve the variance: for Gaussian $h$, "
            r"$\operatorname{Var}(\operatorname{relu}(h)) = (1/2 - 1/(2\pi)) \mathbb{E}[h^2]$, "
            r"about 0.34 of it, and the mean becomes $\sqrt{\mathbb{E}[h^2]/(2\pi)}$. The next "
            "layer's pre-activation variance depends only on the second moment (the weights have "
            "mean 0), so with Xavier weights on square layers it is multiplied by $1/2$ per "
            r"layer on average ($n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out})$ in general): a "
            "geometric collapse, $2^{-L}$ after $L$ layers. In one network the factor is random "
            "with mean exactly $1/2$ (measured: {{per-layer factor of the activations' mean "
            "square, ReLU under Xavier}}); its geometric mean, which sets the slope of a typical "
            "network's collapse, is a little lower ({{geometric-mean per-layer factor of E[h^2] "
            "(Xavier, ReLU)}}), as the geometric mean of a random factor always is.",
            truth=r"ReLU halves the second moment $\mathbb{E}[h^2]$ of any zero-mean symmetric "
            "input exactly, not its variance, which for a Gaussian falls to about 0.34 of it. "
            "Under Xavier on square layers the pre-activations' second moment therefore halves "
            "at every layer: $2^{-L}$ after $L$ layers.",
            wrong="ReLU halves the second moment, not the variance: it also gives the output a "
            "positive mean, and the variance that is left is smaller than half.",
            action="Use He initialisation for ReLU layers, "
            "`nn.init.kaiming_normal_(w, nonlinearity='relu')`: its factor $2$ makes up for the "
            "halved second moment, which Xavier's variance does not.",
        ),
        zh=Text(
            "ReLU 把方差减半；ReLU 之下 Xavier 崩溃",
            "ReLU 把所有负值置零，因此方差减半；配合 ReLU 时，Xavier 初始化会让方差迅速趋向零。",
            precise="对零均值的对称输入 $h$，ReLU 恰好把二阶矩减半，"
            r"$\mathbb{E}[\operatorname{relu}(h)^2] = \mathbb{E}[h^2]/2$，与分布形状无关；它并不把"
            r"方差减半：对高斯 $h$，$\operatorname{Var}(\operatorname{relu}(h)) = (1/2 - 1/(2\pi))"
            r" \mathbb{E}[h^2]$，约为后者的 0.34，均值变为 $\sqrt{\mathbb{E}[h^2]/(2\pi)}"
            "$。下一层预激活的方差只取决于二阶矩（权重均值为 0），所以方形层配 Xavier 权重时每层"
            r"平均乘以 $1/2$（一般为 $n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out})$）：几何式崩"
            "溃，$L$ 层后为 $2^{-L}$。在单个网络中，这个因子是随机的，均值恰为 $1/2$（实测 "
            "{{per-layer factor of the activations' mean square, ReLU under Xavier}}）；决定典型"
            "网络崩溃斜率的是它的几何平均，略低一些（{{geometric-mean per-layer factor of E[h^2] "
            "(Xavier, ReLU)}}），随机因子的几何平均总是如此。",
            truth=r"对任何零均值的对称输入，ReLU 恰好把二阶矩 $\mathbb{E}[h^2]$ "
            "减半，而不是方差；对高斯输入，方差降到二阶矩的约 0.34。因此方形层配 Xavier "
            "时，预激活的二阶矩每层减半：$L$ 层后为 $2^{-L}$。",
            wrong="ReLU 减半的是二阶矩而不是方差：它还让输出带上正的均值，剩下的方差不到一半。",
            action="ReLU 层用 He 初始化，`nn.init.kaiming_normal_(w, nonlinearity='relu')`：它的"
            "因子 $2$ 补偿了减半的二阶矩，Xavier 的方差做不到这一点。",
        ),
        references=("he2015",),
    ),
    Claim(
        "I4",
        "holds",
        en=Text(
            "He: Var(w) = 2/n_in",
            "He (Kaiming) initialisation compensates with a factor 2: "
            r"$\operatorname{Var}(w) = 2/n_\mathrm{in}$ ("
            "`nn.init.kaiming_normal_(w, nonlinearity='relu')`).",
            truth=r"He initialisation draws weights of variance $2/n_\mathrm{in}$, which exactly "
            "makes up for ReLU halving the second moment, so the pre-activations' second moment "
            "stays the same from layer to layer on average.",
            action="Call `nn.init.kaiming_normal_(w, nonlinearity='relu')` on ReLU layers' "
            r"weights; `nn.Linear`'s own default gives variance $1/(3 n_\mathrm{in})$, a sixth of "
            "He's, so set it explicitly.",
        ),
        zh=Text(
            "He：Var(w) = 2/n_in",
            r"He（Kaiming）初始化用因子 2 来补偿：$\operatorname{Var}(w) = 2/n_\mathrm{in}$（"
            "`nn.init.kaiming_normal_(w, nonlinearity='relu')`）。",
            truth=r"He 初始化让权重方差为 $2/n_\mathrm{in}$，恰好补偿 ReLU "
            "减半的二阶矩，所以预激活的二阶矩平均而言逐层不变。",
            action="对 ReLU 层的权重调用 `nn.init.kaiming_normal_(w, nonlinearity='relu')`；"
            r"`nn.Linear` 自带的默认初始化给出方差 $1/(3 n_\mathrm{in})$，只有 He "
            "的六分之一，所以要显式设置。",
        ),
        references=("he2015",),
    ),
    Claim(
        "I5",
        "refuted",
        en=Text(
            "After 30 ReLU layers with He init the variance still drops (to about 0.39)",
            "Even with He initialisation the variance falls somewhat after 30 ReLU layers (for "
            "example to 0.39), because the truncation distorts the Gaussian shape and the finite "
            "width adds sampling error, so ReLU does not remove exactly half of the variance.",
            precise=r"With He initialisation (weights $\mathcal{N}(0, 2/n)$, no bias) ReLU "
            "removes exactly half of the second moment at every layer on average, at any width "
            "and whatever the input's shape: given the previous layer the pre-activations are "
            "exactly Gaussian, and one input's activation mean square is multiplied per layer by "
            r"an independent factor $Y = (2/n) \chi^2_K$, $K \sim \operatorname{Binomial}(n, 1/2)$"
            r", with $\mathbb{E}[Y] = 1$. So the mean over networks does not drop. What drops is "
            "the typical network: the ratio $R_L$ of one input's mean square after $L$ layers to "
            r"its mean square at the input has $\mathbb{E}[\log R_L] = L \mathbb{E}[\log Y]$ "
            r"(about $-5L/(2n)$) and $\operatorname{Var}(\log R_L)$ about $5L/n$, so the median "
            r"falls like $\exp(-5L/(2n))$ while the mean stays 1. The exact mean, variance and "
            r"median of $\log R_L$ come from the law of $Y$ (computed by "
            "`theory.he_relu_drift`) and are checked at widths 32 and 128, depth 30. The knowledge "
            "base's 0.39 is the variance of the "
            "activations after 30 ReLU layers of width 100 for standard normal inputs, in a "
            r"typical network: at infinite width that quantity is $1 - 1/\pi = 0.68$, because a "
            r"ReLU output's variance is only $(1/2 - 1/(2\pi))$ of its input's second moment, and "
            "the finite-width drift lowers it further. Over "
            "{{median over networks of x.var() after 30 ReLU layers, width 100|params.networks}} "
            "networks of width 100 and depth 30 the median network's variance is "
            "{{median over networks of x.var() after 30 ReLU layers, width 100}}, and a "
            "distribution-free interval that holds the median network's variance with "
            "probability at least $1 - 10^{-6}$ runs from "
            "{{median's distribution-free interval, lower end}} to "
            "{{median's distribution-free interval, upper end}}. It contains the knowledge "
            "base's 0.39 (asserted); set against it, the theory's infinite-width value times the "
            "median drift of one input is "
            "{{infinite-width value × median drift of one input (theory)}}.",
            truth="With He initialisation ReLU keeps the second moment exactly on average over "
            "random networks, at any width and depth. What falls is a typical single network, "
            r"whose second moment drifts down like $\exp(-5L/(2n))$ over $L$ layers of width $n$ "
            "while the mean over networks stays 1; and a ReLU output's variance is smaller than "
            "its second moment anyway.",
            wrong="He initialisation does not lose part of the variance at every layer because "
            "of the truncation: the mean over networks is kept exactly, and the knowledge base's "
            "0.39 is a typical network's activation variance, lowered by the finite-width drift "
            "and by the gap between variance and second moment.",
            action="Use He initialisation for deep ReLU networks and judge their scale by the "
            "second moment `x.square().mean()`, not by `x.var()`; when depth is not small "
            "compared with width, expect one network's scale to drift, so look at several seeds "
            "rather than one.",
        ),
        zh=Text(
            "He 初始化下经过 30 层 ReLU 方差仍会下降（到约 0.39）",
            "即使用 He 初始化，经过 30 层 ReLU 后方差仍略有下降（例如降到 "
            "0.39），原因是截断破坏了高斯形状、有限宽度带来抽样误差，所以 ReLU "
            "去掉的并非恰好一半方差。",
            precise=r"He 初始化（权重 $\mathcal{N}(0, 2/n)$，无偏置）下，ReLU "
            "在每一层平均恰好去掉一半二阶矩，任何宽度、任何输入形状皆然：给定上一层，预激活严格服"
            r"从高斯分布，一个输入的激活均方每层乘以一个独立因子 $Y = (2/n) \chi^2_K$，"
            r"$K \sim \operatorname{Binomial}(n, 1/2)$，$\mathbb{E}[Y] = 1$。所以网络上的平均值并"
            "不下降。下降的是典型网络：记 $R_L$ 为一个输入经过 $L$ 层后的均方与其在输入处的均方之"
            r"比，则 $\mathbb{E}[\log R_L] = L \mathbb{E}[\log Y]$（约 $-5L/(2n)$），"
            r"$\operatorname{Var}(\log R_L)$ 约为 $5L/n$，因此中位数像 $\exp(-5L/(2n))$ "
            r"那样下降，而平均值保持为 1。$\log R_L$ 的精确均值、方差和中位数由 $Y$ 的分布算出（由 "
            "`theory.he_relu_drift` 计算），并在宽度 32 和 128、深度 30 上检验。知识库的 0.39 "
            "是宽度 100、30 层 ReLU 后、标准正态输入下典型网络激活的方差"
            r"：宽度无穷大时这个量为 $1 - 1/\pi = 0.68$（ReLU 输出的方差只有其输入二阶矩的 "
            r"$1/2 - 1/(2\pi)$），有限宽度的漂移使它更低。在 "
            "{{median over networks of x.var() after 30 ReLU layers, width 100|params.networks}} "
            "个宽度 100、深度 30 的网络上，中位网络的方差为 "
            "{{median over networks of x.var() after 30 ReLU layers, width 100}}；以至少 "
            "$1 - 10^{-6}$ 的概率包含中位网络方差的无分布假设区间从 "
            "{{median's distribution-free interval, lower end}} 到 "
            "{{median's distribution-free interval, upper end}}。它包含知识库的 "
            "0.39（已断言）；与之对照，理论上的无穷宽度值乘单个输入的中位漂移为 "
            "{{infinite-width value × median drift of one input (theory)}}。",
            truth="He 初始化下，ReLU 在随机网络上平均恰好保持二阶矩，任何宽度和深度皆然。下降的是"
            r"单个典型网络：经过 $L$ 层宽度为 $n$ 的网络，它的二阶矩像 $\exp(-5L/(2n))$ "
            "那样向下漂移，而网络上的平均值保持为 1；此外 ReLU 输出的方差本来就小于其二阶矩。",
            wrong="He 初始化并不会因为截断而在每层损失一部分方差：网络上的平均值恰好保持；知识库"
            "的 0.39 是典型网络激活的方差，它之所以更低，是因为有限宽度的漂移以及方差与二阶矩之差"
            "。",
            action="深层 ReLU 网络用 He 初始化，并用二阶矩 `x.square().mean()` 而不是 `x.var()` "
            "判断尺度；当深度相对宽度不算小时，单个网络的尺度会漂移，所以要看多个随机种子，而不是"
            "一个。",
        ),
        references=("he2015", "hanin2018"),
    ),
    Claim(
        "I6",
        "refuted",
        en=Text(
            "BatchNorm and LayerNorm end numerical instability",
            "BatchNorm and LayerNorm re-centre and rescale activations during the run and so end "
            "numerical instability for good.",
            precise="In training, `BatchNorm1d` standardises each feature over the batch (and "
            r"length) axes: the output has mean 0 and variance "
            r"$\mathrm{var}/(\mathrm{var} + \varepsilon)$, where $\mathrm{var}$ is the biased "
            "batch variance, then it scales and shifts; its running statistics move by momentum "
            "towards the batch "
            "mean and unbiased variance, and in eval mode it applies those, a fixed affine map "
            "(the identity at initialisation). `LayerNorm` standardises each sample over its "
            "trailing dimensions, the same in both modes. This fixes the forward statistics, not "
            "the backward pass: in a deep He-initialised ReLU network with BatchNorm after every "
            "`Linear`, at initialisation the gradient's second moment grows geometrically "
            "towards the input (measured: a factor of about "
            "{{per-layer growth factor of E[grad^2] towards the input, BatchNorm + ReLU}} per "
            "layer, so {{E[grad^2] at layer 1 / at layer 30, 29 layer-to-layer factors, BatchNorm "
            "+ "
            "ReLU}} over the 29 layer-to-layer factors from layer 30 to layer 1).",
            truth="BatchNorm and LayerNorm fix the forward statistics: each feature, or each "
            r"sample, gets mean 0 and variance 1 (up to $\varepsilon$) before the learned scale "
            "and shift. They do not fix the backward pass: in a deep ReLU network with BatchNorm "
            "after every linear layer the gradient still grows geometrically towards the input "
            "at initialisation.",
            wrong="Normalisation does not end numerical instability: it standardises the forward "
            "activations only, the gradients can still explode through depth, and in eval mode "
            "BatchNorm applies its running statistics, not the batch's.",
            action="Do not assume normalisation keeps training stable: after one `backward()` at "
            "initialisation print `p.grad.norm()` for each layer's weights, and switch with "
            "`model.train()` and `model.eval()` knowing that BatchNorm computes differently in "
            "the two modes.",
        ),
        zh=Text(
            "批量规范化与层规范化终结数值不稳定",
            "批量规范化（BatchNorm）和层规范化（LayerNorm）在运行中重新居中并缩放激活值，从而彻底"
            "解决数值不稳定。",
            precise="训练时 `BatchNorm1d` 在批（及长度）轴上标准化每个特征：输出均值为 0，方差为 "
            r"$\mathrm{var}/(\mathrm{var} + \varepsilon)$，其中 $\mathrm{var}$ 是批的有偏方差，"
            "再缩放和平移；其滑动统计量按动量 `momentum` "
            "向批均值和无偏方差移动，评估模式下使用这些统计量，是一个固定的仿射映射（"
            "初始化时为恒等）。层规范化 `LayerNorm` 在每个样本的末尾维度上标准化，两种模式相同。"
            "这解决了前向统计量，却没有解决反向传播：在每个 `Linear` 后接批量规范化的深层 He "
            "初始化 ReLU 网络中，初始化时梯度的二阶矩朝输入方向几何增长（实测每层约 "
            "{{per-layer growth factor of E[grad^2] towards the input, BatchNorm + ReLU}} 倍，"
            "因此从第 30 层到第 1 层的 29 个逐层倍数累计为 {{E[grad^2] at layer 1 / at layer 30, "
            "29 "
            "layer-to-layer factors, BatchNorm + ReLU}} 倍）。",
            truth="批量规范化和层规范化解决了前向统计量：每个特征（或每个样本）在可学习的缩放和平"
            r"移之前均值为 0、方差为 1（不计 $\varepsilon$）。它们没有解决反向传播：在每个线性层之"
            "后都接批量规范化的深层 ReLU 网络中，初始化时梯度仍朝输入方向几何增长。",
            wrong="规范化并不能终结数值不稳定：它只标准化前向的激活，梯度仍可能随深度爆炸；而且评"
            "估模式下批量规范化使用滑动统计量，而不是当前批的统计量。",
            action="不要以为规范化就能让训练稳定：在初始化时做一次 `backward()` 后打印每层权重的 "
            "`p.grad.norm()`；用 `model.train()` 和 `model.eval()` 切换时要知道批量规范化在两种模"
            "式下计算方式不同。",
        ),
        references=("ioffe2015", "ba2016", "yang2019"),
    ),
)

BY_ID: dict[str, Claim] = {claim.id: claim for claim in CLAIMS}


def get(claim_id: str) -> Claim:
    """The claim with this ID; a ``KeyError`` naming the known IDs otherwise."""
    try:
        return BY_ID[claim_id]
    except KeyError:
        raise KeyError(f"unknown claim {claim_id!r}; known: {', '.join(BY_ID)}") from None
