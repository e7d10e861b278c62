"""The papers the claims' mechanisms come from, cited in the report where they are used
(``Claim.references`` names them by key)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    authors: str
    year: int
    title: str
    venue: str
    url: str

    def cite(self) -> str:
        """Authors (year), the short form the report writes in its prose."""
        return f"{self.authors} ({self.year})"


REFERENCES: dict[str, Reference] = {
    "glorot2010": Reference(
        "Glorot & Bengio",
        2010,
        "Understanding the difficulty of training deep feedforward neural networks",
        "AISTATS",
        "https://proceedings.mlr.press/v9/glorot10a.html",
    ),
    "he2015": Reference(
        "He, Zhang, Ren & Sun",
        2015,
        "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet "
        "Classification",
        "ICCV",
        "https://arxiv.org/abs/1502.01852",
    ),
    "srivastava2014": Reference(
        "Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov",
        2014,
        "Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
        "JMLR 15",
        "https://jmlr.org/papers/v15/srivastava14a.html",
    ),
    "loshchilov2019": Reference(
        "Loshchilov & Hutter",
        2019,
        "Decoupled Weight Decay Regularization",
        "ICLR",
        "https://arxiv.org/abs/1711.05101",
    ),
    "kingma2015": Reference(
        "Kingma & Ba",
        2015,
        "Adam: A Method for Stochastic Optimization",
        "ICLR",
        "https://arxiv.org/abs/1412.6980",
    ),
    "ioffe2015": Reference(
        "Ioffe & Szegedy",
        2015,
        "Batch Normalization: Accelerating Deep Network Training by Reducing Internal "
        "Covariate Shift",
        "ICML",
        "https://arxiv.org/abs/1502.03167",
    ),
    "ba2016": Reference(
        "Ba, Kiros & Hinton",
        2016,
        "Layer Normalization",
        "arXiv",
        "https://arxiv.org/abs/1607.06450",
    ),
    "yang2019": Reference(
        "Yang, Pennington, Rao, Sohl-Dickstein & Schoenholz",
        2019,
        "A Mean Field Theory of Batch Normalization",
        "ICLR",
        "https://arxiv.org/abs/1902.08129",
    ),
    "poole2016": Reference(
        "Poole, Lahiri, Raghu, Sohl-Dickstein & Ganguli",
        2016,
        "Exponential expressivity in deep neural networks through transient chaos",
        "NeurIPS",
        "https://arxiv.org/abs/1606.05340",
    ),
    "hanin2018": Reference(
        "Hanin & Rolnick",
        2018,
        "How to Start Training: The Effect of Initialization and Architecture",
        "NeurIPS",
        "https://arxiv.org/abs/1803.01719",
    ),
    "d2l": Reference(
        "Zhang, Lipton, Li & Smola",
        2023,
        "Dive into Deep Learning (动手学深度学习)",
        "Cambridge University Press",
        "https://d2l.ai",
    ),
}
