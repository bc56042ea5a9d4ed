"""Coefficients of activities (MODEL.md 3.5): places, attendance, awareness, novelty."""

from __future__ import annotations

from functools import partial

from sim.model.coefficient_groups.base import (
    LOGIT,
    LOGIT_WEIGHT,
    PER_WEEK,
    SHARE_PER_WEEK,
    Kind,
    entry,
)

_a = partial(entry, "activities")
_PLACES = Kind("places per event (standard community)", 0.0, 10_000.0)
_ATTEND = "a term of the attendance logit; with the others it sets who attends and how often"
_AWARE = "one channel of hearing of the week's events"

ENTRIES = (
    _a(
        "places_min",
        _PLACES,
        "Places per event at facility level 0",
        "设施水平为零时每场活动的名额",
        "a room in the residents' committee",
    ),
    _a(
        "places_gain",
        _PLACES,
        "Places added at full facility level",
        "设施水平最高时增加的名额",
        "a community centre with a hall and a square",
    ),
    _a(
        "attend_intercept",
        LOGIT,
        "Attendance: intercept",
        "活动参与:截距",
        _ATTEND,
    ),
    _a(
        "attend_match",
        LOGIT_WEIGHT,
        "Attendance: match to one's tastes",
        "活动参与:与个人偏好的匹配",
        _ATTEND,
    ),
    _a(
        "attend_neighbours",
        LOGIT_WEIGHT,
        "Attendance: neighbours who went recently",
        "活动参与:近期参加过的邻居",
        _ATTEND,
    ),
    _a(
        "attend_trust",
        LOGIT_WEIGHT,
        "Attendance: trust",
        "活动参与:信任",
        _ATTEND,
    ),
    _a(
        "attend_habit",
        LOGIT_WEIGHT,
        "Attendance: habit",
        "活动参与:习惯",
        _ATTEND,
    ),
    _a(
        "attend_frequency",
        LOGIT_WEIGHT,
        "Attendance: events of one's preferred type (log)",
        "活动参与:偏好类型的活动场次(对数)",
        _ATTEND,
    ),
    _a(
        "attend_cost_by_age",
        Kind("logit", 0.0, 20.0),
        "Attendance: cost of time, by age group (youth, middle age, elderly)",
        "活动参与:时间成本(青年、中年、老年)",
        "working residents have less time; retired ones the most",
    ),
    _a(
        "attend_facility",
        LOGIT_WEIGHT,
        "Attendance: facility quality",
        "活动参与:设施质量",
        "good venues draw people (paper 3.3: outdated facilities)",
    ),
    _a(
        "habit_gain",
        Kind("share per activity", 0.0, 1.0),
        "Habit built by attending",
        "参加活动养成的习惯",
        "regulars come back",
    ),
    _a(
        "habit_decay",
        SHARE_PER_WEEK,
        "Weekly decay of habit when not attending",
        "不参加活动时习惯每周的减弱",
        "without activities enthusiasm halves in about half a year",
    ),
    _a(
        "aware_board",
        PER_WEEK,
        "Awareness through noticeboards and word of mouth",
        "通过公告栏和口耳相传知晓活动的概率",
        _AWARE,
    ),
    _a(
        "aware_grid",
        PER_WEEK,
        "Awareness through the grid worker",
        "通过网格员知晓活动的概率",
        _AWARE + ", times the chance of reaching one's worker",
    ),
    _a(
        "aware_platform",
        PER_WEEK,
        "Awareness through platform notices",
        "通过平台通知知晓活动的概率",
        _AWARE + ", times platform reach and online ability",
    ),
    _a(
        "aware_neighbours",
        PER_WEEK,
        "Awareness through neighbours who went",
        "通过参加过的邻居知晓活动的概率",
        _AWARE + ", times the share of neighbours who went recently",
    ),
    _a(
        "aware_announced",
        PER_WEEK,
        "Awareness of targeted announcements",
        "定向通知知晓活动的概率",
        "events announced to those known to like their type rarely go unnoticed",
    ),
    _a(
        "targeting_resolution",
        Kind("share of tastes", 0.0, 0.2),
        "Resolution of targeting's reading of demand",
        "定向安排活动时辨别需求差异的精度",
        "planners cannot tell apart activity types whose known demand differs by less than "
        "a survey's resolution (one percentage point); they choose among such types at random",
    ),
    _a(
        "novelty_loss",
        Kind("share per activity", 0.0, 1.0),
        "Appeal worn by attending a type",
        "参加同类活动带来的新鲜感损耗",
        "the same activity every week grows stale (内容陈旧、缺乏新意, paper 3.3)",
    ),
    _a(
        "novelty_recovery",
        SHARE_PER_WEEK,
        "Weekly recovery of worn appeal",
        "新鲜感每周的恢复比例",
        "worn appeal half recovers in about seven weeks",
    ),
    _a(
        "recent_weeks",
        Kind("weeks", 1.0, 52.0),
        "Weeks that count as recent",
        "“近期”所含的周数",
        "what 'took part in the last 4 weeks' means in the metrics and in neighbours' influence",
        definition=True,
    ),
    _a(
        "neighbour_influence",
        Kind("multiplier", 0.0, 2.0),
        "Strength of neighbour influence",
        "邻里影响强度",
        "multiplies every neighbour term (0 switches social influence off); above 2 some "
        "chances would pass 1",
    ),
)
