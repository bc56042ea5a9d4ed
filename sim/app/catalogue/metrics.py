"""Words about metrics that their registry (`sim.METRICS`) does not carry yet: Chinese help,
and labels of metrics that a newer model writes into results folders."""

from __future__ import annotations

# Chinese help for metrics, used while the metric registry has English help only.
METRIC_HELP_ZH = {
    "satisfaction_mean": "全体成年居民满意度的平均值。",
    "satisfaction_elderly": "60 岁及以上居民满意度的平均值(无此类居民时无定义)。",
    "satisfaction_nonelderly": "60 岁以下居民满意度的平均值(无此类居民时无定义)。",
    "satisfaction_gap": "非老年居民平均满意度减去老年居民平均满意度,即年龄差距。",
    "satisfaction_gini": "居民满意度的基尼系数,衡量不平等程度。",
    "satisfaction_low_literacy": "不会使用平台(数字素养低于 0.5)的居民的平均满意度。",
    "satisfaction_high_literacy": "会使用平台(数字素养不低于 0.5)的居民的平均满意度。",
    "trust_mean": "居民对社区治理的平均信任度。",
    "participation_rate": "最近 4 周参加过社区活动的居民比例。",
    "participation_elderly": "最近 4 周参加过社区活动的 60 岁及以上居民比例。",
    "participation_nonelderly": "最近 4 周参加过社区活动的 60 岁以下居民比例。",
    "governance_participation_rate": "最近 4 周有任何共治行为(议事、志愿、反馈)的居民比例。",
    "online_share": "本周反映的需求中通过线上反映的比例。",
    "unreported_share": "本周到期的需求中从未被反映或发现的比例。",
    "needs_met_rate": "本周到期的需求中按期解决的比例。",
    "needs_met_elderly": "60 岁及以上居民的需求中按期解决的比例。",
    "needs_met_nonelderly": "60 岁以下居民的需求中按期解决的比例。",
    "mean_resolution_weeks": "本周结案的案件从需求产生到结案的平均周数(产生当周算第一周)。",
    "backlog": "本周末仍未办结的已反映案件数,按每千户计。",
    "platform_quality": "智慧平台的质量(缺乏维护时会老化)。",
    "worker_utilization": "本周网格员处理的案件占其能力的比例。",
    "org_utilization": "社会组织承接的案件占其能力的比例(无社会组织时无定义)。",
    "cost": "本周支出:网格员、平台、适老化辅助、社会组织、活动和政府办案。",
    "online_share_youth": "18–34 岁居民需求中线上反映的比例。",
    "online_share_middle": "35–59 岁居民需求中线上反映的比例。",
    "online_share_elderly": "60 岁及以上居民需求中线上反映的比例。",
    "governance_offline_youth": "最近 4 周有线下共治行为的 18–34 岁居民比例。",
    "governance_offline_middle": "最近 4 周有线下共治行为的 35–59 岁居民比例。",
    "governance_offline_elderly": "最近 4 周有线下共治行为的 60 岁及以上居民比例。",
    "governance_online_youth": "最近 4 周有线上共治行为的 18–34 岁居民比例。",
    "governance_online_middle": "最近 4 周有线上共治行为的 35–59 岁居民比例。",
    "governance_online_elderly": "最近 4 周有线上共治行为的 60 岁及以上居民比例。",
    "satisfied_share": "在 5 分制满意度调查中会回答 4 或 5 分的居民比例。",
    "cost_per_household_year": "每户每年的支出。",
    "participation_reach_year": "最近 52 周参加过至少一次活动的居民比例。",
    "governance_reach_year": "最近 52 周有至少一次共治行为的居民比例。",
    "volunteer_hours": "每周每千名居民的志愿服务小时数。",
    "facility_quality": "活动场地设施的质量(缺乏维护时会老化)。",
    "backlog_cases": "本周末仍未办结的已反映案件数(原始数量)。",
    "satisfied_share_elderly": "在 5 分制满意度调查中会回答 4 或 5 分的 60 岁及以上居民比例。",
    "offline_reach_year": (
        "最近 52 周有线下共治行为(议事、志愿)的居民比例(可与居委会选举投票率比较)。"
    ),
    "offline_reach_year_youth": "最近 52 周有线下共治行为的 18–34 岁居民比例。",
    "offline_reach_year_elderly": "最近 52 周有线下共治行为的 60 岁及以上居民比例。",
    "requests_per_resident_year": "本周反映的需求数(任何渠道)乘以 52,按每位成年居民计。",
    "participation_clustering": (
        "参加活动者的邻居比未参加者的邻居更常参加活动的程度(比值减 1;0 表示不聚集)。"
    ),
}

# Labels of model-2 metrics for results folders written by a newer model than this code.
EXTRA_METRIC_LABELS = {
    "cost_per_household_year": ("Cost per household per year", "每户每年成本"),
}
