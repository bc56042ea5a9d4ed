"""The page `govsim validate` writes: one section per claim, in the report's style, in
English or Chinese."""

from __future__ import annotations

import html

from sim.app.condition_words import condition_words
from sim.app.i18n import t
from sim.app.report import CSS


def _t(key: str, lang: str, **values) -> str:
    return t("val_" + key.replace(" ", "_"), lang, **values)


def where(condition, lang: str) -> str:
    """Where a test ran, in `lang` (scenario names stay as they are: they are names)."""
    c = condition
    base = t("val_reference", lang) if c.base == "reference" else c.base
    text = t("val_condition", lang, base=base, n=f"{c.n_households:,}", steps=c.steps)
    return text if c.world is None else t("val_in_world", lang, where=text, k=c.world)


def _condition_html(text: str, claim, lang: str) -> str:
    """A condition in words, then as written (what the claims file says, for researchers)."""
    words = html.escape(condition_words(text, claim.arms, lang))
    return f"{words} (<code>{html.escape(text)}</code>)"


def _scope_html(claim, lang: str) -> str:
    """Where the claim must hold: every named scenario, its reference comparison, or those
    within a condition on their parameters."""
    if claim.scope in ("all", "reference"):
        scope = html.escape(_t(f"scope_{claim.scope}", lang))
    else:
        scope = _condition_html(claim.scope, claim, lang)
    return f"<p>{_t('scope', lang)}: {scope}</p>"


def validation_page(results, settings, lang: str, command: str, worlds_note: str = "") -> str:
    from sim.experiments.validation import box_sentences

    parts = [f"<h1>{_t('title', lang)}</h1>", f"<p>{html.escape(_t('intro', lang))}</p>"]
    if worlds_note:
        parts.append(f"<p>{html.escape(worlds_note)}</p>")
    if any(r.claim.limits() for r in results):
        parts.append(f"<p>{html.escape(_t('where_note', lang))}</p>")
    for r in results:
        status = _t("passes", lang) if r.passes else _t("short", lang)
        parts.append(f"<h2>{html.escape(r.claim.title(lang))} — {status}</h2>")
        parts.append(f"<p>{html.escape(r.claim.statement(lang))}</p>")
        parts.append(_scope_html(r.claim, lang))
        if limits := r.claim.limits():
            items = "".join(
                f"<li>{_t(f'applies_{kind}', lang, test=f'<code>{html.escape(x.name)}</code>',
                          **{kind: _condition_html(text, r.claim, lang)})}</li>"
                for x, kind, text in limits
            )  # fmt: skip
            parts.append(f"<ul>{items}</ul>")
        if r.holds_in_world.size:
            share, low, high = r.world_share
            n = r.holds_in_world.size
            shares = {"share": f"{share:.0%}", "low": f"{low:.0%}", "high": f"{high:.0%}"}
            seeds = r.world_seeds_text
            parts.append(f"<p>{_t('worlds', lang, n=n, seeds=seeds, **shares)}</p>")
            outcomes = r.world_outcomes
            reversed_, none = outcomes.count("reversed"), outcomes.count("no effect")
            parts.append(f"<p>{_t('world_outcomes', lang, reversed=reversed_, n=n, none=none)}</p>")
            if r.worlds_not_applicable:
                k = r.worlds_not_applicable
                parts.append(f"<p>{_t('worlds_not_applicable', lang, k=k, n=n)}</p>")
            sentences = box_sentences(r, lang)
            if sentences:
                items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
                parts.append(f"<h3>{_t('regions', lang)}</h3><ul>{items}</ul>")
        head = "".join(
            f"<th>{_t(k, lang)}</th>" for k in ("test", "where", "effect", "interval", "verdict")
        )
        rows = "".join(
            "<tr>"
            f"<td>{html.escape(v.test)}</td><td>{html.escape(where(v.condition, lang))}</td>"
            f"<td class='num'>{v.effect:+.4f}</td>"
            f"<td class='num'>{v.low:+.4f} … {v.high:+.4f}</td>"
            f"<td>{_t(v.verdict, lang)}</td></tr>"
            for v in r.verdicts
        )
        parts.append(
            f'<div class="govsim-table-wrap"><table class="govsim-table"><thead><tr>{head}'
            f"</tr></thead><tbody>{rows}</tbody></table></div>"
        )
    parts.append(f"<p class='basis'>{_t('command', lang)}: <code>{html.escape(command)}</code></p>")
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><meta name="generator" content="govsim">'
        f"<title>{_t('title', lang)}</title><style>{CSS}</style></head><body>\n{body}\n"
        "</body></html>\n"
    )
