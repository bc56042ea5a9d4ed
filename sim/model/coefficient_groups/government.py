"""Coefficients of the government and platform (MODEL.md 3.7) and of costs."""

from __future__ import annotations

from functools import partial

from sim.model.coefficient_groups.base import SHARE_PER_WEEK, Kind, entry

_g = partial(entry, "government")
_c = partial(entry, "cost")
_EFFORT = Kind("effort (1 = normal)", 0.0, 2.0)
_TARGET = Kind("share 0–1", 0.01, 1.0)  # divided by in the review
_COMMUNITY = Kind("thousand CNY per week (standard community)", 0.0, 1000.0)
_CASE = Kind("thousand CNY per case", 0.0, 100.0)
_PRICE = "a price no source gives for a typical community; judged from typical contracts"

GOVERNMENT = (
    _g(
        "platform_ageing",
        SHARE_PER_WEEK,
        "Weekly ageing of the platform without maintenance",
        "无维护时平台每周的老化比例",
        "without maintenance the platform loses about half its quality in a year",
    ),
    _g(
        "platform_restore",
        SHARE_PER_WEEK,
        "Weekly recovery of the platform at full maintenance",
        "完全维护时平台每周的恢复比例",
        "full maintenance closes about four fifths of the gap to full quality in a year",
    ),
    _g(
        "facility_ageing",
        SHARE_PER_WEEK,
        "Weekly ageing of venues without upkeep",
        "无维护时设施每周的老化比例",
        "without upkeep venues lose about two fifths of their quality in a year (paper 3.3)",
    ),
    _g(
        "facility_restore",
        SHARE_PER_WEEK,
        "Weekly recovery of venues at full upkeep",
        "完全维护时设施每周的恢复比例",
        "full upkeep closes about four fifths of the gap to the level built in a year",
    ),
    _g(
        "review_weeks",
        Kind("weeks", 1.0, 52.0),
        "Weeks between the government's reviews",
        "政府评估周期(周)",
        "a quarter, the usual period of assessment",
        definition=True,
    ),
    _g(
        "effort_total",
        Kind("effort (1 = normal)", 1.3, 4.0),
        "Service and activity effort together",
        "服务与活动投入的总量",
        "a fixed total of staff time that the responsive review shares between casework and "
        "activities (each 1 by default); at least the upper effort bound",
        definition=True,
    ),
    _g(
        "effort_step",
        _EFFORT,
        "Effort moved at each review",
        "每次评估调整的投入",
        "a tenth of normal effort a quarter",
    ),
    _g(
        "effort_bounds",
        _EFFORT,
        "Bounds of service effort (lowest, highest)",
        "服务投入的上下限",
        "the review keeps service effort within ±30% of normal",
    ),
    _g(
        "target_needs_met",
        _TARGET,
        "Government's target for needs met in time",
        "政府的需求按时解决率目标",
        "the resolution rate the review aims at",
    ),
    _g(
        "target_participation",
        _TARGET,
        "Government's target for activity participation",
        "政府的活动参与率目标",
        "the participation rate the review aims at",
    ),
)

COST = (
    _c(
        "cost_worker",
        Kind("thousand CNY per worker-week", 0.0, 100.0),
        "Wage of a grid worker",
        "网格员工资",
        "The default is about 6,500 CNY a month",
        source="NBS 2022 average annual wage in urban units: 65,237 CNY in private units "
        "(1.25 thousand a week) to 114,029 CNY in non-private units (2.19 thousand a week); "
        "many cities peg community workers' pay to the local average wage",
        plausible=(1.25, 2.2),
    ),
    _c(
        "cost_worker_training",
        Kind("thousand CNY per worker-week", 0.0, 100.0),
        "Training per worker, at full training",
        "每名网格员的培训费用(完全培训)",
        _PRICE,
    ),
    _c(
        "cost_platform",
        _COMMUNITY,
        "Platform as built, at digitization 1",
        "智慧平台建设与运行费用(数字化水平为1)",
        _PRICE,
    ),
    _c(
        "cost_maintenance",
        _COMMUNITY,
        "Platform maintenance, at full maintenance and digitization",
        "平台维护费用(完全维护、数字化水平为1)",
        _PRICE,
    ),
    _c(
        "cost_integration",
        _COMMUNITY,
        "Data integration, at full integration",
        "数据整合费用(完全整合)",
        _PRICE,
    ),
    _c(
        "cost_simplicity",
        _COMMUNITY,
        "Simplified procedures, at full simplicity and digitization",
        "流程简化费用(完全简化、数字化水平为1)",
        _PRICE,
    ),
    _c(
        "cost_assisted",
        _COMMUNITY,
        "Assisted access desks, at full assisted access",
        "适老化辅助服务费用(完全覆盖)",
        _PRICE,
    ),
    _c(
        "cost_org",
        Kind("thousand CNY per organization-week (standard community)", 0.0, 1000.0),
        "Contract of one social organization",
        "每个社会组织的购买服务费用",
        _PRICE,
    ),
    _c(
        "cost_event",
        Kind("thousand CNY per event (standard community)", 0.0, 100.0),
        "One event",
        "每场活动的费用",
        _PRICE,
    ),
    _c(
        "cost_event_facility",
        Kind("thousand CNY per event (standard community)", 0.0, 100.0),
        "Extra cost of an event in the best venues",
        "在最好场地举办活动的额外费用",
        _PRICE,
    ),
    _c(
        "cost_facility_upkeep",
        _COMMUNITY,
        "Owning and running venues, at facility level 1",
        "场地运营费用(设施水平为1)",
        _PRICE,
    ),
    _c(
        "cost_facility_maintenance",
        _COMMUNITY,
        "Venue maintenance, at full maintenance and facility level 1",
        "设施维护费用(完全维护、设施水平为1)",
        _PRICE,
    ),
    _c(
        "cost_gov_case",
        _CASE,
        "Government casework per complex case",
        "政府办理每件复杂案件的费用",
        _PRICE,
    ),
    _c(
        "cost_fallback_case",
        _CASE,
        "Government casework per fallback case",
        "政府兜底办理每件案件的费用",
        _PRICE,
    ),
)

ENTRIES = GOVERNMENT + COST
