"""Words shown to people, in English and Chinese. Parameter and metric labels come from
their registries; everything else the browser and the report show is here."""

from __future__ import annotations

from sim.model import METRICS
from sim.parameters import PARAMETERS, PATHS

LANGS = ("en", "zh")

TEXT = {
    "app_title": ("govsim — community governance policies", "govsim — 社区治理政策模拟"),
    "language": ("中文", "English"),  # the switch shows the other language
    "tab_live": ("Live model", "实时模型"),
    "tab_compare": ("Compare", "情景比较"),
    "tab_explore": ("Explore", "参数探索"),
    "scenario": ("Scenario", "情景"),
    "results_folder": ("Results folder", "结果文件夹"),
    "no_results": (
        "No results folders under {root}. Run a sweep first, e.g. `make demo`.",
        "{root} 下没有结果文件夹。请先运行模拟批次,例如 `make demo`。",
    ),
    "partial": (
        "This sweep is not complete ({done} of {total} runs done, {failed} failed; "
        "status: {status}). Charts use the finished runs.",
        "该批次尚未完成(已完成 {done}/{total} 次运行,失败 {failed} 次;状态:{status})。"
        "图表仅使用已完成的运行。",
    ),
    "choose_scenarios": ("Scenarios or design points (two or more)", "情景或设计点(至少两个)"),
    "need_two": ("Choose at least two to compare.", "请至少选择两个进行比较。"),
    "metric": ("Metric", "指标"),
    "colour_by": ("Colour households by", "住户着色依据"),
    "timeseries_title": ("{metric} by week (mean and 95% band)", "{metric}逐周变化(均值与95%区间)"),
    "final_title": ("Final quarter (mean and 95% interval)", "最后一个季度(均值与95%区间)"),
    "age_title": ("Elderly and non-elderly residents", "老年与非老年居民"),
    "diff_title": (
        "Difference from {reference} (paired seeds, 95% interval)",
        "与{reference}的差异(配对种子,95%区间)",
    ),
    "params_title": ("Parameters that differ", "不同的参数"),
    "no_param_diff": ("The chosen scenarios have the same parameters.", "所选情景参数相同。"),
    "week": ("Week", "周"),
    "value": ("Value", "数值"),
    "difference": ("Difference", "差异"),
    "group": ("Group", "人群"),
    "elderly": ("Elderly (60+)", "老年(60岁以上)"),
    "nonelderly": ("Under 60", "非老年(60岁以下)"),
    "satisfaction": ("Satisfaction", "满意度"),
    "participation": ("Activity participation", "活动参与率"),
    "needs_met": ("Needs met in time", "需求按时解决率"),
    "heatmap_title": ("{metric}: mean over replications", "{metric}:各次重复的均值"),
    "x_factor": ("Horizontal factor", "横轴因素"),
    "y_factor": ("Vertical factor", "纵轴因素"),
    "sensitivity_title": ("Sensitivity of {metric} ({design})", "{metric}的敏感性({design})"),
    "explore_none": (
        "Explore needs a grid sweep with two or more factors, or a sensitivity "
        "sweep (sobol, morris, lhs). This folder holds a {design} design with "
        "factors: {factors}.",
        "参数探索需要含两个及以上因素的网格批次,或敏感性批次(sobol、morris、lhs)。"
        "此文件夹为 {design} 设计,因素:{factors}。",
    ),
    "no_indices": (
        "No indices for this metric: some design points have no finished runs, or "
        "the metric is undefined at some of them.",
        "该指标无法计算敏感性指数:部分设计点尚无完成的运行,或该指标在部分设计点无定义。",
    ),
    "grid": (
        "Community grid: blocks outlined, grid workers marked ◆",
        "社区网格:粗线为网格边界,◆ 为网格员",
    ),
    "main_metrics": ("Main metrics as the model runs", "模型运行中的主要指标"),
    "report_title": ("govsim report: {title}", "govsim 报告:{title}"),
    "summary_table": (
        "Summary: final-quarter mean and 95% interval",
        "汇总:最后一季度均值与95%区间",
    ),
    "scenario_params": ("Scenario parameters", "情景参数"),
    "provenance": ("Provenance", "数据来源"),
    "parameter": ("Parameter", "参数"),
    "generated": ("Generated {when} from {folder}", "生成于 {when},数据来自 {folder}"),
    "runs": ("Runs", "运行"),
    "seeds": ("Seeds", "随机种子"),
    "code_version": ("Code version", "代码版本"),
    "spec_hash": ("Spec hash", "实验规格哈希"),
    "packages": ("Packages", "软件包"),
    "started": ("Started", "开始"),
    "finished": ("Finished", "结束"),
    "status": ("Status", "状态"),
    "factors_none": ("none", "无"),
    "live_reset_hint": (
        "Change inputs, then press Reset to rebuild the community.",
        "修改参数后,点击 Reset 重建社区。",
    ),
}

COLOUR_MEASURES = {
    "satisfaction": TEXT["satisfaction"],
    "participating": TEXT["participation"],
    "trust": ("Trust", "信任度"),
}


def t(key: str, lang: str = "en", **values) -> str:
    """The text for `key` in `lang`, with {placeholders} filled."""
    text = TEXT[key][lang == "zh"]
    return text.format(**values) if values else text


def metric_label(name: str, lang: str = "en") -> str:
    return METRICS[name].label(lang) if name in METRICS else name


def parameter_label(name: str, lang: str = "en") -> str:
    return PARAMETERS[name].label(lang) if name in PARAMETERS else name


def path_label(path: str, lang: str = "en") -> str:
    return PATHS[path][lang == "zh"]
