"""The report's words in each language: interface strings, verdicts, and for Chinese the
claims' titles, statements and precise statements (translated from the registry's English,
not quoted from the knowledge base)."""

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
        "role": "role",
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
        "claims": "条论断",
    },
}

VERDICTS = {
    "en": {"holds": "holds", "refined": "refined", "refuted": "refuted", None: "undecided"},
    "zh": {"holds": "成立", "refined": "需修正", "refuted": "不成立", None: "未判定"},
}

# what a record's prediction is (dlspec.harness.ledger.ROLES)
ROLES = {
    "en": {"precise": "asserted", "claim": "claim's wording", "informative": "informative"},
    "zh": {"precise": "已断言", "claim": "知识库原话", "informative": "仅供参考"},
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

# claim ID -> the precise statement the spec checks, for the claims that are not "holds"
PRECISE_ZH: dict[str, str] = {
    "T1": "nn.Linear(in, out) 接受任意形状为 (*, in) 的张量（前面可以有零个或多个批维度），输出 (*, out)；"
    "只检查最后一维。形状为 [20] 的张量会被 Linear(1, out) 拒绝，却会被 Linear(20, out) 悄悄当成一个含 20 "
    "个特征的样本。要把一个特征的 N 个样本变成 [N, 1] 表，用 unsqueeze(1)（或 reshape(-1, 1)）；"
    "unsqueeze(0) 得到的是 [1, N]，即一个含 N 个特征的样本。",
    "T3": "对 CUDA 张量调用 .numpy() 会抛 TypeError（.cpu() 可解决），对需要梯度的张量会抛 RuntimeError"
    "（.detach() 可解决）。但在 CPU 上 .cpu() 返回的是同一个张量，得到的数组与它共享内存：改数组就改了张量"
    "（包括模型参数），张量之后的原地更新也会出现在数组里。只有从 CUDA 出发才会得到副本。NumPy 没有的 dtype"
    "（bfloat16）仍然失败。要独立的数组必须显式复制。",
    "A3": "精确算术下 sigmoid 把实数轴映到 (0, 1)，导数 s(1-s) 在 x = 0 处恰好取最大值 1/4，且 "
    "sigmoid(x) + sigmoid(-x) = 1，所以对称、零均值的输入给出的平均输出恰为 1/2。浮点下值域是闭的：float32 "
    "在 x 约 17 以上恰好返回 1.0（很负时返回 0.0）；此时 PyTorch 由舍入后的输出算 s(1-s)，梯度恰为 0，"
    "真实梯度小于 e^-x。深度为 L 的堆叠中，输入梯度不超过 4^-L 乘各层权重谱范数之积再乘输出梯度。",
    "A4": "精确算术下 tanh 把实数轴映到 (-1, 1)，是奇函数（对称输入的平均输出恰为 0），导数 1 - tanh^2 <= 1，"
    "仅在 0 处取等，并且 1 - tanh^2(x) <= 4 e^(-2|x|)。浮点下值域是闭的：float32 在 |x| 约 9 以上恰好返回 "
    "±1.0，此时梯度至多 4 e^(-2|x|)（PyTorch 中恰为 0）。",
    "A5": "ReLU 的导数在 x > 0 时恰为 1，在 x <= 0 时恰为 0（PyTorch 在 x = 0 取 0）。若某单元在所有训练输入上"
    "的预激活都 <= 0，它的入权重和偏置得到的损失梯度恰为零。是否“永不更新”取决于优化器：普通 SGD 逐位冻结它；"
    "带 weight_decay 的 SGD 每步把其权重乘以 (1 - lr*wd)（它仍然是死的）；带动量缓冲的优化器（SGD 动量、Adam）"
    "在它死后仍会继续移动它。",
    "A6": "PyTorch 的 LeakyReLU 对 x > 0 取 x，否则取 a*x，a 可为任意值；只有 0 <= a <= 1 时它才等于 "
    "max(a*x, x)（a = 2 是反例）。输入全为负的单元仍得到线性单元 a 倍的梯度，所以 a != 0 时不会死亡。PReLU "
    "的 a 可学习（梯度为 min(x, 0) 与上游梯度乘积之和），但 nn.PReLU 的初值是 0.25 而非 0.01，默认所有通道共用。",
    "A7": "Xavier 初始化下每个权重很小（方差 2/(n_in + n_out)），但一个预激活是 n_in 个权重项之和：给定输入 x，"
    "预激活相互独立、服从 N(0, 2 n_in/(n_in + n_out) * mean(x^2))，无论宽度多大都与输入同一量级。PyTorch "
    "默认的 nn.Linear 初始化（在 ±1/sqrt(n_in) 上均匀）给出 E[h^2 | x] = mean(x^2)/3 + 1/(3 n_in)，也是这个"
    "量级。对单位尺度的输入，约三分之一的 Xavier 预激活落在 |h| = 1 之外，那里一次 Taylor 多项式已不准确。",
    "A9": "级数 tanh(x) = x - x^3/3 + 2x^5/15 - ... 是对的，但方差并不保持：因为对每个 x != 0 都有 "
    "tanh(x)^2 < x^2，每个 Xavier tanh 层的期望二阶矩等于 sigma_w^2 乘上一层 tanh^2 的均值，严格小于上一层的"
    "二阶矩。宽度无穷大时 q <- E[tanh(sqrt(q) z)^2] 约为 q - 2q^2，所以二阶矩随深度 l 像 1/(2l) 那样衰减。",
    "R1": "训练模式下 nn.Dropout(p) 独立地以概率 p 把输入的每个元素置零，每次调用都抽新的掩码（所以同一单元"
    "对批中的某些样本被丢弃、对另一些保留），并把保留的元素乘以 1/(1 - p)：知识库没有提到这个缩放，正是它让"
    "期望输出等于输入。p = 0 是恒等映射，p = 1 输出全零。实验中不加正则的网络的训练误差远低于噪声方差：它"
    "拟合了噪声。",
    "R3": "优化器的 weight_decay = lam 给它更新的每个参数（包括偏置）的梯度加上 lam * p：这是 L2 项 "
    "lam/2 * ||p||^2（lam 的一半）的梯度，对 SGD 和 Adam 两者逐步一致。对 SGD 以及 AdamW 的解耦衰减，数据"
    "梯度为零的参数每步恰好缩小为 (1 - lr * lam) 倍。对 Adam，L2 梯度要除以 Adam 的梯度尺度，所以这样的参数"
    "每步移动约 lr，与 lam 无关：收缩既不与 lam 成正比，也不与权重成正比。AdamW 不等价于任何 L2 项。实验中 "
    "Adam 配 weight_decay = 0.01 得到更小的权重和更平滑的拟合曲线。",
    "R4": "在带噪数据上（y = x^2 的 12 个点，噪声标准差 0.5，一个 100 个 ReLU 的隐藏层，Adam 学习率 0.04，"
    "500 步全批训练），与同一个不加正则的模型相比，Dropout(0.2) 和 weight_decay = 0.01 各自在数据集平均意义"
    "上降低了与无噪曲线的误差（对数误差比的单侧配对 t 检验，67 个数据集，显著性 1e-3），但不一定每个数据集都"
    "降低。这不是正则项本身的性质：同样的点若噪声标准差为 0.05，同样的权重衰减以及 Dropout(0.5) 反而提高了"
    "留出误差。",
    "R5": "torch.manual_seed(42) 只重置 PyTorch 的全局生成器（CPU 和每个 CUDA 设备），不动 NumPy 和 Python "
    "的 random。于是同一程序在 CPU 上重跑得到逐位相同的结果；在 CUDA 上 PyTorch 只在 "
    "torch.use_deterministic_algorithms(True) 下承诺这一点（旧版本还需要 CUBLAS_WORKSPACE_CONFIG=:4096:8）。"
    "它并不能让两个方案成为对照比较：只播种一次时，第二个方案从随机流的更后位置开始（初始权重不同）；每个"
    "方案各自重新播种时，只要两者消耗的随机数不同（例如 Dropout 的掩码），之后抽取的一切都会改变。只有给每个"
    "随机来源（数据、初始化、掩码）各自的生成器（如 dlspec.experiments），两个方案才只在被检验的变量上不同。",
    "I1": "初始化可以让前向的预激活期望二阶矩在每层相同（方差按 fan-in 缩放），或让反向的梯度期望二阶矩相同"
    "（按 fan-out 缩放），两者同时成立仅当 fan-in 等于 fan-out；Xavier 的 2/(n_in + n_out) 是折中。保持的是二阶"
    "矩 E[h^2] 而非激活的方差，而且只是在随机网络上平均而言：在单个有限宽度网络中它会漂移（见 I5）。",
    "I2": "nn.init.xavier_normal_ 抽取 N(0, gain^2 * 2/(fan_in + fan_out))（默认 gain 为 1），xavier_uniform_ "
    "抽取 U(-a, a)，a = gain * sqrt(6/(fan_in + fan_out))，适用于线性与卷积权重（fan 含卷积核大小）。"
    "2/(n_in + n_out) 是 1/n_in 与 1/n_out（分别保持前向和反向的方差）的调和平均，而不是 n_in 与 n_out 的调和"
    "平均。除非 n_in = n_out，它两个方向都不能精确保持：线性层把前向二阶矩乘以 2 n_in/(n_in + n_out)，反向乘以 "
    "2 n_out/(n_in + n_out)。对 tanh，PyTorch 推荐的 gain 是 5/3，而且在 tanh 下二阶矩仍随深度衰减（A9）。",
    "I3": "对零均值的对称输入 h，ReLU 恰好把二阶矩减半，E[relu(h)^2] = E[h^2]/2，与分布形状无关；它并不把方差"
    "减半：对高斯 h，Var(relu(h)) = (1/2 - 1/(2 pi)) E[h^2]，约 0.34，均值变为 sqrt(E[h^2]/(2 pi))。下一层预"
    "激活的方差只取决于二阶矩（权重均值为 0），所以方形层配 Xavier 权重时每层恰好乘以 1/2（一般为 "
    "n_in/(n_in + n_out)）：几何式崩溃，L 层后为 2^-L。",
    "I5": "He 初始化（权重 N(0, 2/n)，无偏置）下，ReLU 在每一层平均恰好去掉一半二阶矩，任何宽度、任何输入形状"
    "皆然：给定上一层，预激活严格服从高斯分布，一个输入的激活均方每层乘以一个独立因子 Y = (2/n) chi^2_K，"
    "K ~ Binomial(n, 1/2)，E[Y] = 1。所以网络上的平均值并不下降。下降的是典型网络：L 层后 log R_L 的均值为 "
    "L E[log Y]（约 -5L/(2n)），方差约 5L/n，因此中位数像 exp(-5L/(2n)) 那样下降，而平均值保持为 1"
    "（theory.he_relu_drift；在宽度 32 和 128、深度 30 上检验）。知识库的 0.39 是宽度 100、30 层 ReLU 后、"
    "标准正态输入下典型网络激活的方差：宽度无穷大时这个量为 1 - 1/pi = 0.68（ReLU 输出的方差只有其输入二阶矩"
    "的 1/2 - 1/(2 pi)），有限宽度的漂移把中位网络带到约 0.37。",
    "I6": "训练时 BatchNorm1d 在批（及长度）轴上标准化每个特征：均值 0，有偏方差 var/(var + eps)，再缩放和平移；"
    "其滑动统计量按 momentum 向批均值和无偏方差移动，eval 模式下使用这些统计量，是一个固定的仿射映射（初始化"
    "时为恒等）。LayerNorm 在每个样本的末尾维度上标准化，两种模式相同。这解决了前向统计量，却没有解决反向传播："
    "在每个 Linear 后接 BatchNorm 的深层 He 初始化 ReLU 网络中，初始化时梯度的二阶矩朝输入方向几何增长"
    "（实测每层约 1.4 倍，30 层约 10^4 倍）。",
}
