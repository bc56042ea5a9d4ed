"""Metric definitions (MODEL.md section 7 plus breakdowns) and their weekly computation."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from sim.model.calibration import DEFAULT_CALIBRATION
from sim.model.codes import AgeGroup, Channel
from sim.model.rules import gini

if TYPE_CHECKING:
    from sim.model.community import CommunityModel


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
        "cases",
        "Reported cases still open at the end of the week.",
        main=True,
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
        "Cases handled by grid workers over their capacity this week.",
        better=0,
    ),
    _M(
        "org_utilization",
        "Organization utilization",
        "社会组织负荷率",
        _SHARE,
        "Cases taken by social organizations over their capacity (NaN without organizations).",
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
)

METRICS: MappingProxyType[str, Metric] = MappingProxyType({m.name: m for m in _ALL})
METRIC_NAMES: tuple[str, ...] = tuple(METRICS)
MAIN_METRICS: tuple[str, ...] = tuple(m.name for m in _ALL if m.main)


def _ratio(num: float, den: float) -> float:
    return float(num) / float(den) if den > 0 else float("nan")


class GroupMeans:
    """Means over fixed resident groups by dot products (no copies of the big columns)."""

    def __init__(self, age_group: np.ndarray, literacy: np.ndarray, can_use: float):
        groups = {
            "all": np.ones(age_group.size),
            "youth": age_group == AgeGroup.YOUTH,
            "middle": age_group == AgeGroup.MIDDLE,
            "elderly": age_group == AgeGroup.ELDERLY,
            "nonelderly": age_group != AgeGroup.ELDERLY,
            "low_literacy": literacy < can_use,
            "high_literacy": literacy >= can_use,
        }
        self.weights = {k: np.asarray(v, dtype=float) for k, v in groups.items()}
        self.sizes = {k: float(v.sum()) for k, v in self.weights.items()}

    def mean(self, values: np.ndarray, group: str = "all") -> float:
        return _ratio(np.dot(values, self.weights[group]), self.sizes[group])


def observe(model: CommunityModel) -> dict[str, float]:
    """All metrics for the week just finished; NaN where a metric is undefined."""
    r, g, t = model.residents, model.groups, model.steps
    cases, week = model.cases, model.cases.week
    sat = r.satisfaction
    attended = model.recently(r.last_attended).astype(float)
    offline = model.recently(r.last_offline_act)
    online = model.recently(r.last_online_act)
    governing = (offline | online).astype(float)
    offline, online = offline.astype(float), online.astype(float)

    out = {
        "satisfaction_mean": g.mean(sat),
        "satisfaction_elderly": g.mean(sat, "elderly"),
        "satisfaction_nonelderly": g.mean(sat, "nonelderly"),
    }
    out["satisfaction_gap"] = out["satisfaction_nonelderly"] - out["satisfaction_elderly"]
    out["satisfaction_gini"] = gini(sat)
    out["satisfaction_low_literacy"] = g.mean(sat, "low_literacy")
    out["satisfaction_high_literacy"] = g.mean(sat, "high_literacy")
    out["trust_mean"] = g.mean(r.trust)
    out["participation_rate"] = g.mean(attended)
    out["participation_elderly"] = g.mean(attended, "elderly")
    out["participation_nonelderly"] = g.mean(attended, "nonelderly")
    out["governance_participation_rate"] = g.mean(governing)

    reports = week.reports  # age group x channel counts of needs reported this week
    online_col, any_channel = reports[:, Channel.ONLINE], reports[:, Channel.ONLINE :]
    out["online_share"] = _ratio(online_col.sum(), any_channel.sum())
    due, met = cases.due[:, t], cases.met[:, t]
    out["unreported_share"] = _ratio(cases.unreported[t], due.sum())
    out["needs_met_rate"] = _ratio(met.sum(), due.sum())
    out["needs_met_elderly"] = _ratio(met[1], due[1])
    out["needs_met_nonelderly"] = _ratio(met[0], due[0])
    out["mean_resolution_weeks"] = _ratio(week.resolution_weeks, week.closed)
    out["backlog"] = float(cases.backlog())
    out["platform_quality"] = model.government.platform_quality
    out["worker_utilization"] = _ratio(week.worker_handled, week.worker_capacity)
    out["org_utilization"] = _ratio(week.org_taken, week.org_capacity)
    out["cost"] = model.government.spending
    for group in AgeGroup:
        name = group.name.lower()
        out[f"online_share_{name}"] = _ratio(online_col[group], any_channel[group].sum())
        out[f"governance_offline_{name}"] = g.mean(offline, name)
        out[f"governance_online_{name}"] = g.mean(online, name)
    return {name: out[name] for name in METRIC_NAMES}
