"""A course's gate: PyTorch, except the students' own Dropout, SGD and Adam.

The students' pieces live in neighbour modules, imported as plain user code. Run from this
folder, against an installed dlspec:

    python -m dlspec --impl-module course_impl.py:IMPLEMENTATION --impl student \\
        --claim R1 --claim R2 --claim R3 --spec-strict
"""

from student_layers import Dropout
from student_optim import SGD, Adam

from dlspec.harness.contract import Implementation

IMPLEMENTATION = Implementation.based_on(
    "torch",
    name="student",
    replace={"nn.Dropout": Dropout, "optim.SGD": SGD, "optim.Adam": Adam},
)
