"""Fixed structure and internal coefficients of the model (not policy levers).

Policy levers are parameters (sim.parameters); everything here is a behavioural or
structural coefficient with its reason written next to it. docs/ODD.md lists them. Tests
may pass a modified `Calibration` to switch one mechanism off (for example social influence).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from sim.model.codes import AgeGroup, Category, Channel, Complexity, names

AGE_GROUPS = names(AgeGroup)  # youth 18–34, middle 35–59, elderly 60+
AGE_LABELS = {
    "youth": ("Youth (18–34)", "青年(18–34岁)"),
    "middle": ("Middle age (35–59)", "中年(35–59岁)"),
    "elderly": ("Elderly (60+)", "老年(60岁以上)"),
}

CATEGORIES = names(Category)
CATEGORY_LABELS = {
    "public_affairs": ("Public affairs", "公共事务"),
    "elderly_care": ("Elderly care", "养老服务"),
    "health": ("Health", "医疗健康"),
    "child_care": ("Child care", "托育服务"),
    "skills": ("Skills and training", "技能培训"),
}

COMPLEXITIES = names(Complexity)
CHANNELS = names(Channel)

# Activity types, in the order of the standard programme used without targeting: by typical
# popularity across age groups (mean of the preference_alpha rows below, normalized, weighted
# 0.30 / 0.45 / 0.25 by age group), i.e. planned from typical tastes, not this community's.
ACTIVITY_TYPES = (
    ("sports", "Sports", "体育运动"),
    ("square_dance", "Square dance and fitness", "广场舞与健身"),
    ("parent_child", "Parent–child activities", "亲子活动"),
    ("arts_reading", "Arts and reading", "艺术与读书"),
    ("skills_class", "Skills classes", "技能课堂"),
    ("volunteering", "Neighbourhood volunteering", "邻里志愿"),
    ("health_talks", "Health talks", "健康讲座"),
    ("opera_music", "Opera and music", "戏曲与音乐"),
)
K_TYPES = len(ACTIVITY_TYPES)

STANDARD_COMMUNITY = 3000  # households; counts per community (events, organizations) scale from it
QUARTER_WEEKS = 13  # a quarter: the final-quarter means and the government's review period


@dataclass(frozen=True)
class Calibration:
    """Internal coefficients. Units: probabilities per week unless said otherwise."""

    # --- population (MODEL.md 5) ---
    occupancy: float = 0.85  # share of grid cells holding a household
    household_adults: tuple = (0.25, 0.40, 0.20, 0.15)  # P(1..4 adults)
    youth_share_of_under60: float = 0.40
    children_prob: float = 0.35  # households with a working-age adult that have children
    # Digital literacy ~ Beta by age group; P(literacy >= 0.5) = 0.93 / 0.72 / 0.43, so about
    # 80% of under-60s and 43% of 60+ can use the platform (CNNIC, Dec 2021).
    literacy_beta: tuple = ((5.0, 1.6), (3.2, 2.0), (1.8, 2.1))
    can_use_threshold: float = 0.5
    # Dirichlet concentrations of activity preferences, by age group, over ACTIVITY_TYPES.
    preference_alpha: tuple = (
        (3.0, 0.5, 1.5, 1.5, 2.0, 0.8, 0.3, 0.3),  # youth
        (1.2, 1.5, 2.0, 1.5, 1.5, 1.0, 0.8, 0.7),  # middle
        (0.5, 3.0, 0.5, 0.8, 0.4, 1.5, 2.5, 2.0),  # elderly
    )
    initial_satisfaction_beta: tuple = (6.0, 4.0)
    initial_expectation_beta: tuple = (6.0, 4.0)
    initial_trust_beta: tuple = (5.5, 4.5)
    initial_habit_beta: tuple = (1.0, 5.0)
    initial_platform_quality: float = 0.6  # a platform built some time ago
    initial_efficacy: float = 0.5  # no experience yet of own cases resolved or not

    # --- needs (MODEL.md 3.1) ---
    # weekly rate per resident, by category (and by age group youth / middle / elderly)
    need_rate_public_affairs: float = 0.020
    need_rate_elderly_care: tuple = (0.0, 0.0, 0.020)
    need_rate_health: tuple = (0.002, 0.004, 0.012)
    need_rate_child_care: float = 0.012  # working-age residents in households with children
    need_rate_skills: tuple = (0.010, 0.006, 0.0)
    # P(simple, service, complex) by category (rows in CATEGORIES order).
    complexity_probs: tuple = (
        (0.60, 0.10, 0.30),
        (0.20, 0.70, 0.10),
        (0.15, 0.65, 0.20),
        (0.30, 0.60, 0.10),
        (0.30, 0.65, 0.05),
    )
    # simple, service, complex: Beijing 12345 (接诉即办) limits are days to ~2 weeks for
    # ordinary requests; complex ones may be extended
    deadline_weeks: tuple = (1, 2, 4)
    abandon_after: float = 3.0  # a reported case still open after 3 deadlines is given up

    # --- reporting (MODEL.md 3.2) ---
    literacy_slope: float = 10.0  # steepness of online ability in literacy
    # literacy needed when procedures are not simplified: at the default simplicity (0.3) the
    # threshold is 0.5, so online ability > 0.5 for 43% of 60+ and 80% of under-60s (CNNIC)
    ability_threshold_hard: float = 0.605
    ability_threshold_gain: float = 0.35  # how much full simplicity lowers that threshold
    platform_floor: float = 0.2  # a platform of quality 0 still works this much
    offline_contact_by_age: tuple = (0.45, 0.6, 0.75)  # would contact the worker if reachable
    reachable_households: float = 700.0  # a worker with more households is harder to reach
    # Care and health needs are often not reported by those who have them (not wanting to
    # bother anyone); the grid finds them on visits. Multiplies every channel, by category.
    self_report_by_category: tuple = (1.0, 0.5, 0.7, 1.0, 1.0)
    assisted_uptake: float = 0.8
    trust_floor: float = 0.6  # reporting factor of a resident with no trust at all
    visit_households_per_week: float = 60.0  # household visits per worker-week, untrained
    visit_training_gain: float = 0.5
    data_flag_rate: float = 0.7  # weekly chance an integrated platform flags a hidden need
    # a hidden need is raised by neighbours who deliberate (共治): chance per week at a share
    # 1 of Moore neighbours with a recent offline act
    deliberation_find: float = 0.3

    # --- handling (MODEL.md 3.3) ---
    worker_capacity: float = 37.0  # cases a worker of average skill settles or routes per week
    # capacity x (capacity_skill_base + capacity_skill_gain * skill): 1.0 at skill 0.5, from
    # 0.7 (untrained) to 1.3 (fully skilled)
    capacity_skill_base: float = 0.7
    capacity_skill_gain: float = 0.6
    worker_skill_base: float = 0.4
    worker_skill_gain: float = 0.5  # skill = base + gain * training (+ noise)
    worker_digital_base: float = 0.3
    worker_digital_gain: float = 0.6
    worker_noise: float = 0.08
    digital_capacity_gain: float = 0.8  # capacity x (1 + gain * digitization * Q * digital skill)
    # a case reported offline costs the worker 1 + burden x digitization x (1 - integration)
    # cases of work: they type it into the platform, twice where it does not share data with
    # the grid (多头填报, 指尖上的形式主义; paper 3.1: technology not integrated with governance)
    data_entry_burden: float = 0.5
    referral_know_base: float = 0.5  # P(referrer finds the right organization), no integration
    org_capacity: float = 12.0  # cases per organization-week in a standard community
    org_categories: int = 2
    org_category_weights: tuple = (0.10, 0.35, 0.25, 0.15, 0.15)
    org_quality_range: tuple = (0.65, 0.95)
    absorbed_capacity: float = 0.4  # capacity share left at autonomy 0 (rest is admin work)
    absorbed_quality: float = 0.75  # quality factor at autonomy 0
    gov_delay_weeks: float = 1.5  # mean weeks for a complex case with no digital support
    gov_delay_digital_cut: float = 0.4
    gov_delay_integration_cut: float = 0.35
    fallback_delay_factor: float = 1.5
    quality_complex: float = 0.75
    quality_fallback: float = 0.55
    worker_quality_base: float = 0.55
    worker_quality_gain: float = 0.4
    # cases reported online are tracked by the platform against their time limits: workers
    # take them this many weeks earlier (x platform reach) than their report week says
    tracked_priority_weeks: float = 2.0
    # triage: care and health needs count as due this many weeks earlier
    triage_urgent_weeks: float = 1.0
    triage_late_weeks: float = 8.0  # ...and cases already late as due this many weeks later
    triage_visit_share: float = 0.5  # ...and this share of visits goes to elderly homes first
    timeliness_penalty: float = 0.4  # P = quality * (1 - penalty * wait / deadline)
    performance_failed: float = 0.10
    performance_unreported: float = 0.20
    # Younger residents can fall back on the market or the 12345 hotline when the community
    # fails them; the elderly depend on it. Added to the performance of failed/hidden needs.
    coping_by_age: tuple = (0.15, 0.10, 0.0)

    # --- experience, satisfaction, trust (MODEL.md 3.4) ---
    disconfirmation_slope: float = 5.0  # k in s = sigmoid(a (P - P0) + k (P - E))
    performance_slope: float = 3.0  # a: the direct effect of performance
    performance_neutral: float = 0.5  # P0: performance that satisfies neither way
    satisfaction_weight: float = 0.5  # w per case experience
    activity_weight: float = 0.05  # w per activity attended (services weigh more)
    expectation_rate: float = 0.10  # lambda per experience (service expectation E_s)
    activity_expectation_rate: float = 0.10  # per activity attended (activity expectation E_a)
    standard_pull: float = 0.03  # mu per week toward the visible standard
    # residents differ lastingly in how well they think of the same service or activity (a
    # trait, in units of performance: it shifts P0; surveys find stable individual differences)
    disposition_sd: float = 0.15
    standard_smoothing: float = 0.1  # weekly EMA weight of the community's mean performance
    platform_showcase: float = 0.15  # the platform raises the visible standard by this x dig x Q
    trust_experience_rate: float = 0.5
    trust_participation_rate: float = 0.01
    # a 5-point survey answer of 4 or 5 ("satisfied") corresponds to S at or above this
    satisfied_threshold: float = 0.36
    efficacy_rate: float = 0.3

    # --- activities (MODEL.md 3.5) ---
    places_min: float = 15.0
    places_gain: float = 75.0
    attend_intercept: float = -7.0
    attend_match: float = 3.0
    attend_neighbours: float = 1.5
    attend_trust: float = 1.5
    attend_habit: float = 2.0
    attend_frequency: float = 0.2  # x log(1 + events of the resident's best type per week)
    attend_cost_by_age: tuple = (1.0, 0.7, 0.0)
    attend_facility: float = 1.0  # x facility quality: good venues draw people
    habit_gain: float = 0.2
    habit_decay: float = 0.03
    # awareness: chance per week of hearing of the programme through each channel
    aware_board: float = 0.15  # noticeboard, word of mouth
    aware_grid: float = 0.25  # x worker reach: the grid worker tells households
    aware_platform: float = 0.5  # x platform reach x online ability: notices on the platform
    aware_neighbours: float = 0.6  # x share of neighbours who went recently
    aware_announced: float = 0.9  # targeted events reach those known to like their type
    # targeting reads known demand to this share of tastes: types within it of the last type
    # chosen are equal to the planner (one percentage point: a survey's resolution)
    targeting_resolution: float = 0.01
    # novelty: attending a type wears this share of its remaining appeal (for that resident);
    # the worn share recovers by novelty_recovery a week (内容陈旧、缺乏新意, paper 3.3)
    novelty_loss: float = 0.3
    novelty_recovery: float = 0.1
    recent_weeks: int = 4  # "attended / acted recently": in the last 4 weeks
    neighbour_influence: float = 1.0  # multiplies both neighbour terms (0 switches them off)

    # --- governance participation (MODEL.md 3.6) ---
    offline_intercept: float = -7.2
    offline_by_age: tuple = (0.0, 0.9, 2.1)
    offline_facility: float = 0.8  # shared spaces (议事大厅) make deliberation easier
    online_intercept: float = -4.4
    gov_trust: float = 1.5
    gov_efficacy: float = 1.0
    gov_neighbours: float = 1.0
    # consequences of 共治: a share of offline acts is volunteering, the rest deliberation
    volunteer_share: float = 0.3
    volunteer_hours_per_act: float = 3.0
    volunteer_hours_per_case: float = 2.0  # a simple case settled by a volunteer
    volunteer_quality: float = 0.6
    volunteer_visit_share: float = 0.5  # of volunteer hours spent visiting elderly households
    volunteer_hours_per_visit: float = 1.0
    # what the community knows of preferences: chance per week of learning a resident's
    # tastes through each source, and of forgetting them (people move, tastes change)
    know_platform: float = 0.05  # x data integration x platform reach x online ability
    know_visit: float = 0.5  # x the worker's visit coverage
    know_deliberation: float = 0.5  # deliberating, or x share of deliberating neighbours
    know_forget: float = 0.01

    # --- government and platform (MODEL.md 3.7) ---
    platform_ageing: float = 0.012  # weekly loss share without maintenance
    platform_restore: float = 0.03  # weekly recovery share at full maintenance
    facility_ageing: float = 0.01  # venues and equipment: weekly loss share without upkeep
    facility_restore: float = 0.03  # weekly recovery share (toward the level built)
    review_weeks: int = QUARTER_WEEKS
    # service and activity effort share a fixed total (activity effort = total - service
    # effort): the responsive review moves staff time between them, not the budget
    effort_total: float = 2.0
    effort_step: float = 0.1
    effort_bounds: tuple = (0.7, 1.3)
    target_needs_met: float = 0.8
    target_participation: float = 0.3

    # --- cost, thousand CNY per week (per standard community where marked) ---
    cost_worker: float = 1.5  # per grid worker
    cost_worker_training: float = 0.5  # per worker at full training
    cost_platform: float = 6.0  # per community at digitization 1
    cost_maintenance: float = 3.0  # x maintenance x digitization
    cost_integration: float = 2.0
    cost_simplicity: float = 1.0  # x simplicity x digitization
    cost_assisted: float = 2.5
    cost_org: float = 1.5  # per organization contract
    cost_event: float = 0.3  # per event, plus cost_event_facility x facility level
    cost_event_facility: float = 0.4
    cost_facility_upkeep: float = 2.0  # x facility level: owning and running venues
    cost_facility_maintenance: float = 2.0  # x facility maintenance x facility level
    cost_gov_case: float = 0.15
    cost_fallback_case: float = 0.20


DEFAULT_CALIBRATION = Calibration()


def coefficient_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Calibration))


def with_coefficients(values: dict | None = None, base: Calibration | None = None) -> Calibration:
    """The calibration with some coefficients changed, each validated by the coefficient
    registry (sim.model.coefficients): unknown names get a suggestion, values out of their
    hard bounds the allowed range, lists become tuples."""
    from sim.model.coefficients import check_together, validate_coefficient

    base = base or DEFAULT_CALIBRATION
    if not values:
        return base
    changed = replace(base, **{name: validate_coefficient(name, v) for name, v in values.items()})
    check_together(lambda name: getattr(changed, name))
    return changed
