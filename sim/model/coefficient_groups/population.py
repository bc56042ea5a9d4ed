"""Coefficients of the population (MODEL.md 5) and of needs (MODEL.md 3.1)."""

from __future__ import annotations

from functools import partial

from sim.model.coefficient_groups.base import (
    BETA,
    NEEDS,
    PROBABILITY,
    QUALITY,
    SHARE,
    Kind,
    entry,
)

_p = partial(entry, "population")
_n = partial(entry, "needs")

POPULATION = (
    _p(
        "occupancy",
        SHARE,
        "Share of grid cells holding a household",
        "有住户的格点比例",
        "how densely households have neighbours; it also sets the size of the grid",
        hard=(0.1, 1.0),
    ),
    _p(
        "household_adults",
        PROBABILITY,
        "Adults per household (1, 2, 3, 4)",
        "每户成年人数分布(1、2、3、4人)",
        "the factor scales the odds of 2–4 adults against 1 adult, then the shares are "
        "renormalized; the 2020 census counts 25.4% one-person households",
    ),
    _p(
        "youth_share_of_under60",
        SHARE,
        "Share aged 18–34 among adults under 60",
        "60岁以下成年人中18–34岁的比例",
        "The default 0.40 allows for cities being younger than the country",
        source="2020 census: about 0.38 of 18–59-year-olds nationally are 18–34 (5-year age "
        "groups); 0.35–0.45 covers cities with many young migrants",
        plausible=(0.35, 0.45),
    ),
    _p(
        "children_prob",
        PROBABILITY,
        "Households with children (with a working-age adult)",
        "有未成年子女的家庭比例(有劳动年龄成员的家庭)",
        "households with a working-age adult that have children under 18",
    ),
    _p(
        "literacy_beta",
        BETA,
        "Digital literacy by age group (Beta shapes)",
        "各年龄组数字素养分布(Beta分布参数)",
        "The factor scales both shapes: it changes the spread of literacy, not its mean",
        source="CNNIC 49th report (Dec 2021) with the tolerances of the calibration "
        "targets: a factor from 0.55 to 1.75 keeps the share with literacy ≥ 0.5 within "
        "0.43 ± 0.04 for 60+ and 0.80 ± 0.05 under 60",
        plausible=(0.55, 1.75),
    ),
    _p(
        "can_use_threshold",
        Kind("literacy 0–1", 0.0, 1.0),
        "Literacy at which a resident counts as able to use the platform",
        "视为能使用平台的数字素养门槛",
        "what 'can use the platform' means in the metrics by literacy (CNNIC's internet "
        "users), matched to the online-ability threshold at default procedures",
        definition=True,
    ),
    _p(
        "preference_alpha",
        Kind("Dirichlet concentration", 0.01, 100.0),
        "Activity preferences by age group (Dirichlet concentrations)",
        "各年龄组活动偏好(狄利克雷分布参数)",
        "tastes by age group over the eight activity types; the factor changes how alike "
        "residents of one age group are, not their typical tastes",
    ),
    _p(
        "initial_satisfaction_beta",
        BETA,
        "Initial satisfaction (Beta shapes)",
        "初始满意度(Beta分布参数)",
        "satisfaction when the warm-up starts (mean 0.6); the factor changes its spread",
    ),
    _p(
        "initial_expectation_beta",
        BETA,
        "Initial expectations (Beta shapes)",
        "初始期望(Beta分布参数)",
        "expectations of services and of activities when the warm-up starts (mean 0.6); the "
        "factor changes their spread",
    ),
    _p(
        "initial_trust_beta",
        BETA,
        "Initial trust (Beta shapes)",
        "初始信任度(Beta分布参数)",
        "trust when the warm-up starts (mean 0.55); the factor changes its spread",
    ),
    _p(
        "initial_habit_beta",
        BETA,
        "Initial activity habit (Beta shapes)",
        "初始活动习惯(Beta分布参数)",
        "habit of attending when the warm-up starts (mean 0.17); the factor changes its spread",
    ),
    _p(
        "initial_platform_quality",
        QUALITY,
        "Initial platform quality (not read by the model)",
        "初始平台质量(模型未使用)",
        "not read since model 2: the platform starts at the steady state of its maintenance "
        "(docs/ODD.md 7.8)",
    ),
    _p(
        "initial_efficacy",
        SHARE,
        "Initial sense of efficacy",
        "初始效能感",
        "no experience yet of one's own cases resolved or not; the warm-up moves it",
    ),
)

_RATES = (
    "with the other need rates, calibrated to about one request per resident-year "
    "(Beijing 12345; docs/ODD.md 9)"
)

NEED = (
    _n(
        "need_rate_public_affairs",
        NEEDS,
        "Need rate, public affairs",
        "公共事务需求发生率",
        _RATES,
    ),
    _n(
        "need_rate_elderly_care",
        NEEDS,
        "Need rate, elderly care (youth, middle age, elderly)",
        "养老服务需求发生率(青年、中年、老年)",
        _RATES,
    ),
    _n(
        "need_rate_health",
        NEEDS,
        "Need rate, health (youth, middle age, elderly)",
        "医疗健康需求发生率(青年、中年、老年)",
        _RATES,
    ),
    _n(
        "need_rate_child_care",
        NEEDS,
        "Need rate, child care (working-age residents with children)",
        "托育服务需求发生率(有子女的劳动年龄居民)",
        _RATES,
    ),
    _n(
        "need_rate_skills",
        NEEDS,
        "Need rate, skills and training (youth, middle age, elderly)",
        "技能培训需求发生率(青年、中年、老年)",
        _RATES,
    ),
    _n(
        "complexity_probs",
        PROBABILITY,
        "Complexity of needs by category (simple, service, complex)",
        "各类需求的复杂程度构成(简单、服务、复杂)",
        "the factor scales the odds of service and complex needs against simple ones in "
        "every category, then each row is renormalized",
    ),
    _n(
        "deadline_weeks",
        Kind("weeks", 1.0, 52.0),
        "Time limits of simple, service and complex needs",
        "简单、服务类、复杂诉求的办理时限",
        "Complex requests may be extended. Rounded to whole weeks",
        source="Beijing 接诉即办 time limits: days to about two weeks for ordinary requests "
        "(experiments/calibration.toml: 0.5–2 weeks); a factor from 0.5 to 1.2 keeps service "
        "needs at 1–2 weeks",
        plausible=(0.5, 1.2),
    ),
    _n(
        "abandon_after",
        Kind("time limits", 1.0, 20.0),
        "Time limits after which an open case is given up",
        "案件超过几倍办理时限即视为放弃",
        "a reported case still open after three time limits is given up",
    ),
)

ENTRIES = POPULATION + NEED
