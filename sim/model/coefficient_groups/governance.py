"""Coefficients of governance participation and its consequences (MODEL.md 3.6)."""

from __future__ import annotations

from functools import partial

from sim.model.coefficient_groups.base import (
    HOURS,
    LOGIT,
    LOGIT_WEIGHT,
    PER_WEEK,
    QUALITY,
    SHARE,
    entry,
)

_g = partial(entry, "governance")
_TURNOUT = (
    "calibrated to the turnout gradient of Shanghai residents' committee elections "
    "(47.9% overall, 13.8% at 18–29, 77.7% at 70–79; docs/ODD.md 9)"
)
_ACT = "a term of the participation logit, offline and online alike"
_KNOW = "one way the community learns residents' tastes"

ENTRIES = (
    _g(
        "offline_intercept",
        LOGIT,
        "Offline governance: intercept",
        "线下共治:截距",
        _TURNOUT,
    ),
    _g(
        "offline_by_age",
        LOGIT,
        "Offline governance: age group terms (youth, middle age, elderly)",
        "线下共治:年龄组效应(青年、中年、老年)",
        _TURNOUT,
    ),
    _g(
        "offline_facility",
        LOGIT_WEIGHT,
        "Offline governance: shared spaces",
        "线下共治:公共议事空间",
        "shared spaces (议事大厅) make deliberation easier",
    ),
    _g(
        "online_intercept",
        LOGIT,
        "Online governance: intercept",
        "线上共治:截距",
        "online feedback by those who can use the platform; no turnout figure constrains it",
    ),
    _g(
        "gov_trust",
        LOGIT_WEIGHT,
        "Governance participation: trust",
        "共治参与:信任",
        _ACT,
    ),
    _g(
        "gov_efficacy",
        LOGIT_WEIGHT,
        "Governance participation: sense of efficacy",
        "共治参与:效能感",
        _ACT,
    ),
    _g(
        "gov_neighbours",
        LOGIT_WEIGHT,
        "Governance participation: neighbours who took part",
        "共治参与:参与过的邻居",
        _ACT,
    ),
    _g(
        "volunteer_share",
        SHARE,
        "Share of offline acts that are volunteering",
        "线下参与中志愿服务所占比例",
        "the rest is deliberation (议事)",
    ),
    _g(
        "volunteer_hours_per_act",
        HOURS,
        "Hours per act of volunteering",
        "每次志愿服务的时长",
        "a half-day of volunteering",
    ),
    _g(
        "volunteer_hours_per_case",
        HOURS,
        "Volunteer hours to settle a simple case",
        "志愿者办结一件简单诉求所需时长",
        "neighbourly help with a simple matter",
    ),
    _g(
        "volunteer_quality",
        QUALITY,
        "Quality of cases settled by volunteers",
        "志愿者办理诉求的质量",
        "well meant, less professional than a trained worker",
    ),
    _g(
        "volunteer_visit_share",
        SHARE,
        "Share of volunteer hours spent visiting elderly households",
        "志愿服务中走访老年人家庭的时间比例",
        "visiting older neighbours is a common volunteer task",
    ),
    _g(
        "volunteer_hours_per_visit",
        HOURS,
        "Hours per volunteer home visit",
        "每次志愿走访的时长",
        "a visit with a chat",
    ),
    _g(
        "know_platform",
        PER_WEEK,
        "Learning a resident's tastes from platform data",
        "通过平台数据了解居民偏好的概率",
        _KNOW + ", at full integration, platform reach and online ability",
    ),
    _g(
        "know_visit",
        PER_WEEK,
        "Learning a resident's tastes on the grid worker's visits",
        "通过网格员走访了解居民偏好的概率",
        _KNOW + ", times the worker's visit coverage",
    ),
    _g(
        "know_deliberation",
        PER_WEEK,
        "Learning a resident's tastes through deliberation",
        "通过议事了解居民偏好的概率",
        _KNOW + ", when the resident or all neighbours deliberate",
    ),
    _g(
        "know_forget",
        PER_WEEK,
        "Weekly chance known tastes go out of date",
        "已掌握的居民偏好每周过时的概率",
        "people move and tastes change: a known taste stays valid about two years",
    ),
)
