"""Derivations with runnable snippets: for six claims, the few steps of algebra that give the
mechanism and a PyTorch snippet of 5 to 10 lines a learner can paste to see it.

The report shows each lesson in its claim's section, with the output that this run's spec
printed when it executed the snippet (``spec/test_lessons.py`` runs every snippet, checks
its printed numbers against the derivation and records the output), so no snippet shown
can have rotted. ``TRY_IT`` gives, per module, one command that reruns a claim with another
parameter."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from dlspec.harness.translations import Both


@dataclass(frozen=True)
class Lesson:
    """One derivation: its steps (formulas between ``$...$``, code between backticks), the
    snippet that shows it, and the keys of ``dlspec.references.REFERENCES`` it rests on."""

    key: str
    claim: str
    title: Both
    derivation: tuple[Both, ...]
    code: str
    references: tuple[str, ...]


def _code(text: str) -> str:
    return textwrap.dedent(text).strip() + "\n"


XAVIER = Lesson(
    key="xavier",
    claim="I2",
    title=Both("Xavier's variance, derived", "推导 Xavier 的方差"),
    derivation=(
        Both(
            r"Take one output of a linear layer, $o = \sum_{i=1}^{n_\mathrm{in}} w_i x_i$, "
            r"with weights and inputs independent and of mean zero, and "
            r"$\operatorname{Var}(w_i) = \sigma^2$.",
            r"取线性层的一个输出 $o = \sum_{i=1}^{n_\mathrm{in}} w_i x_i$，权重与输入相互独立、"
            r"均值为零，且 $\operatorname{Var}(w_i) = \sigma^2$。",
        ),
        Both(
            r"Each term has mean zero and variance "
            r"$\mathbb{E}[w_i^2]\,\mathbb{E}[x_i^2] = \sigma^2 \operatorname{Var}(x)$, and the "
            r"variances of independent terms add up: "
            r"$\operatorname{Var}(o) = n_\mathrm{in} \sigma^2 \operatorname{Var}(x)$.",
            r"每一项均值为零，方差为 "
            r"$\mathbb{E}[w_i^2]\,\mathbb{E}[x_i^2] = \sigma^2 \operatorname{Var}(x)$；"
            r"独立项的方差相加："
            r"$\operatorname{Var}(o) = n_\mathrm{in} \sigma^2 \operatorname{Var}(x)$。",
        ),
        Both(
            r"The backward pass sums over the outputs instead, "
            r"$\partial L/\partial x_j = "
            r"\sum_{k=1}^{n_\mathrm{out}} w_{kj}\, \partial L/\partial o_k$, so in the same way "
            r"$\operatorname{Var}(\partial L/\partial x) = n_\mathrm{out} "
            r"\sigma^2 \operatorname{Var}(\partial L/\partial o)$.",
            r"反向传播则对输出求和，"
            r"$\partial L/\partial x_j = "
            r"\sum_{k=1}^{n_\mathrm{out}} w_{kj}\, \partial L/\partial o_k$，同理 "
            r"$\operatorname{Var}(\partial L/\partial x) = n_\mathrm{out} "
            r"\sigma^2 \operatorname{Var}(\partial L/\partial o)$。",
        ),
        Both(
            r"Keeping the forward variance needs $\sigma^2 = 1/n_\mathrm{in}$, keeping the "
            r"backward one $\sigma^2 = 1/n_\mathrm{out}$: both hold only when "
            r"$n_\mathrm{in} = n_\mathrm{out}$.",
            r"保持前向方差需要 $\sigma^2 = 1/n_\mathrm{in}$，保持反向方差需要 "
            r"$\sigma^2 = 1/n_\mathrm{out}$：只有 $n_\mathrm{in} = n_\mathrm{out}$ 时"
            r"两者才能同时成立。",
        ),
        Both(
            r"Glorot & Bengio (2010) take the average of the two conditions, "
            r"$\sigma^2 (n_\mathrm{in} + n_\mathrm{out})/2 = 1$, that is "
            r"$\sigma^2 = 2/(n_\mathrm{in} + n_\mathrm{out})$: the forward variance is then "
            r"multiplied by $2 n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out})$ and the backward "
            r"one by $2 n_\mathrm{out}/(n_\mathrm{in} + n_\mathrm{out})$, both 1 only for a "
            r"square layer.",
            r"Glorot 与 Bengio（2010）取两个条件的平均，"
            r"$\sigma^2 (n_\mathrm{in} + n_\mathrm{out})/2 = 1$，即 "
            r"$\sigma^2 = 2/(n_\mathrm{in} + n_\mathrm{out})$：此时前向方差乘以 "
            r"$2 n_\mathrm{in}/(n_\mathrm{in} + n_\mathrm{out})$，反向方差乘以 "
            r"$2 n_\mathrm{out}/(n_\mathrm{in} + n_\mathrm{out})$，只有方形层两者都等于 1。",
        ),
        Both(
            "The argument is for a linear layer. tanh has slope 1 only at 0 and shrinks every "
            "other input, so under tanh the second moment still falls with depth (A9).",
            "以上推导针对线性层。tanh 只在 0 处斜率为 1，其余输入都会被缩小，"
            "所以在 tanh 下二阶矩仍随深度下降（A9）。",
        ),
    ),
    code=_code(
        """
        import torch
        torch.manual_seed(0)
        n_in, n_out = 400, 100
        w = torch.nn.init.xavier_normal_(torch.empty(n_out, n_in, dtype=torch.float64))
        x = torch.randn(4000, n_in, dtype=torch.float64, requires_grad=True)  # Var[x] = 1
        o = x @ w.T
        o.backward(torch.randn_like(o))  # a gradient dL/do of variance 1 flows back
        print(f"Var[w] = {w.var():.5f}   2/(n_in+n_out) = {2 / (n_in + n_out):.5f}")
        print(f"Var[o] = {o.var():.3f}   n_in*Var[w] = {2 * n_in / (n_in + n_out):.3f}")
        print(f"Var[dL/dx] = {x.grad.var():.3f}   n_out*Var[w] = {2 * n_out / (n_in + n_out):.3f}")
        """
    ),
    references=("glorot2010", "d2l"),
)

HE = Lesson(
    key="he",
    claim="I4",
    title=Both("He initialisation, derived", "推导 He 初始化"),
    derivation=(
        Both(
            r"A layer after ReLU computes $h' = \sum_{i=1}^{n_\mathrm{in}} w_i "
            r"\operatorname{relu}(h_i)$ from the previous pre-activations $h_i$, with weights "
            r"independent of them, of mean zero and $\operatorname{Var}(w_i) = \sigma^2$.",
            r"ReLU 之后的一层由上一层的预激活 $h_i$ 计算 $h' = \sum_{i=1}^{n_\mathrm{in}} w_i "
            r"\operatorname{relu}(h_i)$，权重与 $h_i$ 独立、均值为零，"
            r"$\operatorname{Var}(w_i) = \sigma^2$。",
        ),
        Both(
            r"As for Xavier, $\operatorname{Var}(h') = n_\mathrm{in} \sigma^2\, "
            r"\mathbb{E}[\operatorname{relu}(h)^2]$. Because the weights have mean zero, what "
            r"enters is the second moment of $\operatorname{relu}(h)$, not its variance.",
            r"与 Xavier 的推导相同，$\operatorname{Var}(h') = n_\mathrm{in} \sigma^2\, "
            r"\mathbb{E}[\operatorname{relu}(h)^2]$。由于权重均值为零，进入公式的是 "
            r"$\operatorname{relu}(h)$ 的二阶矩，而不是它的方差。",
        ),
        Both(
            r"For $h$ symmetric about 0, ReLU keeps exactly half of the second moment, "
            r"$\mathbb{E}[\operatorname{relu}(h)^2] = \mathbb{E}[h^2]/2$ (derived in the lesson "
            r"on ReLU's second moment), so "
            r"$\mathbb{E}[h'^2] = \frac{1}{2} n_\mathrm{in} \sigma^2\, \mathbb{E}[h^2]$.",
            r"对关于 0 对称的 $h$，ReLU 恰好保留一半的二阶矩，"
            r"$\mathbb{E}[\operatorname{relu}(h)^2] = \mathbb{E}[h^2]/2$"
            r"（推导见 ReLU 二阶矩一节），"
            r"所以 $\mathbb{E}[h'^2] = \frac{1}{2} n_\mathrm{in} \sigma^2\, \mathbb{E}[h^2]$。",
        ),
        Both(
            r"Keeping the second moment from layer to layer needs "
            r"$n_\mathrm{in} \sigma^2/2 = 1$, that is $\sigma^2 = 2/n_\mathrm{in}$ "
            r"(He et al. 2015), which `nn.init.kaiming_normal_(w, nonlinearity='relu')` draws.",
            r"要让二阶矩逐层保持，需要 $n_\mathrm{in} \sigma^2/2 = 1$，即 "
            r"$\sigma^2 = 2/n_\mathrm{in}$（He 等，2015），"
            r"`nn.init.kaiming_normal_(w, nonlinearity='relu')` 正是这样抽取权重。",
        ),
        Both(
            r"Xavier's $\sigma^2 = 1/n_\mathrm{in}$ on a square layer lacks this factor 2: the "
            r"second moment halves at every layer, to $2^{-L}$ after $L$ layers (I3).",
            r"方形层上 Xavier 的 $\sigma^2 = 1/n_\mathrm{in}$ 缺少这个因子 2：二阶矩每层减半，"
            r"$L$ 层后降到 $2^{-L}$（I3）。",
        ),
    ),
    code=_code(
        """
        import torch
        torch.manual_seed(0)
        n_in, n_out = 1000, 1000
        w = torch.empty(n_out, n_in, dtype=torch.float64)
        torch.nn.init.kaiming_normal_(w, nonlinearity="relu")  # Var[w] = 2/n_in
        h = torch.randn(1000, n_in, dtype=torch.float64)  # pre-activations, E[h^2] = 1
        out = torch.relu(h) @ w.T  # the next layer's pre-activations
        print(f"n_in*Var[w] = {n_in * w.var():.3f}   (He: 2)")
        print(f"E[relu(h)^2] = {torch.relu(h).pow(2).mean():.3f}   (E[h^2]/2 = 0.5)")
        print(f"E[out^2] = {out.pow(2).mean():.3f}   (n_in*Var[w]*E[h^2]/2 = 1)")
        """
    ),
    references=("he2015",),
)

DROPOUT = Lesson(
    key="dropout",
    claim="R1",
    title=Both("Dropout keeps the expected value", "丢弃法保持期望值"),
    derivation=(
        Both(
            r"In training mode dropout multiplies each input $h$ by an independent mask "
            r"$m \sim \mathrm{Bernoulli}(1 - p)$ and divides by $1 - p$: $h' = h\, m/(1 - p)$.",
            r"训练模式下，丢弃法把每个输入 $h$ 乘以独立的掩码 "
            r"$m \sim \mathrm{Bernoulli}(1 - p)$，再除以 $1 - p$：$h' = h\, m/(1 - p)$。",
        ),
        Both(
            r"With probability $p$ the mask is 0 and $h' = 0$; with probability $1 - p$ it "
            r"is 1 and $h' = h/(1 - p)$.",
            r"掩码以概率 $p$ 为 0，此时 $h' = 0$；以概率 $1 - p$ 为 1，此时 $h' = h/(1 - p)$。",
        ),
        Both(
            r"So $\mathbb{E}[h' \mid h] = h\, \mathbb{E}[m]/(1 - p) = h (1 - p)/(1 - p) = h$: "
            r"on average the layer passes its input on unchanged, and evaluation mode, the "
            r"identity, needs no rescaling (Srivastava et al. 2014 scaled the weights at test "
            r"time instead).",
            r"因此 $\mathbb{E}[h' \mid h] = h\, \mathbb{E}[m]/(1 - p) = h (1 - p)/(1 - p) = h$："
            r"平均而言这一层原样传递输入，评估模式（恒等映射）也就无需再缩放"
            r"（Srivastava 等（2014）则是在测试时缩放权重）。",
        ),
        Both(
            r"Each kept value is $h/(1 - p)$: at $p = 0.5$ every kept value doubles, at "
            r"$p = 0.95$ it is 20 times its input.",
            r"每个保留下来的值都是 $h/(1 - p)$：$p = 0.5$ 时每个保留值翻倍，"
            r"$p = 0.95$ 时是输入的 20 倍。",
        ),
        Both(
            r"The mean is kept at the price of noise: "
            r"$\operatorname{Var}(h' \mid h) = h^2 p/(1 - p)$, which is $h^2$ at $p = 0.5$.",
            r"保持均值的代价是噪声：$\operatorname{Var}(h' \mid h) = h^2 p/(1 - p)$，"
            r"$p = 0.5$ 时等于 $h^2$。",
        ),
    ),
    code=_code(
        """
        import torch
        torch.manual_seed(3)
        p = 0.5
        drop = torch.nn.Dropout(p)  # a new module is in training mode
        h = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
        print("one draw:            ", " ".join(f"{v:.1f}" for v in drop(h).tolist()))
        draws = drop(h.repeat(20000, 1))  # 20000 rows, each with its own mask
        print("mean of 20000 draws: ", " ".join(f"{v:.2f}" for v in draws.mean(dim=0).tolist()))
        """
    ),
    references=("srivastava2014", "d2l"),
)

ADAM_VS_ADAMW = Lesson(
    key="adam_vs_adamw",
    claim="R3",
    title=Both("One Adam step against one AdamW step", "Adam 的一步与 AdamW 的一步"),
    derivation=(
        Both(
            r"Adam's `weight_decay` $\lambda$ adds the gradient of the L2 term to the data "
            r"gradient, $g \leftarrow g + \lambda\theta$, and the sum enters both moment "
            r"estimates: $m \leftarrow \beta_1 m + (1 - \beta_1) g$ and "
            r"$v \leftarrow \beta_2 v + (1 - \beta_2) g^2$.",
            r"Adam 的 `weight_decay` $\lambda$ 把 L2 项的梯度加到数据梯度上，"
            r"$g \leftarrow g + \lambda\theta$，这个和进入两个矩估计："
            r"$m \leftarrow \beta_1 m + (1 - \beta_1) g$，"
            r"$v \leftarrow \beta_2 v + (1 - \beta_2) g^2$。",
        ),
        Both(
            r"The step divides by the root of the second moment, "
            r"$\theta \leftarrow \theta - \mathrm{lr}\, \hat m/(\sqrt{\hat v} + \epsilon)$, with "
            r"$\hat m = m/(1 - \beta_1^t)$ and $\hat v = v/(1 - \beta_2^t)$ (Kingma & Ba 2015): "
            r"the decay $\lambda\theta$ is divided by $\sqrt{\hat v}$ like the rest of the "
            r"gradient.",
            r"更新要除以二阶矩的平方根，"
            r"$\theta \leftarrow \theta - \mathrm{lr}\, \hat m/(\sqrt{\hat v} + \epsilon)$，其中 "
            r"$\hat m = m/(1 - \beta_1^t)$，$\hat v = v/(1 - \beta_2^t)$（Kingma 与 Ba，2015）："
            r"衰减项 $\lambda\theta$ 和梯度的其余部分一样被 $\sqrt{\hat v}$ 除。",
        ),
        Both(
            r"For a weight whose data gradient is zero, the first step has "
            r"$\hat m = \lambda\theta$ and $\hat v = \lambda^2\theta^2$, so it moves by "
            r"$\mathrm{lr}\, \lambda\theta/(\lambda|\theta| + \epsilon) \approx "
            r"\mathrm{lr} \operatorname{sign}(\theta)$: by the learning rate, whatever "
            r"$\lambda$ and $\theta$ are.",
            r"对数据梯度为零的权重，第一步有 $\hat m = \lambda\theta$、"
            r"$\hat v = \lambda^2\theta^2$，所以它移动 "
            r"$\mathrm{lr}\, \lambda\theta/(\lambda|\theta| + \epsilon) \approx "
            r"\mathrm{lr} \operatorname{sign}(\theta)$：移动量就是学习率，与 $\lambda$ 和 "
            r"$\theta$ 无关。",
        ),
        Both(
            r"Where the data gradient is large, $\sqrt{\hat v}$ is large and the decay all but "
            r"vanishes: Adam decays most the weights whose gradients are small, not each "
            r"weight in proportion to its size.",
            r"数据梯度大的地方 $\sqrt{\hat v}$ 也大，衰减几乎消失：Adam 衰减得最多的是梯度小的"
            r"权重，而不是让每个权重按自身大小成比例地衰减。",
        ),
        Both(
            r"AdamW (Loshchilov & Hutter 2019) decouples the decay from the gradient: "
            r"$\theta \leftarrow \theta - \mathrm{lr}\, \lambda\, \theta$, then the Adam step "
            r"on $g$ alone. A weight with no data gradient shrinks to exactly "
            r"$(1 - \mathrm{lr}\, \lambda)\theta$ per step, as with SGD's weight decay.",
            r"AdamW（Loshchilov 与 Hutter，2019）把衰减与梯度解耦："
            r"$\theta \leftarrow \theta - \mathrm{lr}\, \lambda\, \theta$，"
            r"再只对 $g$ 做 Adam 更新。"
            r"没有数据梯度的权重每步恰好缩小为 $(1 - \mathrm{lr}\, \lambda)\theta$，"
            r"与 SGD 的权重衰减相同。",
        ),
    ),
    code=_code(
        """
        import torch
        torch.manual_seed(0)
        lr, wd = 0.1, 0.01
        theta = torch.randn(())  # one weight whose loss gradient is zero: only decay acts
        p, q = theta.clone().requires_grad_(), theta.clone().requires_grad_()
        p.grad, q.grad = torch.zeros(()), torch.zeros(())
        torch.optim.Adam([p], lr=lr, weight_decay=wd).step()
        torch.optim.AdamW([q], lr=lr, weight_decay=wd).step()
        print(f"Adam:  {theta:.4f} -> {p:.4f}   (moved by lr = {lr})")
        print(f"AdamW: {theta:.4f} -> {q:.4f}   (times 1 - lr*wd = {1 - lr * wd:.3f})")
        """
    ),
    references=("kingma2015", "loshchilov2019"),
)

SCALED_SIGMOID = Lesson(
    key="scaled_sigmoid",
    claim="A10",
    title=Both("4 sigmoid(x) - 2 is 2 tanh(x/2)", "4 sigmoid(x) - 2 就是 2 tanh(x/2)"),
    derivation=(
        Both(
            r"Multiply the numerator and the denominator of $\sigma(x) = 1/(1 + e^{-x})$ by "
            r"$e^{x/2}$: $\sigma(x) = \frac{e^{x/2}}{e^{x/2} + e^{-x/2}}$.",
            r"把 $\sigma(x) = 1/(1 + e^{-x})$ 的分子和分母同乘 $e^{x/2}$："
            r"$\sigma(x) = \frac{e^{x/2}}{e^{x/2} + e^{-x/2}}$。",
        ),
        Both(
            r"Since $\tanh(u) = \frac{e^{u} - e^{-u}}{e^{u} + e^{-u}}$, at $u = x/2$: "
            r"$1 + \tanh(x/2) = \frac{2 e^{x/2}}{e^{x/2} + e^{-x/2}} = 2\sigma(x)$, that is "
            r"$\sigma(x) = (1 + \tanh(x/2))/2$.",
            r"由于 $\tanh(u) = \frac{e^{u} - e^{-u}}{e^{u} + e^{-u}}$，取 $u = x/2$ 得 "
            r"$1 + \tanh(x/2) = \frac{2 e^{x/2}}{e^{x/2} + e^{-x/2}} = 2\sigma(x)$，即 "
            r"$\sigma(x) = (1 + \tanh(x/2))/2$。",
        ),
        Both(
            r"Hence $4\sigma(x) - 2 = 2(1 + \tanh(x/2)) - 2 = 2\tanh(x/2)$: the scaled sigmoid "
            r"is tanh stretched to twice the width and twice the height.",
            r"因此 $4\sigma(x) - 2 = 2(1 + \tanh(x/2)) - 2 = 2\tanh(x/2)$：缩放后的 sigmoid "
            r"就是横向、纵向各拉伸为两倍的 tanh。",
        ),
        Both(
            r"With $\tanh(u) = u - u^3/3 + \dots$ this gives "
            r"$4\sigma(x) - 2 = x - x^3/12 + \dots$: the function is odd, its slope at 0 is 1, "
            r"and it saturates at $\pm 2$.",
            r"由 $\tanh(u) = u - u^3/3 + \dots$ 得 $4\sigma(x) - 2 = x - x^3/12 + \dots$："
            r"它是奇函数，0 处斜率为 1，并在 $\pm 2$ 处饱和。",
        ),
        Both(
            "Being a tanh, it loses second moment through depth under Xavier the way tanh "
            "does (A9): a slope of 1 at 0 does not keep the variance of a deep stack.",
            "它本身就是 tanh，所以在 Xavier 下随深度损失二阶矩的方式与 tanh 相同（A9）："
            "0 处斜率为 1 并不能让深层网络保持方差。",
        ),
    ),
    code=_code(
        """
        import torch
        torch.manual_seed(0)
        x = 10 * torch.randn(100000, dtype=torch.float64)
        gap = (4 * torch.sigmoid(x) - 2 - 2 * torch.tanh(x / 2)).abs().max()
        print(f"max |4 sigmoid(x) - 2 - 2 tanh(x/2)| = {gap:.12f}")
        x0 = torch.zeros((), dtype=torch.float64, requires_grad=True)
        (4 * torch.sigmoid(x0) - 2).backward()
        print(f"slope at 0 = {x0.grad:.4f}")
        """
    ),
    references=(),
)

RELU_SECOND_MOMENT = Lesson(
    key="relu_second_moment",
    claim="I3",
    title=Both("ReLU halves the second moment, not the variance", "ReLU 把二阶矩减半，而不是方差"),
    derivation=(
        Both(
            r"Write $h^2 = \operatorname{relu}(h)^2 + \operatorname{relu}(-h)^2$: at most one "
            r"of the two terms is nonzero.",
            r"写成 $h^2 = \operatorname{relu}(h)^2 + \operatorname{relu}(-h)^2$：两项中至多一项"
            r"不为零。",
        ),
        Both(
            r"If $h$ is symmetric about 0 ($h$ and $-h$ have the same distribution), the two "
            r"terms have the same expectation, so "
            r"$\mathbb{E}[\operatorname{relu}(h)^2] = \mathbb{E}[h^2]/2$, whatever the shape of "
            r"the distribution.",
            r"若 $h$ 关于 0 对称（$h$ 与 $-h$ 同分布），两项的期望相同，所以 "
            r"$\mathbb{E}[\operatorname{relu}(h)^2] = \mathbb{E}[h^2]/2$，与分布形状无关。",
        ),
        Both(
            r"The mean does not stay 0: for Gaussian $h$ with $q = \mathbb{E}[h^2]$, "
            r"$\mathbb{E}[\operatorname{relu}(h)] = \sqrt{q}\, \mathbb{E}[\max(z, 0)] = "
            r"\sqrt{q/(2\pi)}$, where $z \sim \mathcal{N}(0, 1)$.",
            r"均值不再为 0：对高斯 $h$，记 $q = \mathbb{E}[h^2]$，"
            r"$\mathbb{E}[\operatorname{relu}(h)] = \sqrt{q}\, \mathbb{E}[\max(z, 0)] = "
            r"\sqrt{q/(2\pi)}$，其中 $z \sim \mathcal{N}(0, 1)$。",
        ),
        Both(
            r"So $\operatorname{Var}(\operatorname{relu}(h)) = \frac{q}{2} - \frac{q}{2\pi} = "
            r"\left(\frac{1}{2} - \frac{1}{2\pi}\right) q \approx 0.34\, q$: ReLU halves the "
            r"second moment, and the variance falls further, to about $0.34\, q$.",
            r"所以 $\operatorname{Var}(\operatorname{relu}(h)) = \frac{q}{2} - \frac{q}{2\pi} = "
            r"\left(\frac{1}{2} - \frac{1}{2\pi}\right) q \approx 0.34\, q$：ReLU 把二阶矩减半，"
            r"方差则降得更多，约为 $0.34\, q$。",
        ),
        Both(
            "The next layer's weights have mean zero, so it sees only the second moment: "
            "that is why He initialisation's factor 2 is exact, not an approximation (I4).",
            "下一层的权重均值为零，所以它只看到二阶矩：这正是 He 初始化的因子 2 是精确值"
            "而非近似的原因（I4）。",
        ),
    ),
    code=_code(
        """
        import math
        import torch
        torch.manual_seed(0)
        h = torch.randn(1_000_000, dtype=torch.float64)  # symmetric, E[h^2] = 1
        r = torch.relu(h)
        print(f"E[relu(h)^2] = {r.pow(2).mean():.4f}   E[h^2]/2 = 0.5000")
        print(f"Var(relu(h)) = {r.var():.4f}   1/2 - 1/(2 pi) = {0.5 - 1 / (2 * math.pi):.4f}")
        print(f"E[relu(h)]   = {r.mean():.4f}   sqrt(1/(2 pi)) = {(2 * math.pi) ** -0.5:.4f}")
        """
    ),
    references=("he2015",),
)

LESSONS: tuple[Lesson, ...] = (
    XAVIER,
    HE,
    RELU_SECOND_MOMENT,
    DROPOUT,
    ADAM_VS_ADAMW,
    SCALED_SIGMOID,
)

# per module letter: a command that reruns one of its claims with another parameter, and what
# to look for in its output
TRY_IT: dict[str, tuple[str, Both]] = {
    "T": (
        "python -m pytest spec/ --claim T1 --hypothesis-seed 7",
        Both(
            "Hypothesis draws other batch shapes and feature counts: every input whose last "
            "dimension is `in_features` is mapped row by row, whatever its rank, and every "
            "other input is rejected.",
            "hypothesis 会抽取其他的批形状和特征数：最后一维等于 `in_features` 的输入，"
            "无论几维，都被逐行映射，其余输入都被拒绝。",
        ),
    ),
    "A": (
        "python -m pytest spec/ --claim A10 --spec-seed 7 -k second_moment",
        Both(
            r"Other random networks of 16 layers: for tanh and $4\sigma(x) - 2$ alike, each "
            "layer still follows its predicted law, and the second moment after the last "
            "layer is again far below 1 (A9).",
            r"另一批 16 层的随机网络：无论 tanh 还是 $4\sigma(x) - 2$，每一层仍符合预测的规律，"
            "最后一层之后的二阶矩依然远低于 1（A9）。",
        ),
    ),
    "R": (
        "python -m pytest spec/ --claim R1 --spec-seed 7 -k expected_output",
        Both(
            r"New dropout masks: at $p$ = 0.1, 0.2 and 0.5 the mean output still equals the "
            r"input within its tolerance, because each kept value is scaled by $1/(1 - p)$.",
            r"新的丢弃掩码：在 $p$ = 0.1、0.2 和 0.5 时，输出的均值仍在容差内等于输入，"
            r"因为每个保留值都乘以 $1/(1 - p)$。",
        ),
    ),
    "I": (
        "python -m pytest spec/ --claim I5 --spec-seed 7",
        Both(
            "Every network is drawn anew: the median network's variance ratio after 30 layers "
            "changes from seed to seed but stays below 1, while each layer's factor still "
            "averages exactly 1: the typical network drifts down, the average does not.",
            "每个网络都重新抽取：30 层后中位数网络的方差比随种子变化，但始终低于 1，"
            "而每层的因子平均仍恰好为 1：典型网络向下漂移，平均值却不变。",
        ),
    ),
}
