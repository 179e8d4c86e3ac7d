"""The 2021 format of the annual report (国办公开办函〔2021〕30号), as data.

Every label here is copied from the official template exactly; the rest of the program reads them
from here.  Keys are stable identifiers used in project files and must never change once released;
so are the ids of the tables' rules (``TableRule``).  The roles (``Role``) say what each section,
table, row and column is for: the rules find them by their roles, never by their keys.
"""

from __future__ import annotations

from models.format.spec import (
    Block,
    Node,
    NumberKind,
    ReportFormat,
    Role,
    SectionSpec,
    TableRule,
    TableSpec,
)

# --- 表二 主动公开政府信息情况 ----------------------------------------------------------------

_ITEM = "信息内容"
_DECISIONS = Node("本年处理决定数量", "decisions")

TABLE_2 = TableSpec(
    key="t2",
    name="表二",
    blocks=(
        Block(
            caption="第二十条第（一）项",
            corner=_ITEM,
            columns=(
                Node("本年制发件数", "issued", short="本年制发", role=Role.ISSUED),
                Node("本年废止件数", "repealed", short="本年废止", role=Role.REPEALED),
                Node("现行有效件数", "in_force", short="现行有效", role=Role.IN_FORCE),
            ),
            rows=(
                Node("规章", "rules", role=Role.REGULATIONS),
                Node("行政规范性文件", "normative", role=Role.NORMATIVE),
            ),
        ),
        Block(
            caption="第二十条第（五）项",
            corner=_ITEM,
            columns=(_DECISIONS,),
            rows=(Node("行政许可", "license", role=Role.LICENSE),),
        ),
        Block(
            caption="第二十条第（六）项",
            corner=_ITEM,
            columns=(_DECISIONS,),
            rows=(
                Node("行政处罚", "penalty", role=Role.PENALTY),
                Node("行政强制", "enforcement", role=Role.ENFORCEMENT),
            ),
        ),
        Block(
            caption="第二十条第（八）项",
            corner=_ITEM,
            columns=(Node("本年收费金额（单位：万元）", "amount"),),
            rows=(Node("行政事业性收费", "fees", role=Role.FEES),),
        ),
    ),
    column_weights=(1, 1, 1, 1),
    kinds={"fees": NumberKind.AMOUNT},
    role=Role.PROACTIVE,
)

# --- 表三 收到和处理政府信息公开申请情况 ------------------------------------------------------


def _numbered(
    prefix: str, items: tuple[tuple[str, str], ...], roles: dict[str, Role] | None = None
) -> tuple[Node, ...]:
    return tuple(
        Node(f"{i}.{label}", f"{prefix}_{key}", role=(roles or {}).get(key))
        for i, (label, key) in enumerate(items, start=1)
    )


# Named here, before the table, because the table's rule is titled by its short name.
_RESULTS_TOTAL = Node(
    "（七）总计", "result_total", total=True, short="办理结果总计", role=Role.RESULTS_TOTAL
)


TABLE_3 = TableSpec(
    key="t3",
    name="表三",
    blocks=(
        Block(
            corner="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            columns=(
                Node(
                    "申请人情况",
                    children=(
                        Node("自然人", "natural"),
                        Node(
                            "法人或其他组织",
                            children=(
                                Node("商业企业", "business", display="商业\n企业"),
                                Node("科研机构", "research", display="科研\n机构"),
                                Node("社会公益组织", "public_welfare"),
                                Node("法律服务机构", "legal_service"),
                                Node("其他", "other_org"),
                            ),
                        ),
                        Node("总计", "total", total=True, role=Role.TOTAL),
                    ),
                ),
            ),
            rows=(
                Node("一、本年新收政府信息公开申请数量", "new", short="本年新收", role=Role.NEW),
                Node(
                    "二、上年结转政府信息公开申请数量",
                    "carried_in",
                    short="上年结转",
                    role=Role.CARRIED_IN,
                ),
                Node(
                    "三、本年度办理结果",
                    role=Role.RESULTS,
                    children=(
                        Node("（一）予以公开", "disclosed", role=Role.DISCLOSED),
                        Node(
                            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                            "partly",
                            short="（二）部分公开",
                            role=Role.PARTLY_DISCLOSED,
                        ),
                        Node(
                            "（三）不予公开",
                            role=Role.REFUSED,
                            children=_numbered(
                                "refused",
                                (
                                    ("属于国家秘密", "secret"),
                                    ("其他法律行政法规禁止公开", "law"),
                                    ("危及“三安全一稳定”", "safety"),
                                    ("保护第三方合法权益", "third_party"),
                                    ("属于三类内部事务信息", "internal"),
                                    ("属于四类过程性信息", "process"),
                                    ("属于行政执法案卷", "enforcement_file"),
                                    ("属于行政查询事项", "query"),
                                ),
                            ),
                        ),
                        Node(
                            "（四）无法提供",
                            children=_numbered(
                                "unable",
                                (
                                    ("本机关不掌握相关政府信息", "not_held"),
                                    ("没有现成信息需要另行制作", "needs_creation"),
                                    ("补正后申请内容仍不明确", "unclear"),
                                ),
                                roles={"not_held": Role.NOT_HELD},
                            ),
                        ),
                        Node(
                            "（五）不予处理",
                            children=_numbered(
                                "unhandled",
                                (
                                    ("信访举报投诉类申请", "petition"),
                                    ("重复申请", "repeat"),
                                    ("要求提供公开出版物", "publication"),
                                    ("无正当理由大量反复申请", "mass"),
                                    ("要求行政机关确认或重新出具已获取信息", "confirm"),
                                ),
                            ),
                        ),
                        Node(
                            "（六）其他处理",
                            children=_numbered(
                                "other",
                                (
                                    (
                                        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                                        "no_correction",
                                    ),
                                    (
                                        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                                        "no_fee",
                                    ),
                                    ("其他", "other"),
                                ),
                            ),
                        ),
                        _RESULTS_TOTAL,
                    ),
                ),
                Node(
                    "四、结转下年度继续办理",
                    "carried_out",
                    short="结转下年度",
                    role=Role.CARRIED_OUT,
                ),
            ),
        ),
    ),
    column_weights=(754, 921, 3271, 685, 685, 685, 685, 685, 685, 685),
    balance=(("new", "carried_in"), ("result_total", "carried_out")),
    role=Role.APPLICATIONS,
    row_total_rule=TableRule("t3.row_total", "各行总计"),
    column_total_rule=TableRule("t3.column_total", _RESULTS_TOTAL.brief),
    balance_rule=TableRule("t3.balance", "勾稽关系"),
)

# --- 表四 政府信息公开行政复议、行政诉讼情况 --------------------------------------------------


def _outcomes(prefix: str, *, unbroken: int) -> tuple[Node, ...]:
    """The five outcome columns of a 表四 group; the template breaks the labels after the first
    ``unbroken`` ones over two lines."""
    labels = (
        ("结果维持", "upheld", Role.UPHELD),
        ("结果纠正", "corrected", Role.CORRECTED),
        ("其他结果", "other", Role.OTHER_OUTCOME),
        ("尚未审结", "pending", Role.PENDING),
    )
    nodes = tuple(
        Node(
            label,
            f"{prefix}_{key}",
            display=f"{label[:2]}\n{label[2:]}" if i >= unbroken else "",
            role=role,
        )
        for i, (label, key, role) in enumerate(labels)
    )
    return (*nodes, Node("总计", f"{prefix}_total", total=True, role=Role.TOTAL))


TABLE_4 = TableSpec(
    key="t4",
    name="表四",
    blocks=(
        Block(
            columns=(
                Node("行政复议", children=_outcomes("review", unbroken=1), role=Role.REVIEW),
                Node(
                    "行政诉讼",
                    role=Role.LITIGATION,
                    children=(
                        Node(
                            "未经复议直接起诉",
                            children=_outcomes("direct", unbroken=0),
                            role=Role.DIRECT_SUIT,
                        ),
                        Node(
                            "复议后起诉",
                            children=_outcomes("after_review", unbroken=0),
                            role=Role.SUIT_AFTER_REVIEW,
                        ),
                    ),
                ),
            ),
            rows=(Node("", "cases"),),
        ),
    ),
    column_weights=(1,) * 15,
    role=Role.APPEALS,
    row_total_rule=TableRule("t4.group_total", "各组总计"),
)

# --- The report ---------------------------------------------------------------------------------

_NOTICE = "国办公开办函〔2021〕30号"

FORMAT_2021 = ReportFormat(
    id="2021",
    name=f"2021年版（{_NOTICE}）",
    notice=_NOTICE,
    title_pattern="{agency}{year}年政府信息公开工作年度报告",
    sections=(
        SectionSpec(
            key="overview",
            number="一",
            title="总体情况",
            has_parts=True,
            usual_parts=(
                "主动公开情况",
                "依申请公开情况",
                "政府信息管理情况",
                "政府信息公开平台建设情况",
                "监督保障情况",
            ),
            placeholder="（文字描述）",
        ),
        SectionSpec(
            key="proactive",
            number="二",
            title="主动公开政府信息情况",
            short="主动公开",
            table=TABLE_2,
            text_required=False,
        ),
        SectionSpec(
            key="requests",
            number="三",
            title="收到和处理政府信息公开申请情况",
            short="依申请公开",
            table=TABLE_3,
            text_required=False,
        ),
        SectionSpec(
            key="review_litigation",
            number="四",
            title="政府信息公开行政复议、行政诉讼情况",
            short="复议和诉讼",
            table=TABLE_4,
            text_required=False,
        ),
        SectionSpec(
            key="problems",
            number="五",
            title="存在的主要问题及改进情况",
            short="问题及改进",
            has_parts=True,
            usual_parts=("上年度存在的问题及改进情况", "本年度存在的问题及下年度改进举措"),
            placeholder="（文字描述）",
            role=Role.PROBLEMS,
        ),
        SectionSpec(
            key="other",
            number="六",
            title="其他需要报告的事项",
            short="其他事项",
            has_parts=True,
            usual_parts=("政府信息处理费收取情况",),
            placeholder="（文字描述，收取信息处理费情况在此处报告。）",
            role=Role.OTHER_MATTERS,
        ),
    ),
)
