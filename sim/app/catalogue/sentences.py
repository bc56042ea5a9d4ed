"""Every sentence and label the browser, the report and the downloads show: `TEXT`, key ->
(English, Chinese). {placeholders} are filled by `sim.app.i18n.t`.

Written with ASCII punctuation for ease; the Chinese takes full-width punctuation
(`FULL_WIDTH`) when this module is loaded.
"""

from __future__ import annotations

from sim.app.catalogue.validation import VALIDATION

TEXT = {
    # ---------------------------------------------------------------- app frame
    "app_title": ("govsim — community governance policies", "社区治理政策模拟"),
    "language": ("中文", "English"),  # the switch shows the other language
    "tab_brief": ("Brief", "简报"),
    "tab_live": ("Live model", "实时模型"),
    "tab_compare": ("Compare", "情景比较"),
    "tab_explore": ("Explore", "参数探索"),
    "loading": ("Loading…", "正在加载…"),
    "loading_results": ("Reading the results folder…", "正在读取结果文件夹…"),
    "results_folder": ("Results folder", "结果文件夹"),
    "no_results": (
        "No results folders under {root}. Run a sweep first, e.g. `make demo`; the live "
        "model works without one.",
        "{root} 下没有结果文件夹。请先运行一批模拟(例如 make demo);实时模型无需结果文件夹。",
    ),
    "cannot_read": (
        "Cannot read results folder {folder}: {problem}",
        "无法读取结果文件夹 {folder}:{problem}",
    ),
    "partial": (
        "This sweep is not complete ({done} of {total} runs done, {failed} failed; "
        "status: {status}). Charts use the finished runs.",
        "该批次尚未完成(已完成 {done}/{total} 次运行,失败 {failed} 次;状态:{status})。"
        "图表仅使用已完成的运行。",
    ),
    "status_complete": ("complete", "已完成"),
    "status_running": ("running", "运行中"),
    "status_interrupted": ("interrupted", "已中断"),
    "no_runs": ("No finished runs in this folder yet.", "该文件夹中还没有完成的运行。"),
    # ---------------------------------------------------------------- choosing
    "choose_scenarios": ("Scenarios to compare", "要比较的情景"),
    "reference": ("Compared with", "对照情景"),
    "need_two": ("Choose at least two to compare.", "请至少选择两个情景进行比较。"),
    "metric": ("Metric", "指标"),
    "outcome": ("Outcome", "结果指标"),
    "budget": (
        "Extra budget: CNY per household per year (0 = no limit)",
        "追加预算:每户每年元数(0 = 不限)",
    ),
    "budget_means": (
        "{budget} CNY per household per year is {weekly} thousand CNY per week for a "
        "community of {households} households.",
        "每户每年 {budget} 元,相当于 {households} 户的社区每周 {weekly} 千元。",
    ),
    # ---------------------------------------------------------------- brief
    "brief_title": ("{title}: the answer in brief", "{title}:简要结论"),
    "brief_basis": (
        "From {runs} simulated runs ({replications} per scenario, the same random seeds for "
        "every scenario) of {weeks} weeks: each number is the mean of the last 13 weeks, and "
        "each change is measured against {reference} on the same seeds, with its 95% interval "
        "(the range that the replications leave for the true mean).",
        "依据 {runs} 次模拟运行(每个情景 {replications} 次,各情景使用相同的随机种子),每次 "
        "{weeks} 周:每个数值是最后 13 周的平均值;每项变化均在相同种子下与{reference}比较,并"
        "给出 95% 区间(重复模拟所允许的真实均值范围)。",
    ),
    "key_findings": ("Key findings", "主要结论"),
    "question": (
        "Which path helps most on “{metric}”, and at what cost?",
        "哪条路径最能改善“{metric}”,代价多大?",
    ),
    "best": ("{scenario} does most: it {effect}.", "{scenario}效果最好:{effect}。"),
    "overall": (
        "Among all residents, it {effect}.",
        "对全体居民,它{effect}。",
    ),
    "budget_model": (
        " In the model's own budget units: {value} thousand CNY per week per 3,000 households.",
        "折合模型的预算参数:每 3000 户每周 {value} 千元。",
    ),
    "about_as_much": (
        "{scenario} does about as much: the difference between the two, {value}, is within "
        "its 95% interval of no change ({interval}).",
        "{scenario}的效果与之相当:两者之差 {value} 的 95% 区间包含零({interval})。",
    ),
    "none_better": (
        "None of the chosen scenarios improves {metric} compared with {reference}.",
        "与{reference}相比,所选情景都没有改善{metric}。",
    ),
    "per_yuan": (
        "Per yuan, {scenario} gives the most: {ratio} in {metric} for each 100 CNY per "
        "household per year.",
        "按每元投入计,{scenario}效果最好:每户每年每投入 100 元,{metric}提高 {ratio}。",
    ),
    "within_budget": (
        "Within an extra {budget} CNY per household per year, {scenario} does most: {effect}.",
        "在每户每年追加 {budget} 元的预算内,{scenario}效果最好:{effect}。",
    ),
    "nothing_within_budget": (
        "No chosen scenario that improves {metric} fits within an extra {budget} CNY per "
        "household per year.",
        "在每户每年追加 {budget} 元的预算内,没有能改善{metric}的所选情景。",
    ),
    "widens_gap": (
        "{scenarios} widen the gap in satisfaction between residents under 60 and aged 60+.",
        "{scenarios}扩大了 60 岁以下与 60 岁及以上居民之间的满意度差距。",
    ),
    "widens_gap_one": (
        "{scenarios} widens the gap in satisfaction between residents under 60 and aged 60+.",
        "{scenarios}扩大了 60 岁以下与 60 岁及以上居民之间的满意度差距。",
    ),
    "per_scenario": ("Scenario by scenario, against {reference}", "逐个情景,与{reference}相比"),
    "list_and": (", ", "、"),
    "list_last": (" and ", "和"),
    # effect phrases; {metric} is the label with its unit and direction
    "raises": ("raises {metric} by {value}", "使{metric}提高 {value}"),
    "lowers": ("lowers {metric} by {value}", "使{metric}降低 {value}"),
    "no_effect": (
        "has no meaningful effect on {metric} ({value})",
        "对{metric}没有实质影响({value})",
    ),
    "unclear": (
        "changes {metric} by {value}, but the interval includes no change",
        "使{metric}变化 {value},但区间包含零,方向不确定",
    ),
    "interval": ("95% interval {low} to {high}", "95%区间 {low} 至 {high}"),
    "better_cue": ("better", "改善"),
    "worse_cue": ("worse", "变差"),
    "cost_more": (
        "for {value} CNY more per household per year ({interval})",
        "每户每年多花 {value} 元({interval})",
    ),
    "cost_less": (
        "while saving {value} CNY per household per year ({interval})",
        "同时每户每年节省 {value} 元({interval})",
    ),
    "cost_same": (
        "at no clear change in cost ({value} CNY per household per year)",
        "成本无明显变化(每户每年 {value} 元)",
    ),
    "scenario_sentence": ("{scenario} {effect}.", "{scenario}{effect}。"),
    "worlds": (
        "better in {share}% of {n} plausible worlds (5–95% range across worlds {low} to {high})",
        "在 {n} 种可能情形中有 {share}% 更好(各情形的 5%–95% 范围:{low} 至 {high})",
    ),
    "worlds_note": (
        "The 95% interval is over random seeds in one set of assumptions; the share of "
        "plausible worlds is over sampled model assumptions.",
        "95% 区间反映同一组假设下随机种子的差异;可能情形的比例反映模型假设抽样的差异。",
    ),
    "elderly_sentence": (
        "For residents aged 60+, {scenario} changes {changes}; for residents under 60, {others}.",
        "对 60 岁及以上居民,{scenario}使{changes};对 60 岁以下居民,{others}。",
    ),
    "change_item": ("{measure} by {value}", "{measure}变化 {value}"),
    # ---------------------------------------------------------------- charts
    "cost_title": (
        "Gain in {metric} against added cost, compared with {reference}",
        "{metric}的提高与追加成本(与{reference}相比)",
    ),
    "cost_axis": (
        "Added cost (CNY per household per year)",
        "追加成本(元/户/年)",
    ),
    "gain_axis": ("Change in {metric}", "{metric}的变化"),
    "budget_line": ("Budget: {budget} CNY", "预算:{budget} 元"),
    "beyond_budget": ("beyond the budget", "超出预算"),
    "reference_point": ("{reference} (reference)", "{reference}(对照)"),
    "elderly_title": (
        "Residents aged 60+ and under 60: change compared with {reference} (95% interval)",
        "60 岁及以上与 60 岁以下居民:与{reference}相比的变化(95%区间)",
    ),
    "timeseries_title": (
        "{metric} by week (mean and 95% band)",
        "{metric}逐周变化(均值与95%区间)",
    ),
    "final_title": ("Final quarter (mean and 95% interval)", "最后一个季度(均值与95%区间)"),
    "age_title": ("Residents aged 60+ and under 60", "60 岁及以上与 60 岁以下居民"),
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
    "elderly": ("Aged 60+", "60 岁及以上"),
    "nonelderly": ("Under 60", "60 岁以下"),
    "satisfaction": ("Satisfaction", "满意度"),
    "participation": ("Activity participation", "活动参与率"),
    "needs_met": ("Needs met in time", "需求按时解决率"),
    "trust": ("Trust", "信任度"),
    "higher_better": ("higher is better", "越高越好"),
    "lower_better": ("lower is better", "越低越好"),
    "neither_better": ("neither higher nor lower is better", "无好坏之分"),
    "heatmap_title": ("{metric}: mean over replications", "{metric}:各次重复的均值"),
    "x_factor": ("Horizontal factor", "横轴因素"),
    "y_factor": ("Vertical factor", "纵轴因素"),
    "sensitivity_title": ("Sensitivity of {metric} ({design})", "{metric}的敏感性({design})"),
    "design_sobol": ("Sobol indices", "索博尔指数"),
    "design_morris": ("Morris screening", "莫里斯筛选"),
    "design_lhs": ("rank correlation over a Latin hypercube", "拉丁超立方抽样的秩相关"),
    "design_grid": ("full grid", "全因子网格"),
    "design_oat": ("one factor at a time", "单因素变化"),
    "index_S1": ("First-order index", "一阶指数"),
    "index_ST": ("Total index", "总效应指数"),
    "index_mu_star": ("Mean absolute effect", "平均绝对效应"),
    "index_spearman": ("Rank correlation", "秩相关系数"),
    "index_axis": ("Index (95% interval)", "指数(95%区间)"),
    "explore_none": (
        "Explore needs a grid sweep with two or more factors, or a sensitivity sweep "
        "(Sobol, Morris, Latin hypercube). This folder holds a {design} design with factors: "
        "{factors}.",
        "参数探索需要含两个及以上因素的网格批次,或敏感性批次(索博尔、莫里斯、拉丁超立方)。"
        "此文件夹为{design}设计,因素:{factors}。",
    ),
    "no_indices": (
        "No indices for this metric: some design points have no finished runs, or "
        "the metric is undefined at some of them.",
        "该指标无法计算敏感性指数:部分设计点尚无完成的运行,或该指标在部分设计点无定义。",
    ),
    "factors_none": ("none", "无"),
    # ---------------------------------------------------------------- live model
    "grid": (
        "The community: each square a household, thick lines the grid blocks, ◆ grid workers",
        "社区:每个方格为一户,粗线为网格边界,◆ 为网格员",
    ),
    "blocks": ("grid blocks", "网格"),
    "grid_workers": ("grid workers", "网格员"),
    "colour_by": ("Colour households by", "住户着色依据"),
    "main_metrics": ("Main measures, week by week", "主要指标逐周变化"),
    "scenario": ("Scenario", "情景"),
    "play": ("Play", "播放"),
    "pause": ("Pause", "暂停"),
    "step": ("One week", "前进一周"),
    "reset": ("Restart", "重新开始"),
    "apply": ("Apply and restart", "应用并重新开始"),
    "week_of": ("Week {week} of {steps}", "第 {week} 周 / 共 {steps} 周"),
    "finished_run": ("The run is finished: press Restart.", "本次运行已结束:请点“重新开始”。"),
    "pending_changes": (
        "Settings changed: press “Apply and restart” to use them.",
        "设置已修改:点“应用并重新开始”后生效。",
    ),
    "settings": ("Settings", "设置"),
    "show_settings": ("Show settings", "显示设置"),
    "hide_settings": ("Hide settings", "隐藏设置"),
    "seed": ("Random seed", "随机种子"),
    "seed_help": (
        "Same seed and settings give the same run; change it to see another random draw.",
        "相同的种子和设置得到相同的结果;更换种子可以看到另一次随机结果。",
    ),
    "live_households_cap": (
        "The live model is capped at {cap} households to stay responsive; sweeps have no cap.",
        "为保持流畅,实时模型最多 {cap} 户;批量模拟不受此限。",
    ),
    "live_error": ("The model stopped with an error: {error}", "模型因错误停止:{error}"),
    "on": ("on", "开"),
    "off": ("off", "关"),
    # ---------------------------------------------------------------- downloads
    "downloads": ("Downloads", "下载"),
    "download_csv": ("Comparison (CSV)", "比较数据(CSV)"),
    "download_xlsx": ("Comparison (Excel)", "比较数据(Excel)"),
    "download_toml": ("Scenario file (TOML)", "情景文件(TOML)"),
    "download_point_toml": ("Parameters of {scenario} (TOML)", "{scenario}的参数(TOML)"),
    "print": ("Print or save as PDF", "打印或另存为 PDF"),
    "downloads_note": (
        "Files are made on this computer; nothing is uploaded.",
        "文件在本机生成,不会上传到任何地方。",
    ),
    # ---------------------------------------------------------------- tables and files
    "col_scenario": ("Scenario", "情景"),
    "col_metric": ("Metric", "指标"),
    "col_unit": ("Unit", "单位"),
    "col_direction": ("Better when", "评价方向"),
    "col_mean": ("Mean", "均值"),
    "col_low": ("95% low", "95%下限"),
    "col_high": ("95% high", "95%上限"),
    "col_runs": ("Runs", "运行次数"),
    "col_reference": ("Compared with", "对照情景"),
    "col_difference": ("Change", "变化"),
    "col_diff_low": ("Change, 95% low", "变化95%下限"),
    "col_diff_high": ("Change, 95% high", "变化95%上限"),
    "col_group": ("Residents", "居民"),
    "col_measure": ("Measure", "指标"),
    "col_week": ("Week", "周"),
    "col_path": ("Policy path", "政策路径"),
    "col_parameter": ("Parameter", "参数"),
    "col_cost": ("Added cost (CNY per household per year)", "追加成本(元/户/年)"),
    "col_cost_low": ("Added cost, 95% low", "追加成本95%下限"),
    "col_cost_high": ("Added cost, 95% high", "追加成本95%上限"),
    "col_within_budget": ("Within the budget", "在预算内"),
    "col_item": ("Item", "项目"),
    "col_table": ("Table", "表"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "higher": ("higher", "越高越好"),
    "lower": ("lower", "越低越好"),
    "neither": ("neither", "无"),
    "sheet_about": ("About", "说明"),
    "sheet_summary": ("Outcomes", "结果"),
    "sheet_differences": ("Changes", "变化"),
    "sheet_cost": ("Cost-effectiveness", "成本效益"),
    "sheet_elderly": ("Aged 60+ and under 60", "分年龄"),
    "sheet_timeseries": ("By week", "逐周"),
    "sheet_parameters": ("Parameters", "参数"),
    "about_title": ("Experiment", "实验"),
    "about_folder": ("Results folder", "结果文件夹"),
    "about_generated": ("Generated", "生成时间"),
    "about_note": (
        "Means are over the last 13 weeks of each run; intervals are 95% t-intervals over "
        "replications; changes are paired on the same seeds.",
        "均值为每次运行最后 13 周的平均;区间为各次重复的 95% t 区间;变化按相同种子配对计算。",
    ),
    # ---------------------------------------------------------------- report
    "report_title": ("Briefing: {title}", "简报:{title}"),
    "report_charts": ("Compare in detail", "详细比较"),
    "summary_table": (
        "Outcomes in the last quarter: mean and 95% interval",
        "最后一个季度的结果:均值与95%区间",
    ),
    "difference_table": (
        "Changes compared with {reference}: mean and 95% interval (same seeds)",
        "与{reference}相比的变化:均值与95%区间(相同种子)",
    ),
    "scenario_params": ("Scenario parameters", "情景参数"),
    "all_params": ("All parameters", "全部参数"),
    "provenance": ("Where the numbers come from", "数据来源"),
    "parameter": ("Parameter", "参数"),
    "generated": ("Generated {when} from {folder}", "生成于 {when},数据来自 {folder}"),
    "runs": ("Runs", "运行"),
    "runs_counts": (
        "{done} done, {failed} failed, {pending} pending",
        "完成 {done} 次,失败 {failed} 次,未完成 {pending} 次",
    ),
    "seeds": ("Seeds", "随机种子"),
    "seeds_text": (
        "{n} paired seeds from master seed {master}",
        "{n} 个配对种子,主种子 {master}",
    ),
    "code_version": ("Code version", "代码版本"),
    "spec_hash": ("Experiment fingerprint", "实验规格指纹"),
    "packages": ("Software", "软件包"),
    "started": ("Started", "开始"),
    "finished": ("Finished", "结束"),
    "status": ("Status", "状态"),
    "design": ("Design", "实验设计"),
    "design_text": ("{design}; factors: {factors}", "{design};因素:{factors}"),
    "description": ("Description", "说明"),
}

FULL_WIDTH = str.maketrans(
    {"(": "\uff08", ")": "\uff09", ",": "\uff0c", ";": "\uff1b", ":": "\uff1a", "?": "\uff1f"}
)
TEXT.update(VALIDATION)
# Chinese text takes full-width punctuation; the catalogue is written with ASCII for ease.
TEXT = {k: (en, zh.translate(FULL_WIDTH)) for k, (en, zh) in TEXT.items()}
TEXT["list_and"] = (", ", "、")
