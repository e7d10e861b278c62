"""The report's words in each language: interface strings, verdicts, and for Chinese the
claims' titles and statements (translated from the registry's English, not quoted from the
knowledge base). Precise statements are given in English in every language."""

from __future__ import annotations

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
        "name": "quantity",
        "tests": "Tests",
        "figures": "Figures",
        "no_evidence": "No evidence was recorded in this run.",
        "no_tests": "No test of this claim ran.",
        "more": "more records in the JSON report (--spec-json)",
        "claims": "claims",
    },
    "zh": {
        "title": "dlspec：知识库论断的可执行检验",
        "environment": "运行环境",
        "summary": "概要",
        "failing": "未通过的论断",
        "untested": "未检验的论断",
        "statement": "知识库的说法",
        "precise": "规约实际检验的精确表述（英文）",
        "evidence": "证据",
        "measured": "实测值",
        "predicted": "预测值",
        "tolerance": "容差",
        "name": "量",
        "tests": "测试",
        "figures": "图",
        "no_evidence": "本次运行没有记录证据。",
        "no_tests": "本次运行没有检验此论断的测试。",
        "more": "其余记录见 JSON 报告（--spec-json）",
        "claims": "条论断",
    },
}

VERDICTS = {
    "en": {"holds": "holds", "refined": "refined", "refuted": "refuted", None: "undecided"},
    "zh": {"holds": "成立", "refined": "需修正", "refuted": "不成立", None: "未判定"},
}

STATUSES = {
    "en": {"passed": "passed", "failed": "failed", "untested": "untested"},
    "zh": {"passed": "通过", "failed": "失败", "untested": "未检验"},
}

MODULES = {
    "T": "张量与工程规则",
    "A": "结构与非线性",
    "R": "对抗过拟合的正则化",
    "I": "数值稳定与初始化",
}

# claim ID -> (title, statement), each rendered from the English registry in our own words
CLAIMS_ZH: dict[str, tuple[str, str]] = {
    "T1": (
        "nn.Linear 需要二维 [batch, features] 输入",
        "nn.Linear 只接受形如 [样本数, 特征数] 的二维表；若一个特征的 N 个样本存成形状为 [20] "
        "的一维数组，必须先用 unsqueeze(1) 变成 [20, 1]。",
    ),
    "T2": (
        "nn.Linear(1, 100) 看的是特征数而不是维数",
        "对 nn.Linear(1, 100) 而言，要紧的是列数（一个特征），与数据有几个维度无关。",
    ),
    "T3": (
        "tensor.cpu().detach().numpy() 是交给 NumPy 的安全做法",
        ".cpu() 把数据从显存搬到内存，.detach() 脱离计算图从而避免报错，.numpy() 完成转换；三步连用"
        "即可把张量安全地交给 NumPy 或 Matplotlib。",
    ),
    "A1": (
        "隐藏层 = 线性映射 + 非线性",
        "标准的隐藏层先做线性映射（nn.Linear），再接非线性激活（nn.ReLU）。",
    ),
    "A2": (
        "没有激活函数的线性层会合并成一层",
        "不加激活时，多层线性层在数学上等价于一层：无论多深都只能表示直线或平面，拟合不了非线性目标。",
    ),
    "A3": (
        "Sigmoid：值域 (0, 1)，斜率不超过 1/4，不以零为中心",
        "Sigmoid 1/(1+e^-x) 的输出落在 (0, 1)；导数最大为 0.25，深层堆叠时梯度逐层变小；输出平均为正，"
        "会让下一层产生偏移；如今主要用作二分类的输出层。",
    ),
    "A4": (
        "Tanh：值域 (-1, 1)，以零为中心，但仍会饱和",
        "Tanh 的输出落在 (-1, 1) 且以零为中心；配合 Xavier 初始化让浅层网络可以训练，但输入绝对值大时"
        "梯度依旧消失。",
    ),
    "A5": (
        "ReLU：正区间斜率为 1；死亡单元不再更新",
        "ReLU max(0, x) 在正输入处导数恰为 1，不会把梯度越乘越小，而且计算便宜；但落入负区间的单元"
        "梯度永远为 0，从此不再被更新。",
    ),
    "A6": (
        "Leaky ReLU 保留小的负斜率；PReLU 学习这个斜率",
        "Leaky ReLU 即 max(ax, x)，a 通常取 0.01，对负输入保留一点斜率，从而避免死亡单元；PReLU 把 a "
        "变成可学习的参数。",
    ),
    "A7": (
        "预激活起初接近 0，所以只有 0 附近的 f 重要",
        "由于初始权重接近 0，训练初期激活函数的输入极其接近 0，因此激活函数在 0 附近的表现决定训练能否"
        "启动；那里希望 f(x) 接近 x，这样 Xavier 的方差平衡才成立。",
    ),
    "A8": (
        "Sigmoid 的级数：常数 1/2，斜率 1/4",
        "sigmoid(x) = 1/2 + x/4 - x^3/48 + ...：常数 1/2 说明它不以零为中心（下一层会收到 0.5 的偏移），"
        "斜率 1/4 让 0 附近的小信号缩小 4 倍、方差缩小 16 倍，加速梯度消失。",
    ),
    "A9": (
        "tanh(x) = x - x^3/3 + ...：Xavier 配 tanh 为何能保持方差",
        "tanh(x) = x - x^3/3 + ... 没有常数项且一次项系数恰为 1，因此 0 附近 tanh(x) 约等于 x；据说这"
        "就是 Xavier 初始化配 tanh 能把方差保持得如此恒定的原因。",
    ),
    "A10": (
        "4 sigmoid(x) - 2 一阶上等于 x",
        "g(x) = 4 sigmoid(x) - 2 展开为 g(x) = x + ...：减 2 去掉偏移，乘 4 把斜率从 1/4 提到 1。",
    ),
    "A11": (
        "网络可以由 Python 列表组装",
        "可以在运行时把层放进 Python 列表，再解包成 nn.Sequential(*layers)，只在开关打开时追加 "
        "nn.Dropout(0.2)。",
    ),
    "R1": (
        "Dropout 以概率 p 把单元置零",
        "过拟合是过于复杂的模型记住了数据里的噪声；dropout 在训练时以概率 p 把每个单元置零，迫使模型"
        "学习全局特征。nn.Dropout(p) 通常放在激活函数之后。",
    ),
    "R2": (
        "train() 开启 dropout，eval() 关闭 dropout",
        "模式切换很关键：net.train() 打开随机丢弃，net.eval() 关闭它，让所有单元都参与预测。",
    ),
    "R3": (
        "权重衰减是在优化器里设置的 L2 惩罚",
        "权重衰减在损失中加入 L2 项，优化器因此不断压缩权重；权重越小，拟合曲线越平滑，越不受噪声左右。"
        "它在优化器里设置，例如 torch.optim.Adam(..., weight_decay=0.01)，不必改动模型。",
    ),
    "R4": (
        "Dropout 与权重衰减各自减轻过拟合",
        "在知识库的实验里（少量带噪的一维点，用 nn.Linear(1, 100)、nn.ReLU() 等拟合），与不加正则的同一"
        "模型相比，dropout 和权重衰减都能减轻过拟合。",
    ),
    "R5": (
        "torch.manual_seed(42) 让比较成为严格的对照实验",
        "用 torch.manual_seed(42) 固定随机种子，就能保证两种方案的比较是严格控制变量的实验。",
    ),
    "I1": (
        "初始化让每一层的方差保持不变",
        "初始化的目标是让信号的方差在每一层都相同，前向传播和反向传播都如此。",
    ),
    "I2": (
        "Xavier：Var(w) = 2/(n_in + n_out)",
        "对无激活或 tanh/sigmoid 激活，Xavier（Glorot）初始化取输入与输出单元数的调和平均作为权重方差，"
        "Var(w) = 2/(n_in + n_out)，以兼顾前向和反向传播。",
    ),
    "I3": (
        "ReLU 把方差减半；ReLU 之下 Xavier 崩溃",
        "ReLU 把所有负值置零，因此方差减半；配合 ReLU 时，Xavier 初始化会让方差迅速趋向零。",
    ),
    "I4": (
        "He：Var(w) = 2/n_in",
        "He（Kaiming）初始化用因子 2 来补偿：Var(w) = 2/n_in"
        "（nn.init.kaiming_normal_(w, nonlinearity='relu')）。",
    ),
    "I5": (
        "He 初始化下经过 30 层 ReLU 方差仍会下降（到约 0.39）",
        "即使用 He 初始化，经过 30 层 ReLU 后方差仍略有下降（例如降到 0.39），原因是截断破坏了高斯形状、"
        "有限宽度带来抽样误差，所以 ReLU 去掉的并非恰好一半方差。",
    ),
    "I6": (
        "BatchNorm 与 LayerNorm 终结数值不稳定",
        "BatchNorm 和 LayerNorm 在运行中重新居中并缩放激活值，从而彻底解决数值不稳定。",
    ),
}
