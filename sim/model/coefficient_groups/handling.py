"""Coefficients of handling (MODEL.md 3.3): grid workers, organizations, government."""

from __future__ import annotations

from functools import partial

from sim.model.coefficient_groups.base import (
    MULTIPLIER,
    PERFORMANCE,
    PROBABILITY,
    QUALITY,
    SHARE,
    SKILL,
    WEEKS,
    Kind,
    entry,
)

_h = partial(entry, "handling")
_SKILLS = "skills of grid workers as trained (worker_training); judged, not measured"

WORKERS = (
    _h(
        "worker_capacity",
        Kind("cases per worker-week", 0.0, 1000.0),
        "Cases a worker of average skill settles or routes per week",
        "中等技能网格员每周可办理或分派的案件数",
        "with the need rates, sets how loaded the status quo's grid is (docs/ODD.md 9)",
    ),
    _h(
        "capacity_skill_base",
        MULTIPLIER,
        "Capacity factor of a worker with no skill",
        "零技能网格员的能力系数",
        "capacity is 0.7 (skill 0) to 1.3 (skill 1) times that at skill 0.5",
    ),
    _h(
        "capacity_skill_gain",
        Kind("multiplier per unit of skill", 0.0, 10.0),
        "Capacity gained from skill",
        "技能带来的办理能力提升",
        "capacity is 0.7 (skill 0) to 1.3 (skill 1) times that at skill 0.5",
    ),
    _h(
        "worker_skill_base",
        SKILL,
        "Professional skill without training",
        "未经培训的网格员专业技能",
        _SKILLS,
    ),
    _h(
        "worker_skill_gain",
        SKILL,
        "Professional skill gained at full training",
        "完全培训带来的专业技能提升",
        _SKILLS,
    ),
    _h(
        "worker_digital_base",
        SKILL,
        "Digital skill without training",
        "未经培训的网格员数字技能",
        _SKILLS,
    ),
    _h(
        "worker_digital_gain",
        SKILL,
        "Digital skill gained at full training",
        "完全培训带来的数字技能提升",
        _SKILLS,
    ),
    _h(
        "worker_noise",
        Kind("skill 0–1 (standard deviation)", 0.0, 1.0),
        "Spread of skills among grid workers",
        "网格员之间的技能差异(标准差)",
        "workers trained alike still differ",
    ),
    _h(
        "digital_capacity_gain",
        MULTIPLIER,
        "Capacity gained from digital tools",
        "数字工具带来的办理能力提升",
        "at full digitization, platform quality and digital skill, capacity rises by this share",
    ),
    _h(
        "data_entry_burden",
        Kind("cases of work per case", 0.0, 10.0),
        "Extra data entry per case reported offline (duplicate entry)",
        "线下案件的额外录入负担(多头填报)",
        "a worker types an offline case into the platform, twice over where it does not "
        "share data with the grid (指尖上的形式主义; paper 3.1)",
    ),
    _h(
        "tracked_priority_weeks",
        WEEKS,
        "Head start of platform-tracked cases (weeks)",
        "平台督办案件的优先周数",
        "cases on the platform are supervised against their time limits (接诉即办 "
        "assessment), so workers take them earlier",
    ),
    _h(
        "triage_urgent_weeks",
        WEEKS,
        "Triage: care and health needs counted as due earlier (weeks)",
        "分级处置:养老和医疗需求提前计算的周数",
        "under triage, urgent categories go before others with the same slack",
    ),
    _h(
        "triage_late_weeks",
        WEEKS,
        "Triage: cases already late counted as due later (weeks)",
        "分级处置:已超期案件推后计算的周数",
        "under triage, cases that can still be met go before those already late",
    ),
    _h(
        "triage_visit_share",
        SHARE,
        "Triage: share of household visits made to elderly households first",
        "分级处置:优先走访老年人家庭的走访比例",
        "under triage, grid workers visit key groups (重点人群) first, since the elderly keep "
        "care and health needs to themselves; the rest of the visits go to every household",
    ),
)

ORGANIZATIONS = (
    _h(
        "referral_know_base",
        PROBABILITY,
        "Chance a referrer finds a suitable organization, without data integration",
        "无数据整合时转介找到合适社会组织的概率",
        "without shared data, half of referrals miss the organization that could help",
    ),
    _h(
        "org_capacity",
        Kind("cases per organization-week", 0.0, 1000.0),
        "Cases an organization takes per week (standard community)",
        "社会组织每周可承接的案件数(标准社区)",
        "a small contracted organization's caseload in a community of 3,000 households",
    ),
    _h(
        "org_categories",
        Kind("categories per organization", 1.0, 5.0),
        "Service categories each organization offers",
        "每个社会组织提供的服务类别数",
        "one to three of the five categories: most community organizations specialize",
        plausible=(1.0, 3.0),
    ),
    _h(
        "org_category_weights",
        Kind("weight", 0.0, 1.0),
        "Organizations' service categories (public affairs, elderly care, health, child "
        "care, skills)",
        "社会组织服务类别构成(公共事务、养老、医疗、托育、技能)",
        "elderly care is the commonest contracted service; the factor scales the weights of "
        "the service categories against public affairs (the model normalizes them)",
    ),
    _h(
        "org_quality_range",
        QUALITY,
        "Range of organizations' service quality (lowest, highest)",
        "社会组织服务质量的范围(最低、最高)",
        "professional organizations serve well, and unevenly",
    ),
    _h(
        "absorbed_capacity",
        SHARE,
        "Capacity left to an administratively absorbed organization",
        "被行政吸纳的社会组织保留的服务能力",
        "at autonomy 0 most of an organization's time goes to assigned administrative work "
        "(paper 3.2)",
    ),
    _h(
        "absorbed_quality",
        SHARE,
        "Quality factor of an administratively absorbed organization",
        "被行政吸纳的社会组织的服务质量系数",
        "at autonomy 0 an organization's professional quality suffers (paper 3.2)",
    ),
    _h(
        "gov_delay_weeks",
        Kind("weeks", 1.0, 52.0),
        "Mean weeks for the government to close a complex case, without digital support",
        "无数字化支持时政府办结复杂案件的平均周数",
        "complex cases pass between departments; within the Beijing 接诉即办 limits",
    ),
    _h(
        "gov_delay_digital_cut",
        Kind("share 0–1", 0.0, 0.95),
        "Government delay cut by a working digital platform",
        "数字平台缩短政府办理时间的比例",
        "at full digitization and platform quality; below 1 so that a delay remains",
    ),
    _h(
        "gov_delay_integration_cut",
        Kind("share 0–1", 0.0, 0.95),
        "Government delay cut by full data integration",
        "数据整合缩短政府办理时间的比例",
        "shared data spare departments the information lag; below 1 so that a delay remains",
    ),
    _h(
        "fallback_delay_factor",
        Kind("multiplier", 0.1, 20.0),
        "Delay of fallback cases relative to escalated ones",
        "兜底案件办理时间相对上报案件的倍数",
        "service needs no organization takes wait longer for the government to fill in",
    ),
    _h(
        "quality_complex",
        QUALITY,
        "Quality of complex cases closed by the government",
        "政府办结复杂案件的质量",
        "departments settle complex cases competently but not always to residents' liking",
    ),
    _h(
        "quality_fallback",
        QUALITY,
        "Quality of service cases the government handles as a fallback",
        "政府兜底办理服务类案件的质量",
        "government is not a service provider: fallback service is poorer",
    ),
    _h(
        "worker_quality_base",
        QUALITY,
        "Quality of what a worker with no skill settles",
        "零技能网格员的办理质量",
        "quality = base + gain × skill: 0.75 at skill 0.5",
    ),
    _h(
        "worker_quality_gain",
        QUALITY,
        "Quality gained from skill",
        "技能带来的办理质量提升",
        "quality = base + gain × skill: 0.75 at skill 0.5",
    ),
)

PERFORMANCE_TERMS = (
    _h(
        "timeliness_penalty",
        SHARE,
        "Performance lost by a case closed at its time limit",
        "在办理时限当周办结的案件损失的绩效比例",
        "P = quality × (1 − penalty × wait / time limit): lateness costs more",
    ),
    _h(
        "performance_failed",
        PERFORMANCE,
        "Performance of a case given up",
        "被放弃案件的绩效",
        "a need reported and never met; also the floor of a late case",
    ),
    _h(
        "performance_unreported",
        PERFORMANCE,
        "Performance of a need never reported",
        "未反映需求的绩效",
        "a hidden need unmet disappoints less than a report ignored",
    ),
    _h(
        "coping_by_age",
        PERFORMANCE,
        "Coping elsewhere when the community fails, by age group (youth, middle age, elderly)",
        "社区未解决时另寻途径的能力(青年、中年、老年)",
        "the young can turn to the market or the 12345 hotline; the elderly depend on the "
        "community",
    ),
)

ENTRIES = WORKERS + ORGANIZATIONS + PERFORMANCE_TERMS
