"""Coefficients of experience, satisfaction and trust (MODEL.md 3.4)."""

from __future__ import annotations

from functools import partial

from sim.model.coefficient_groups.base import (
    PER_EXPERIENCE,
    PERFORMANCE,
    SHARE_PER_WEEK,
    Kind,
    entry,
)

_x = partial(entry, "experience")
_SLOPE = Kind("logit per unit of performance", 0.0, 50.0)
_EDT = (
    "expectation-disconfirmation with a direct effect of performance (Van Ryzin 2004; "
    "meta-analysis of Zhang et al. 2022) supports the form, not the size"
)

ENTRIES = (
    _x(
        "disconfirmation_slope",
        _SLOPE,
        "Weight of performance against expectation (disconfirmation)",
        "期望失验(绩效减期望)的权重",
        _EDT,
    ),
    _x(
        "performance_slope",
        _SLOPE,
        "Direct weight of performance",
        "绩效的直接效应",
        _EDT,
    ),
    _x(
        "performance_neutral",
        PERFORMANCE,
        "Performance that satisfies neither way",
        "不影响满意度的中性绩效",
        "the middle of the performance scale",
    ),
    _x(
        "satisfaction_weight",
        PER_EXPERIENCE,
        "Weight of one case experience in satisfaction",
        "一次办事体验对满意度的权重",
        "a resident's own case weighs heavily in how they judge the community",
    ),
    _x(
        "activity_weight",
        PER_EXPERIENCE,
        "Weight of one activity attended in satisfaction",
        "参加一次活动对满意度的权重",
        "services weigh more than activities in satisfaction with the community",
    ),
    _x(
        "expectation_rate",
        PER_EXPERIENCE,
        "Adjustment of service expectations per case experience",
        "每次办事体验后服务期望的调整幅度",
        "expectations follow experience slowly",
    ),
    _x(
        "activity_expectation_rate",
        PER_EXPERIENCE,
        "Adjustment of activity expectations per activity attended",
        "每次参加活动后活动期望的调整幅度",
        "expectations follow experience slowly",
    ),
    _x(
        "standard_pull",
        SHARE_PER_WEEK,
        "Weekly pull of expectations toward the visible standard",
        "期望每周向可见服务标准靠拢的幅度",
        "residents compare with the service others get and the platform shows",
    ),
    _x(
        "disposition_sd",
        Kind("performance 0–1 (standard deviation)", 0.0, 1.0),
        "Lasting differences in how residents judge the same service (standard deviation)",
        "居民对同一服务评价倾向的个体差异(标准差)",
        "surveys find stable individual differences in satisfaction; a shift of the neutral "
        "performance per resident",
    ),
    _x(
        "standard_smoothing",
        SHARE_PER_WEEK,
        "Weekly smoothing of the community's visible standard",
        "社区可见服务标准的每周平滑系数",
        "the standard follows the community's mean performance of about ten weeks",
    ),
    _x(
        "platform_showcase",
        PERFORMANCE,
        "Visible standard raised by the platform's showcase",
        "智慧平台展示抬高的可见服务标准",
        "a platform advertises what good service looks like, at full digitization and quality",
    ),
    _x(
        "trust_experience_rate",
        PER_EXPERIENCE,
        "Response of trust to case experiences",
        "信任随办事体验调整的幅度",
        "trust moves with satisfaction, at half its weight",
    ),
    _x(
        "trust_participation_rate",
        SHARE_PER_WEEK,
        "Trust gained in a week of taking part",
        "参与一周带来的信任提升",
        "taking part in activities or governance builds trust a little",
    ),
    _x(
        "satisfied_threshold",
        Kind("satisfaction 0–1", 0.0, 1.0),
        "Satisfaction at which a survey answer is 4 or 5 ('satisfied')",
        "问卷回答“满意”(5分制4分或5分)所对应的满意度",
        "the survey's measurement mapping, set so that the satisfied share meets the "
        "satisfaction rates of docs/ODD.md 9",
        definition=True,
    ),
    _x(
        "efficacy_rate",
        PER_EXPERIENCE,
        "Adjustment of efficacy per own case",
        "每件本人案件后效能感的调整幅度",
        "efficacy follows the share of one's own cases resolved",
    ),
)
