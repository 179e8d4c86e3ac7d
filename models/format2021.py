"""The 2021 format of the annual report (国办公开办函〔2021〕30号), as data.

Every label here is copied from the official template exactly; the rest of the program reads them
from here.  Keys are stable identifiers used in project files and must never change once released.
"""

from __future__ import annotations

from models.format import Block, Node, NumberKind, ReportFormat, SectionSpec, TableSpec

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
                Node("本年制发件数", "issued", short="本年制发"),
                Node("本年废止件数", "repealed", short="本年废止"),
                Node("现行有效件数", "in_force", short="现行有效"),
            ),
            rows=(Node("规章", "rules"), Node("行政规范性文件", "normative")),
        ),
        Block(
            caption="第二十条第（五）项",
            corner=_ITEM,
            columns=(_DECISIONS,),
            rows=(Node("行政许可", "license"),),
        ),
        Block(
            caption="第二十条第（六）项",
            corner=_ITEM,
            columns=(_DECISIONS,),
            rows=(Node("行政处罚", "penalty"), Node("行政强制", "enforcement")),
        ),
        Block(
            caption="第二十条第（八）项",
            corner=_ITEM,
            columns=(Node("本年收费金额（单位：万元）", "amount"),),
            rows=(Node("行政事业性收费", "fees"),),
        ),
    ),
    column_weights=(1, 1, 1, 1),
    kinds={"fees": NumberKind.AMOUNT},
)

# --- 表三 收到和处理政府信息公开申请情况 ------------------------------------------------------


def _numbered(prefix: str, items: tuple[tuple[str, str], ...]) -> tuple[Node, ...]:
    return tuple(
        Node(f"{i}.{label}", f"{prefix}_{key}") for i, (label, key) in enumerate(items, start=1)
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
                        Node("总计", "total", total=True),
                    ),
                ),
            ),
            rows=(
                Node("一、本年新收政府信息公开申请数量", "new", short="本年新收"),
                Node("二、上年结转政府信息公开申请数量", "carried_in", short="上年结转"),
                Node(
                    "三、本年度办理结果",
                    children=(
                        Node("（一）予以公开", "disclosed"),
                        Node(
                            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                            "partly",
                            short="（二）部分公开",
                        ),
                        Node(
                            "（三）不予公开",
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
                        Node("（七）总计", "result_total", total=True, short="办理结果总计"),
                    ),
                ),
                Node("四、结转下年度继续办理", "carried_out", short="结转下年度"),
            ),
        ),
    ),
    column_weights=(754, 921, 3271, 685, 685, 685, 685, 685, 685, 685),
    balance=(("new", "carried_in"), ("result_total", "carried_out")),
)

# --- 表四 政府信息公开行政复议、行政诉讼情况 --------------------------------------------------


def _outcomes(prefix: str, *, unbroken: int) -> tuple[Node, ...]:
    """The five outcome columns of a 表四 group; the template breaks the labels after the first
    ``unbroken`` ones over two lines."""
    labels = (
        ("结果维持", "upheld"),
        ("结果纠正", "corrected"),
        ("其他结果", "other"),
        ("尚未审结", "pending"),
    )
    nodes = tuple(
        Node(label, f"{prefix}_{key}", display=f"{label[:2]}\n{label[2:]}" if i >= unbroken else "")
        for i, (label, key) in enumerate(labels)
    )
    return (*nodes, Node("总计", f"{prefix}_total", total=True))


TABLE_4 = TableSpec(
    key="t4",
    name="表四",
    blocks=(
        Block(
            columns=(
                Node("行政复议", children=_outcomes("review", unbroken=1)),
                Node(
                    "行政诉讼",
                    children=(
                        Node("未经复议直接起诉", children=_outcomes("direct", unbroken=0)),
                        Node("复议后起诉", children=_outcomes("after_review", unbroken=0)),
                    ),
                ),
            ),
            rows=(Node("", "cases"),),
        ),
    ),
    column_weights=(1,) * 15,
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
        ),
        SectionSpec(
            key="other",
            number="六",
            title="其他需要报告的事项",
            short="其他事项",
            has_parts=True,
            usual_parts=("政府信息处理费收取情况",),
            placeholder="（文字描述，收取信息处理费情况在此处报告。）",
        ),
    ),
)
