"""Coefficients of reporting (MODEL.md 3.2): online ability, channels, hidden needs found."""

from __future__ import annotations

from functools import partial

from sim.model.coefficient_groups.base import (
    LITERACY,
    MULTIPLIER,
    PER_WEEK,
    PROBABILITY,
    SHARE,
    Kind,
    entry,
)

_r = partial(entry, "reporting")

ENTRIES = (
    _r(
        "literacy_slope",
        Kind("logit per unit of literacy", 0.0, 100.0),
        "Steepness of online ability in literacy",
        "线上办事能力随数字素养变化的陡度",
        "how sharply online ability rises around the literacy threshold (the share able "
        "to go online does not depend on it)",
    ),
    _r(
        "ability_threshold_hard",
        LITERACY,
        "Literacy needed online without simplified procedures",
        "流程未简化时线上办事所需的数字素养",
        "At the default simplicity (0.3) the threshold is 0.605 − 0.35 × 0.3 = 0.5",
        source="CNNIC 49th report (Dec 2021) with the tolerances of the calibration "
        "targets: from 0.58 to 0.63 the share of 60+ able to go online at the default "
        "procedures stays within 0.43 ± 0.04 and that of under-60s within 0.80 ± 0.05",
        plausible=(0.58, 0.63),
    ),
    _r(
        "ability_threshold_gain",
        LITERACY,
        "Literacy threshold lowered by fully simplified procedures",
        "流程完全简化后所需数字素养的降低幅度",
        "how far simple procedures (适老化 design, fewer steps) bring the platform within "
        "reach of residents with little literacy",
    ),
    _r(
        "platform_floor",
        SHARE,
        "Share of the platform that still works at quality 0",
        "平台质量为零时仍可使用的比例",
        "an outdated platform still offers its basic services",
    ),
    _r(
        "offline_contact_by_age",
        PROBABILITY,
        "Would contact the grid worker, by age group (youth, middle age, elderly)",
        "愿意找网格员反映诉求的概率(青年、中年、老年)",
        "older residents turn to the worker they know more readily than the young",
    ),
    _r(
        "reachable_households",
        Kind("households", 1.0, 10_000.0),
        "Households a grid worker can keep within reach",
        "网格员能保持联系的户数",
        "a worker with more households is harder to reach; above the provincial standards of "
        "300–500 households per grid",
    ),
    _r(
        "self_report_by_category",
        PROBABILITY,
        "Self-reporting by category (public affairs, elderly care, health, child care, skills)",
        "各类需求的主动反映程度(公共事务、养老、医疗、托育、技能)",
        "care and health needs are often kept to oneself (不愿麻烦别人) and found on visits",
    ),
    _r(
        "assisted_uptake",
        PROBABILITY,
        "Uptake of assisted access by those who cannot go online",
        "不会上网的居民使用适老化辅助服务的比例",
        "most residents who cannot go online use an assisted desk or proxy service (代办) "
        "where one is offered",
    ),
    _r(
        "trust_floor",
        SHARE,
        "Willingness to report of a resident with no trust",
        "完全不信任时的反映意愿",
        "distrust lowers every channel but does not silence residents",
    ),
    _r(
        "visit_households_per_week",
        Kind("households per worker-week", 0.0, 1000.0),
        "Households an untrained grid worker visits per week",
        "未经培训的网格员每周走访户数",
        "a worker's household visits in a working week beside casework",
    ),
    _r(
        "visit_training_gain",
        MULTIPLIER,
        "Extra visits at full training (share)",
        "完全培训后走访户数的增加比例",
        "trained workers plan and record visits more efficiently",
    ),
    _r(
        "data_flag_rate",
        PER_WEEK,
        "Weekly chance integrated data flags a hidden need",
        "数据整合后每周发现隐性需求的概率",
        "an integrated platform flags needs from shared records (e.g. an elderly resident "
        "living alone), at full integration and reach",
    ),
    _r(
        "deliberation_find",
        PER_WEEK,
        "Weekly chance deliberating neighbours raise a hidden need",
        "参与议事的邻居每周发现隐性需求的概率",
        "neighbours who take part in co-governance (共治) raise needs of those around them; "
        "per week when every neighbour deliberates",
    ),
)
