"""The one registry of model parameters (MODEL.md section 6).

Everything that shows or checks a parameter reads it from here: scenario validation,
`govsim run --set`, the browser's inputs, experiment bounds and the table in docs/ODD.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

PATHS = {
    "population": ("Population and run", "人口与运行"),
    "technology": ("Technology empowerment (4.1)", "科技赋能(4.1)"),
    "services": ("Refined services (4.2)", "精细化服务(4.2)"),
    "culture": ("Personalized needs (4.3)", "个性化需求(4.3)"),
    "government": ("Government", "政府"),
}


@dataclass(frozen=True)
class Parameter:
    """Metadata of one parameter; `kind` is the Python type its values must have."""

    name: str
    kind: type
    default: int | float | bool
    low: int | float | bool
    high: int | float | bool
    unit: str
    path: str
    label_en: str
    label_zh: str
    help_en: str
    help_zh: str
    step: float | None = None

    def label(self, lang: str = "en") -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def help(self, lang: str = "en") -> str:
        return self.help_zh if lang == "zh" else self.help_en

    @property
    def is_level(self) -> bool:
        """A 0–1 policy level (sampled designs vary these continuously)."""
        return self.kind is float and self.low == 0 and self.high == 1


def _p(name, kind, default, low, high, unit, path, label_en, label_zh, help_en, help_zh, step=None):
    return Parameter(
        name, kind, default, low, high, unit, path, label_en, label_zh, help_en, help_zh, step
    )


_LEVEL = "level 0–1"

_ALL = (
    _p(
        "n_households",
        int,
        3000,
        50,
        500_000,
        "households",
        "population",
        "Households",
        "住户数",
        "Households in the community; one household per occupied grid cell. Counts such as "
        "events and organizations are per standard community of 3,000 households.",
        "社区住户数,每个住户占一个格点;活动数、社会组织数等按 3000 户的标准社区计。",
        step=50,
    ),
    _p(
        "elderly_share",
        float,
        0.25,
        0.0,
        0.6,
        "share",
        "population",
        "Elderly share (60+)",
        "老年人口比例(60岁以上)",
        "Share of adult residents aged 60 or over (census 2020: 0.187; old estates about 0.35).",
        "60 岁及以上成年居民所占比例(2020 年普查 18.7%,老旧小区约 35%)。",
        step=0.01,
    ),
    _p(
        "steps",
        int,
        104,
        1,
        1040,
        "weeks",
        "population",
        "Weeks simulated",
        "模拟周数",
        "Number of weekly steps in a run.",
        "一次运行的周数。",
        step=1,
    ),
    _p(
        "warmup_weeks",
        int,
        52,
        0,
        520,
        "weeks",
        "population",
        "Warm-up weeks",
        "预热周数",
        "Weeks the community runs under the status quo (the baseline scenario's levers) before "
        "the policy starts at week 1, so that effects are measured from a settled state.",
        "政策在第 1 周开始之前,社区按现状(基线情景的各项政策)运行的周数,使政策效果从稳定状态起算。",
        step=1,
    ),
    _p(
        "digitization",
        float,
        0.3,
        0.0,
        1.0,
        _LEVEL,
        "technology",
        "Digitization",
        "数字化水平",
        "Level of the smart platform and of the online services it offers.",
        "智慧平台建设水平及其提供的线上服务。",
        step=0.05,
    ),
    _p(
        "platform_maintenance",
        float,
        0.1,
        0.0,
        1.0,
        _LEVEL,
        "technology",
        "Platform maintenance",
        "平台维护",
        "Upkeep that offsets platform ageing; 0 lets quality decay, 1 restores it fully.",
        "抵消平台老化的维护升级投入;0 则平台质量逐渐下降,1 则完全恢复。",
        step=0.05,
    ),
    _p(
        "procedure_simplicity",
        float,
        0.3,
        0.0,
        1.0,
        _LEVEL,
        "technology",
        "Procedure simplicity",
        "办事流程简化",
        "How simple online procedures are; simpler procedures let residents with less "
        "digital literacy report online.",
        "线上办事流程的简化程度;越简单,数字素养较低的居民也能线上反映诉求。",
        step=0.05,
    ),
    _p(
        "data_integration",
        float,
        0.1,
        0.0,
        1.0,
        _LEVEL,
        "technology",
        "Data integration",
        "数据整合",
        "Platform and grid share data: needs are identified without a report, online cases "
        "are routed directly, referrals find the right organization, activities are matched "
        "to known preferences, and government's information lag shrinks.",
        "平台与网格共享数据:无需上报即可发现需求,线上案件直接分派,转介更准确,活动按已知偏好匹配,"
        "政府信息滞后缩短。",
        step=0.05,
    ),
    _p(
        "assisted_access",
        float,
        0.2,
        0.0,
        1.0,
        _LEVEL,
        "technology",
        "Assisted access",
        "适老化辅助",
        "Offline desks and proxy service (代办) through which low-literacy residents reach "
        "online services.",
        "线下窗口与代办服务,帮助数字素养低的居民使用线上服务。",
        step=0.05,
    ),
    _p(
        "households_per_worker",
        int,
        400,
        100,
        1000,
        "households",
        "services",
        "Households per grid worker",
        "每名网格员服务户数",
        "Grid size: households served by one grid worker (provincial standard 300–500).",
        "网格规模:每名网格员负责的户数(省级标准 300–500 户)。",
        step=10,
    ),
    _p(
        "worker_training",
        float,
        0.2,
        0.0,
        1.0,
        _LEVEL,
        "services",
        "Grid-worker training",
        "网格员培训",
        "Professional and digital skill of grid workers: raises their capacity, the quality "
        "of what they settle and how well they find needs on visits.",
        "网格员的专业与数字技能:提高处理能力、办理质量和走访发现需求的能力。",
        step=0.05,
    ),
    _p(
        "case_triage",
        float,
        0.0,
        0.0,
        1.0,
        _LEVEL,
        "services",
        "Case triage",
        "案件分级处置",
        "Grid workers take the most urgent cases first — nearest their deadline, care and "
        "health needs before others — instead of first reported, first served, and make "
        "part of their household visits to elderly households first (0 = first reported "
        "first, visits spread evenly; 1 = by urgency only).",
        "网格员优先处理最紧急的案件(临近办理时限者、养老和医疗需求优先),而不是先报先办,"
        "并将一部分入户走访优先安排给老年人家庭(0 为先报先办、平均走访,1 为完全按紧急程度)。",
        step=0.05,
    ),
    _p(
        "social_orgs",
        int,
        2,
        0,
        30,
        "organizations per community",
        "services",
        "Social organizations",
        "社会组织数",
        "Social organizations contracted (elderly care, health, child care, training, "
        "mediation); target of at least 10 per urban community (MCA 2017).",
        "引入的社会组织数量(养老、医疗、托育、培训、调解等);民政部目标为每个城市社区不少于 10 个。",
        step=1,
    ),
    _p(
        "org_autonomy",
        float,
        0.3,
        0.0,
        1.0,
        _LEVEL,
        "services",
        "Organization autonomy",
        "社会组织自主性",
        "Professional independence of organizations; low autonomy (administratively "
        "absorbed) diverts their capacity to assigned tasks and lowers service quality.",
        "社会组织的专业独立性;自主性低(被行政吸纳)会挤占服务能力并降低服务质量。",
        step=0.05,
    ),
    _p(
        "event_variety",
        int,
        2,
        1,
        8,
        "activity types",
        "culture",
        "Event variety",
        "活动种类",
        "Distinct activity types offered, of the 8 the model knows.",
        "提供的社区活动种类数(共 8 类)。",
        step=1,
    ),
    _p(
        "events_per_week",
        int,
        4,
        0,
        40,
        "events per community-week",
        "culture",
        "Events per week",
        "每周活动场次",
        "Community events held per week; each event's places scale with the community's size, "
        "so the same value means the same offer per resident at any size.",
        "每周举办的社区活动场次;每场活动的名额随社区规模按比例变化,因此同一数值在任何规模下对每位居民意味着相同的活动供给。",
        step=1,
    ),
    _p(
        "facility_level",
        float,
        0.3,
        0.0,
        1.0,
        _LEVEL,
        "culture",
        "Facility level",
        "设施水平",
        "Venues and their capacity as built: places per event rise from 15 to 90 (per "
        "standard community); without upkeep (facility maintenance) they age.",
        "活动场地及其建成时的容量:每场活动可容纳人数从 15 增至 90(按标准社区计);"
        "缺少维护会逐渐老化。",
        step=0.05,
    ),
    _p(
        "facility_maintenance",
        float,
        0.1,
        0.0,
        1.0,
        _LEVEL,
        "culture",
        "Facility maintenance",
        "设施维护",
        "Upkeep that offsets the ageing of venues and equipment; without it usable places and "
        "the appeal of activities decline (paper 3.3: outdated facilities).",
        "抵消场地和设备老化的维护投入;缺少维护,可用场地和活动吸引力随之下降"
        "(论文 3.3:设备更新滞后)。",
        step=0.05,
    ),
    _p(
        "preference_targeting",
        float,
        0.0,
        0.0,
        1.0,
        _LEVEL,
        "culture",
        "Preference targeting",
        "按需定制活动",
        "Share of events whose type follows residents' preferences as known through the "
        "platform and the grid; the rest follow the fixed traditional programme.",
        "按平台与网格掌握的居民偏好安排活动类型的比例;其余沿用固定的传统活动。",
        step=0.05,
    ),
    _p(
        "budget",
        float,
        0.0,
        0.0,
        500.0,
        "thousand CNY per week per 3,000 households",
        "government",
        "Weekly budget",
        "每周预算",
        "Weekly budget for the levers, per standard community of 3,000 households (0 = "
        "unlimited). When the levers cost more, events, organizations' contracts, "
        "maintenance, assisted desks and training are scaled down in proportion until they fit.",
        "各项政策的每周预算,按 3000 户的标准社区计(0 表示不限)。超出预算时,活动、社会组织购买服务、"
        "维护、适老化窗口和培训按比例缩减,直至不超预算。",
        step=1,
    ),
    _p(
        "responsive_government",
        bool,
        False,
        False,
        True,
        "on/off",
        "government",
        "Responsive government",
        "回应型政府",
        "Each quarter the government reviews outcomes and shifts staff time and money from "
        "the stronger of case handling and activities to the weaker.",
        "政府每季度评估结果,把人力和经费从案件办理与社区活动中较强的一方转向较弱的一方。",
    ),
)

PARAMETERS: MappingProxyType[str, Parameter] = MappingProxyType({p.name: p for p in _ALL})
DEFAULTS: MappingProxyType[str, int | float | bool] = MappingProxyType(
    {p.name: p.default for p in _ALL}
)
