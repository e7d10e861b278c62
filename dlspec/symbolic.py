"""The activations as sympy expressions: exact derivatives, extrema and Maclaurin series
(claims A3, A4, A8, A9, A10)."""

from __future__ import annotations

import sympy as sp

x = sp.Symbol("x", real=True)
slope = sp.Symbol("alpha", real=True)

SIGMOID = 1 / (1 + sp.exp(-x))
TANH = sp.tanh(x)
SCALED_SIGMOID = 4 * SIGMOID - 2
RELU = sp.Piecewise((x, x > 0), (0, True))
LEAKY_RELU = sp.Piecewise((x, x > 0), (slope * x, True))

SMOOTH = {"sigmoid": SIGMOID, "tanh": TANH, "scaled_sigmoid": SCALED_SIGMOID}


def _in_x(expr: sp.Expr) -> sp.Expr:
    """``expr``, refused if it is written in another symbol named x: ``sympy.Symbol("x")``
    is not this module's real ``x``, and every helper here would treat it as a constant,
    giving a derivative of 0 and a series of the expression itself, silently."""
    others = sorted(str(s) for s in expr.free_symbols if s.name == "x" and s != x)
    if others:
        raise ValueError(
            f"{expr} is written in a symbol x other than dlspec.symbolic.x (a real symbol); "
            "build it from dlspec.symbolic.x"
        )
    return expr


def derivative(expr: sp.Expr, order: int = 1) -> sp.Expr:
    """The ``order``-th derivative with respect to x."""
    return sp.diff(_in_x(expr), x, order)


def identical(a: sp.Expr, b: sp.Expr) -> bool:
    """Whether a - b simplifies to 0 once hyperbolic functions are written with exp."""
    return bool(sp.simplify((a - b).rewrite(sp.exp)) == 0)


def maclaurin(expr: sp.Expr, order: int) -> sp.Expr:
    """The Taylor polynomial of ``expr`` at x = 0 up to and including x**order."""
    return sp.series(_in_x(expr), x, 0, order + 1).removeO()


def coefficients(expr: sp.Expr, order: int) -> list[sp.Rational]:
    """Maclaurin coefficients [c_0, c_1, ..., c_order] (exact rationals for our functions)."""
    poly = sp.Poly(maclaurin(expr, order), x)
    return [sp.nsimplify(poly.coeff_monomial(x**k)) for k in range(order + 1)]


def next_term(expr: sp.Expr, order: int) -> sp.Expr:
    """The first non-zero term of the series beyond x**order (bounds the truncation error
    of an alternating series with decreasing terms)."""
    _in_x(expr)
    for k in range(order + 1, order + 20):
        c = sp.diff(expr, x, k).subs(x, 0) / sp.factorial(k)
        if c != 0:
            return sp.nsimplify(c) * x**k
    raise ValueError(f"no non-zero term of {expr} within 20 orders beyond {order}")
