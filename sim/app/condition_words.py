"""A claim's conditions (its scope, a test's `where` and `scope`) in plain words, for the
validation page: "households per grid worker is at least 600" instead of
`households_per_worker >= 600`. Anything the words cannot say is shown as written."""

from __future__ import annotations

import ast

from sim.app.i18n import metric_label, mid_sentence, parameter_label, show_value, t
from sim.experiments.expressions import parse_condition

COMPARISONS = {ast.GtE: "ge", ast.Gt: "gt", ast.LtE: "le", ast.Lt: "lt", ast.Eq: "eq"}
ARITHMETIC = {ast.Mult: "×", ast.Div: "÷", ast.Add: "+", ast.Sub: "−"}


def condition_words(text: str, arms: dict, lang: str) -> str:
    """`text` (a condition of the claims file) in words; `arms` are the claim's arms, whose
    settings name the runs an outcome comes from."""
    try:
        return _words(parse_condition(text), arms, lang)
    except (SyntaxError, _Unsaid):
        return text


class _Unsaid(Exception):
    """A form of condition the words do not cover."""


def _words(node, arms, lang) -> str:
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return t("val_cond_and", lang).join(_words(v, arms, lang) for v in node.values)
    if isinstance(node, ast.Compare):
        left, parts = node.left, []
        for op, right in zip(node.ops, node.comparators, strict=True):
            if type(op) not in COMPARISONS:
                raise _Unsaid
            key = "val_cond_" + COMPARISONS[type(op)]
            parts.append(t(key, lang, a=_term(left, arms, lang), b=_term(right, arms, lang)))
            left = right
        return t("val_cond_and", lang).join(parts)
    raise _Unsaid


def _term(node, arms, lang) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return show_value(node.value, lang)
    if isinstance(node, ast.Name):
        return mid_sentence(parameter_label(node.id, lang), lang)
    if isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
        a, b = _term(node.left, arms, lang), _term(node.right, arms, lang)
        return f"{a} {ARITHMETIC[type(node.op)]} {b}"
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return _outcome(node.value.id, node.attr, arms, lang)
    raise _Unsaid


def _outcome(arm: str, metric: str, arms: dict, lang: str) -> str:
    """An arm's outcome: the metric, with the arm's settings ("needs met in time with
    households per grid worker 800")."""
    label = mid_sentence(metric_label(metric, lang), lang)
    settings = getattr(arms.get(arm), "set", None) or {}
    if not settings:  # the condition's own scenario
        return label
    said = [
        t(
            "val_cond_setting",
            lang,
            name=mid_sentence(parameter_label(k, lang), lang),
            value=show_value(v, lang),
        )
        for k, v in settings.items()
    ]
    return t("val_cond_outcome_with", lang, metric=label, settings=t("list_and", lang).join(said))
