"""Metric definitions: MODEL.md section 7 plus breakdowns (computed in sim.model.observe)."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from sim.model.calibration import DEFAULT_CALIBRATION


@dataclass(frozen=True)
class Metric:
    name: str
    label_en: str
    label_zh: str
    unit: str
    help_en: str
    main: bool = False  # shown in the short tables of `govsim run` and the report
    better: int = 1  # +1 higher is better, -1 lower is better, 0 neither

    def label(self, lang: str = "en") -> str:
        return self.label_zh if lang == "zh" else self.label_en


_SHARE = "share 0–1"
_RECENT = f"in the last {DEFAULT_CALIBRATION.recent_weeks} weeks"
_M = Metric
_ALL = (
    _M(
        "satisfaction_mean",
        "Satisfaction",
        "满意度",
        "0–1",
        "Mean satisfaction of all adult residents.",
        main=True,
    ),
    _M(
        "satisfaction_elderly",
        "Satisfaction, elderly",
        "老年人满意度",
        "0–1",
        "Mean satisfaction of residents aged 60+ (NaN without any).",
        main=True,
    ),
    _M(
        "satisfaction_nonelderly",
        "Satisfaction, under 60",
        "非老年人满意度",
        "0–1",
        "Mean satisfaction of residents under 60 (NaN without any).",
    ),
    _M(
        "satisfaction_gap",
        "Satisfaction gap (under 60 minus 60+)",
        "满意度差距(非老年-老年)",
        "0–1",
        "Non-elderly minus elderly mean satisfaction: the age divide.",
        main=True,
        better=-1,
    ),
    _M(
        "satisfaction_gini",
        "Satisfaction inequality (Gini)",
        "满意度基尼系数",
        "0–1",
        "Gini coefficient of residents' satisfaction.",
        better=-1,
    ),
    _M(
        "satisfaction_low_literacy",
        "Satisfaction, low digital literacy",
        "低数字素养居民满意度",
        "0–1",
        "Mean satisfaction of residents who cannot use the platform (literacy < 0.5).",
    ),
    _M(
        "satisfaction_high_literacy",
        "Satisfaction, high digital literacy",
        "高数字素养居民满意度",
        "0–1",
        "Mean satisfaction of residents who can use the platform (literacy >= 0.5).",
    ),
    _M("trust_mean", "Trust", "信任度", "0–1", "Mean trust in community governance."),
    _M(
        "participation_rate",
        "Activity participation",
        "活动参与率",
        _SHARE,
        "Share of residents who attended an activity " + _RECENT + ".",
        main=True,
    ),
    _M(
        "participation_elderly",
        "Activity participation, elderly",
        "老年人活动参与率",
        _SHARE,
        "Share of residents aged 60+ who attended an activity " + _RECENT + ".",
    ),
    _M(
        "participation_nonelderly",
        "Activity participation, under 60",
        "非老年人活动参与率",
        _SHARE,
        "Share of residents under 60 who attended an activity " + _RECENT + ".",
    ),
    _M(
        "governance_participation_rate",
        "Governance participation",
        "共治参与率",
        _SHARE,
        "Share of residents with any governance act (deliberation, volunteering, feedback) "
        + _RECENT
        + ".",
        main=True,
    ),
    _M(
        "online_share",
        "Reported online",
        "线上反映比例",
        _SHARE,
        "Share of the needs reported this week that were reported online.",
        better=0,
    ),
    _M(
        "unreported_share",
        "Never reported",
        "未反映比例",
        _SHARE,
        "Of the needs due this week, the share that was never reported or found.",
        better=-1,
    ),
    _M(
        "needs_met_rate",
        "Needs met in time",
        "需求按时解决率",
        _SHARE,
        "Of the needs due this week (deadline this week), the share closed by the deadline.",
        main=True,
    ),
    _M(
        "needs_met_elderly",
        "Needs met in time, elderly",
        "老年人需求按时解决率",
        _SHARE,
        "Needs met in time among needs of residents aged 60+.",
    ),
    _M(
        "needs_met_nonelderly",
        "Needs met in time, under 60",
        "非老年人需求按时解决率",
        _SHARE,
        "Needs met in time among needs of residents under 60.",
    ),
    _M(
        "mean_resolution_weeks",
        "Resolution time",
        "平均解决周数",
        "weeks",
        "Mean weeks from a need arising to its case closing, over cases closed this week "
        "(the week it arose counts as the first).",
        main=True,
        better=-1,
    ),
    _M(
        "backlog",
        "Backlog",
        "积压案件",
        "cases per 1,000 households",
        "Reported cases still open at the end of the week, per 1,000 households.",
        main=True,
        better=-1,
    ),
    _M(
        "backlog_cases",
        "Backlog (cases)",
        "积压案件数",
        "cases",
        "Reported cases still open at the end of the week.",
        better=-1,
    ),
    _M(
        "platform_quality",
        "Platform quality",
        "平台质量",
        "0–1",
        "Quality Q of the smart platform (ages without maintenance).",
        main=True,
    ),
    _M(
        "worker_utilization",
        "Grid-worker utilization",
        "网格员负荷率",
        _SHARE,
        "Cases handled by grid workers over the cases they could take this week (at most 1).",
        better=0,
    ),
    _M(
        "org_utilization",
        "Organization utilization",
        "社会组织负荷率",
        _SHARE,
        "Cases taken by social organizations over the cases they could take (at most 1; NaN "
        "without organizations).",
        better=0,
    ),
    _M(
        "cost",
        "Weekly cost",
        "每周成本",
        "thousand CNY per week",
        "Spending this week: workers, platform, assisted access, organizations, events, "
        "government casework.",
        main=True,
        better=-1,
    ),
    _M(
        "online_share_youth",
        "Reported online, youth",
        "青年线上反映比例",
        _SHARE,
        "Share of needs reported online, residents aged 18–34.",
        better=0,
    ),
    _M(
        "online_share_middle",
        "Reported online, middle age",
        "中年线上反映比例",
        _SHARE,
        "Share of needs reported online, residents aged 35–59.",
        better=0,
    ),
    _M(
        "online_share_elderly",
        "Reported online, elderly",
        "老年线上反映比例",
        _SHARE,
        "Share of needs reported online, residents aged 60+.",
        better=0,
    ),
    _M(
        "governance_offline_youth",
        "Offline governance acts, youth",
        "青年线下共治参与率",
        _SHARE,
        "Share of residents aged 18–34 with an offline governance act " + _RECENT + ".",
    ),
    _M(
        "governance_offline_middle",
        "Offline governance acts, middle age",
        "中年线下共治参与率",
        _SHARE,
        "Share of residents aged 35–59 with an offline governance act " + _RECENT + ".",
    ),
    _M(
        "governance_offline_elderly",
        "Offline governance acts, elderly",
        "老年线下共治参与率",
        _SHARE,
        "Share of residents aged 60+ with an offline governance act " + _RECENT + ".",
    ),
    _M(
        "governance_online_youth",
        "Online governance acts, youth",
        "青年线上共治参与率",
        _SHARE,
        "Share of residents aged 18–34 with an online governance act " + _RECENT + ".",
    ),
    _M(
        "governance_online_middle",
        "Online governance acts, middle age",
        "中年线上共治参与率",
        _SHARE,
        "Share of residents aged 35–59 with an online governance act " + _RECENT + ".",
    ),
    _M(
        "governance_online_elderly",
        "Online governance acts, elderly",
        "老年线上共治参与率",
        _SHARE,
        "Share of residents aged 60+ with an online governance act " + _RECENT + ".",
    ),
    _M(
        "participation_clustering",
        "Participation clustering",
        "参与的邻里聚集度",
        "ratio minus 1",
        "How much more often participants' neighbours took part in an activity "
        + _RECENT
        + " than non-participants' neighbours, as a ratio minus 1 (0: no clustering).",
        better=0,
    ),
    _M(
        "satisfied_share",
        "Satisfied residents",
        "满意居民比例",
        _SHARE,
        "Share of residents who would answer 4 or 5 (satisfied) on a 5-point survey: "
        "satisfaction at or above the survey threshold (docs/ODD.md).",
        main=True,
    ),
    _M(
        "satisfied_share_elderly",
        "Satisfied residents, elderly",
        "老年满意居民比例",
        _SHARE,
        "Share of residents aged 60+ who would answer 4 or 5 on a 5-point survey.",
    ),
    _M(
        "participation_reach_year",
        "Activity reach in a year",
        "年度活动覆盖率",
        _SHARE,
        "Share of residents who attended at least one activity in the last 52 weeks.",
        main=True,
    ),
    _M(
        "governance_reach_year",
        "Governance reach in a year",
        "年度共治覆盖率",
        _SHARE,
        "Share of residents with at least one governance act in the last 52 weeks.",
    ),
    _M(
        "offline_reach_year",
        "Offline governance in a year",
        "年度线下共治比例",
        _SHARE,
        "Share of residents with an offline governance act (deliberation, volunteering) in "
        "the last 52 weeks (compare election turnout).",
    ),
    _M(
        "offline_reach_year_youth",
        "Offline governance in a year, youth",
        "青年年度线下共治比例",
        _SHARE,
        "Share of residents aged 18–34 with an offline governance act in the last 52 weeks.",
    ),
    _M(
        "offline_reach_year_elderly",
        "Offline governance in a year, elderly",
        "老年年度线下共治比例",
        _SHARE,
        "Share of residents aged 60+ with an offline governance act in the last 52 weeks.",
    ),
    _M(
        "volunteer_hours",
        "Volunteer hours",
        "志愿服务时长",
        "hours per week per 1,000 residents",
        "Hours residents volunteered this week, per 1,000 adult residents.",
    ),
    _M(
        "requests_per_resident_year",
        "Requests per resident-year",
        "人均年诉求量",
        "requests per resident per year",
        "Needs reported this week (any channel), times 52, per adult resident.",
        better=0,
    ),
    _M(
        "facility_quality",
        "Facility quality",
        "设施质量",
        "0–1",
        "Quality of venues and equipment (ages without facility maintenance; at most the "
        "facility level built).",
    ),
    _M(
        "cost_per_household_year",
        "Cost per household per year",
        "每户每年成本",
        "CNY per household per year",
        "This week's spending, times 52, per household.",
        main=True,
        better=-1,
    ),
)

METRICS: MappingProxyType[str, Metric] = MappingProxyType({m.name: m for m in _ALL})
METRIC_NAMES: tuple[str, ...] = tuple(METRICS)
MAIN_METRICS: tuple[str, ...] = tuple(m.name for m in _ALL if m.main)

# Units whose numbers lie on 0–1; on them an effect under NEGLIGIBLE_EFFECT is no effect
# (MODEL.md section 9: the claims' default min_effect, the browser's "no meaningful effect",
# the across-worlds win and loss rates).
SCALE_UNITS: tuple[str, ...] = ("0–1", "share 0–1", "share", "level 0–1")
NEGLIGIBLE_EFFECT = 0.005


def on_unit_scale(metric: str) -> bool:
    return METRICS[metric].unit in SCALE_UNITS
