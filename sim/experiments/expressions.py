"""Small, safe expressions of claims: effects (ARM.METRIC terms with + - * /), scopes
(comparisons of parameters joined by and/or) and where a test applies (comparisons of
effects joined by and/or). Parsed with `ast`; nothing is executed."""

from __future__ import annotations

import ast
import operator
import re

import numpy as np

from sim.errors import GovsimError
from sim.parameters import PARAMETERS
from sim.parameters.validation import unknown_name_message

WINDOWS = ("final", "first_quarter")


class ExpressionError(GovsimError):
    """An effect or scope that is not of the allowed form."""


_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_COMPARE = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}


def terms(node) -> list[tuple[str, str, str]]:
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return terms(node.left) + terms(node.right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return terms(node.operand)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return []
    parts = _dotted(node)
    if parts and len(parts) in (2, 3):
        window = parts[2] if len(parts) == 3 else "final"
        if window not in WINDOWS:
            raise ExpressionError(f"unknown window {window!r}; use one of {', '.join(WINDOWS)}")
        return [(parts[0], parts[1], window)]
    raise ExpressionError(f"only ARM.METRIC, numbers, + - * / and brackets: {ast.unparse(node)!r}")


def _dotted(node) -> list[str] | None:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return inner + [node.attr] if inner else None
    return None


def evaluate_effect(expression: str, values: dict[tuple[str, str, str], np.ndarray]) -> np.ndarray:
    """The effect per seed, from per-seed values of each (arm, metric, window)."""
    return _effect(ast.parse(expression, mode="eval").body, values)


def _effect(node, values) -> np.ndarray:
    def walk(node):
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp):
            return -walk(node.operand)
        if isinstance(node, ast.Constant):
            return float(node.value)
        parts = _dotted(node)
        return values[(parts[0], parts[1], parts[2] if len(parts) == 3 else "final")]

    return np.asarray(walk(node), dtype=float)


def parse_condition(text: str):
    """The parsed body of a condition, its spaces and line breaks made single spaces."""
    return ast.parse(re.sub(r"\s+", " ", text.strip()), mode="eval").body


def evaluate_condition(text: str, params) -> bool:
    """A scope condition: comparisons of parameters (and arithmetic) joined by and/or."""

    def walk(node):
        if isinstance(node, ast.BoolOp):
            values = [walk(v) for v in node.values]
            return all(values) if isinstance(node.op, ast.And) else any(values)
        if isinstance(node, ast.Compare):
            left = walk(node.left)
            for op, right_node in zip(node.ops, node.comparators, strict=True):
                right = walk(right_node)
                if type(op) not in _COMPARE or not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in PARAMETERS:
                raise ExpressionError(unknown_name_message(node.id, PARAMETERS))
            return params[node.id]
        raise ExpressionError(f"not allowed in a scope: {ast.unparse(node)!r}")

    try:
        return walk(parse_condition(text))
    except ArithmeticError as exc:  # a division by a parameter that is 0 somewhere
        raise ExpressionError(f"cannot be computed: {exc}") from None


def outcome_condition_terms(text: str) -> list[tuple[str, str, str]]:
    """(arm, metric, window) of a test's `where`: comparisons of effects joined by and/or
    ("h800.worker_utilization >= 0.85")."""

    def walk(node) -> list:
        if isinstance(node, ast.BoolOp):
            return [t for v in node.values for t in walk(v)]
        if isinstance(node, ast.Compare):
            if not all(type(op) in _COMPARE for op in node.ops):
                raise ExpressionError(f"not a comparison: {ast.unparse(node)!r}")
            return [t for side in (node.left, *node.comparators) for t in terms(side)]
        raise ExpressionError(
            f"'where' compares effects, joined by and/or: {ast.unparse(node)!r} is not a comparison"
        )

    return walk(parse_condition(text))


def evaluate_outcome_condition(text: str, values: dict) -> bool:
    """Whether a test applies at one condition: each side's mean over the paired seeds."""

    def walk(node) -> bool:
        if isinstance(node, ast.BoolOp):
            results = [walk(v) for v in node.values]
            return all(results) if isinstance(node.op, ast.And) else any(results)
        sides = [node.left, *node.comparators]
        means = [float(np.nanmean(_effect(side, values))) for side in sides]
        return all(
            _COMPARE[type(op)](a, b) for op, a, b in zip(node.ops, means, means[1:], strict=False)
        )

    return walk(parse_condition(text))
