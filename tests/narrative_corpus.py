"""Sentences written the way published reports write them (city and district governments, their
offices, bureaus, commissions, streets), each with the tables it is consistent with.

``values``: a key without a dot is 表三's row, 自然人 column (``new`` → t3.new.natural); other keys
are cell ids.  Cells not given are 0.  ``compared``: how many of the sentence's numbers the check
ties to a cell (each, changed, must raise exactly one warning; the others nothing: they are not
clearly a cell's).  ``breaks``: a change of the tables after which the sentence's claim without a
number (均获维持, 所有申请均已办结, 未发生…) is false — exactly one warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    who: str
    """Who writes it: 市政府, 区政府, 办公厅, 局, 委, 街道."""
    section: str
    """The section whose text it is (``overview`` is 一（二）)."""
    text: str
    values: dict[str, int]
    compared: int
    breaks: dict[str, int] = field(default_factory=dict)


CASES: tuple[Case, ...] = (
    # --- 表三: the applications ------------------------------------------------------------------
    Case(
        "市政府",
        "requests",
        "2024年，全市共收到政府信息公开申请1256件，其中新收1230件，上年结转26件。",
        {"new": 1230, "carried_in": 26, "disclosed": 1256},
        3,
    ),
    Case(
        "区政府",
        "requests",
        "本年度共收到政府信息公开申请23件。在已办结的申请中，同意公开的12件，部分公开的1件，"
        "不予公开的3件，无法提供的5件，转下年度办理的2件。",
        {
            "new": 23,
            "disclosed": 12,
            "partly": 1,
            "refused_process": 3,
            "unable_not_held": 5,
            "carried_out": 2,
        },
        6,
    ),
    Case(
        "区政府",
        "requests",
        "本年度，区政府共受理政府信息公开申请86件，办结84件，结转下年度继续办理2件。其中，"
        "予以公开32件，部分公开11件，不予公开6件，无法提供30件，不予处理3件，其他处理2件。",
        {
            "new": 86,
            "disclosed": 32,
            "partly": 11,
            "refused_internal": 6,
            "unable_not_held": 30,
            "unhandled_repeat": 3,
            "other_no_correction": 2,
            "carried_out": 2,
        },
        9,
    ),
    Case(
        "办公厅",
        "requests",
        "2024年，市政府办公厅共收到政府信息公开申请315件，较上年增长12.5%，上年结转8件。"
        "已办结309件，其中予以公开及部分公开共258件，不予公开和无法提供共43件，不予处理8件；"
        "结转下年度继续办理14件。",
        {
            "new": 315,
            "carried_in": 8,
            "disclosed": 240,
            "partly": 18,
            "refused_process": 10,
            "unable_not_held": 33,
            "unhandled_repeat": 8,
            "carried_out": 14,
        },
        7,
    ),
    Case(
        "委",
        "requests",
        "我委全年新收政府信息公开申请47件。按办理结果分：予以公开21件，部分公开4件，无法提供19件"
        "（其中本机关不掌握相关政府信息17件，没有现成信息需要另行制作2件），不予处理3件。",
        {
            "new": 47,
            "disclosed": 21,
            "partly": 4,
            "unable_not_held": 17,
            "unable_needs_creation": 2,
            "unhandled_repeat": 3,
        },
        7,
    ),
    Case(
        "市政府",
        "requests",
        "全年共受理政府信息公开申请1,024件（含上年结转36件），已全部办结。",
        {"new": 988, "carried_in": 36, "disclosed": 1024},
        2,
        {"disclosed": 1021, "carried_out": 3},
    ),
    Case(
        "街道",
        "requests",
        "本年度，我街道收到政府信息公开申请3件，均为自然人申请，全部予以公开。",
        {"new": 3, "disclosed": 3},
        1,
    ),
    Case(
        "局",
        "requests",
        "2024年度，本机关共收到政府信息公开申请 56 件，上年结转 4 件，共计 60 件。"
        "办结 57 件，结转下年度 3 件。",
        {"new": 56, "carried_in": 4, "disclosed": 57, "carried_out": 3},
        4,
    ),
    Case(
        "局",
        "requests",
        "所有申请均已在法定期限内办结。",
        {"new": 10, "disclosed": 10},
        0,
        {"disclosed": 9, "carried_out": 1},
    ),
    Case(
        "办公室",
        "requests",
        "本年度无结转下年度办理的申请。",
        {"new": 10, "disclosed": 10},
        0,
        {"disclosed": 9, "carried_out": 1},
    ),
    Case(
        "区政府",
        "requests",
        "从办理结果看，予以公开 105 件，部分公开 22 件，不予公开 9 件（其中属于国家秘密 1 件，"
        "属于四类过程性信息 8 件），无法提供 64 件，不予处理 7 件。",
        {
            "disclosed": 105,
            "partly": 22,
            "refused_secret": 1,
            "refused_process": 8,
            "unable_not_held": 64,
            "unhandled_repeat": 7,
        },
        7,
    ),
    Case(
        "局",
        "requests",
        "申请公开结果为：同意公开 45 件，同意部分公开 6 件，不同意公开 2 件，信息不存在 10 件，"
        "其他 3 件。",
        {
            "disclosed": 45,
            "partly": 6,
            "refused_internal": 2,
            "unable_not_held": 10,
            "other_other": 3,
        },
        3,
    ),
    Case(
        "区政府",
        "requests",
        "本年度办理结果：予以公开的88件，占42.3%；部分公开的17件，占8.2%；不予公开的5件；"
        "无法提供的93件；不予处理的4件。",
        {
            "disclosed": 88,
            "partly": 17,
            "refused_process": 5,
            "unable_not_held": 90,
            "unable_needs_creation": 3,
            "unhandled_repeat": 4,
        },
        5,
    ),
    Case(
        "局",
        "requests",
        "其中，因本机关不掌握相关政府信息无法提供的36件，因需要另行制作无法提供的4件。",
        {"unable_not_held": 36, "unable_needs_creation": 4},
        0,
    ),
    Case(
        "委",
        "requests",
        "因属于三类内部事务信息不予公开2件，因属于四类过程性信息不予公开3件。",
        {"refused_internal": 2, "refused_process": 3},
        0,
    ),
    Case(
        "办公室",
        "requests",
        "2024年，区人民政府办公室共收到各类政府信息公开申请412件，其中自然人申请398件，"
        "法人或其他组织申请14件。",
        {"new": 398, "t3.new.business": 14, "disclosed": 398, "t3.disclosed.business": 14},
        1,
    ),
    Case(
        "局",
        "requests",
        "本年度受理的申请中，予以公开 12 件、部分公开 3 件、无法提供 7 件、不予处理 1 件，"
        "均已按期答复。",
        {
            "new": 23,
            "disclosed": 12,
            "partly": 3,
            "unable_not_held": 7,
            "unhandled_repeat": 1,
        },
        4,
    ),
    Case(
        "街道",
        "requests",
        "新收政府信息公开申请19件，加上年结转1件，共20件，全部办结。",
        {"new": 19, "carried_in": 1, "disclosed": 20},
        2,  # 全部办结 after 上年结转…: whose? silent
    ),
    Case(
        "局",
        "overview",
        "全年共受理依申请公开事项27件，办结27件，办结率100%。",
        {"new": 27, "disclosed": 27},
        2,
    ),
    Case(
        "委",
        "requests",
        "共答复政府信息公开申请 140 件，其中上年结转 5 件。",
        {"new": 140, "carried_in": 5, "disclosed": 140, "carried_out": 5},
        2,
    ),
    Case(
        "区政府",
        "requests",
        "已办结的申请中同意公开的12件、部分同意公开的2件。",
        {"disclosed": 12, "partly": 2},
        2,
    ),
    Case(
        "区政府",
        "requests",
        "2024年，区政府本级共收到政府信息公开申请201件（不含上年结转9件）。"
        "本年度共办结政府信息公开申请 210 件（含上年结转 9 件）。",
        {"new": 201, "carried_in": 9, "disclosed": 210},
        4,
    ),
    Case(
        "市政府",
        "requests",
        "申请人类型方面，自然人提出申请176件，商业企业提出申请18件，其他组织提出申请7件。",
        {"new": 176, "t3.new.business": 18, "t3.new.other_org": 7},
        0,
    ),
    Case(
        "局",
        "requests",
        "上年度结转的9件申请均已办结。",
        {"carried_in": 9, "disclosed": 9},
        1,
    ),
    Case(
        "办公室",
        "requests",
        "政府信息公开申请办理结果：予以公开50件，部分公开0件，不予公开0件，无法提供14件，"
        "不予处理0件，其他处理0件，总计64件。",
        {"new": 64, "disclosed": 50, "unable_not_held": 14},
        6,
    ),
    Case(
        "局",
        "requests",
        "其他处理 5 件（申请人逾期不补正 3 件，其他 2 件）。",
        {"other_no_correction": 3, "other_other": 2},
        1,
    ),
    Case(
        "市政府",
        "requests",
        "2024年度，我市共受理政府信息公开申请2,876件，同比下降6.3%；办结2,801件，办结率97.4%。",
        {"new": 2876, "disclosed": 2801, "carried_out": 75},
        2,
    ),
    Case(
        "局",
        "requests",
        "本机关收到的政府信息公开申请中，不予公开的主要原因是属于三类内部事务信息（3件）"
        "和四类过程性信息（2件）。",
        {"refused_internal": 3, "refused_process": 2},
        0,
    ),
    Case(
        "委",
        "requests",
        "依申请公开方面，本年度新接收政府信息公开申请74件，上年结转申请2件；已办结73件，"
        "转入下一年度办理3件。",
        {"new": 74, "carried_in": 2, "disclosed": 73, "carried_out": 3},
        4,
    ),
    Case(
        "区政府",
        "requests",
        "本年度办结的申请中，予以公开32件，部分公开8件，无法提供12件，不予处理2件，其他处理1件，"
        "另有5件转下年度继续办理。",
        {
            "disclosed": 32,
            "partly": 8,
            "unable_not_held": 12,
            "unhandled_repeat": 2,
            "other_other": 1,
            "carried_out": 5,
        },
        5,
    ),
    Case(
        "市政府",
        "requests",
        "2024年，全区各级行政机关共收到政府信息公开申请1467件，全部在法定期限内予以答复。",
        {"new": 1467, "disclosed": 1467},
        1,
    ),
    Case(
        "局",
        "overview",
        "2024年，我局新收到政府信息公开申请6件，上年结转0件，办结5件，结转下年度继续办理1件。",
        {"new": 6, "disclosed": 5, "carried_out": 1},
        4,
    ),
    Case(
        "委",
        "requests",
        "本委2024年共收到政府信息公开申请12件，均为自然人提出，已全部办结，其中予以公开7件、"
        "无法提供5件。",
        {"new": 12, "disclosed": 7, "unable_not_held": 5},
        3,
        {"carried_in": 1, "carried_out": 1},
    ),
    Case(
        "区政府",
        "requests",
        "予以公开258件（含部分公开20件），不予公开和无法提供共31件。",
        {"disclosed": 238, "partly": 20, "refused_process": 6, "unable_not_held": 25},
        3,
    ),
    Case(
        "市政府",
        "requests",
        "全年无法提供265件，其中本机关不掌握相关政府信息240件、没有现成信息需要另行制作13件、"
        "补正后申请内容仍不明确12件。",
        {"unable_not_held": 240, "unable_needs_creation": 13, "unable_unclear": 12},
        4,
    ),
    # --- 表四 ------------------------------------------------------------------------------------
    Case(
        "局",
        "review_litigation",
        "2024年，我局共发生政府信息公开行政复议案件3件，均获维持；行政诉讼案件2件，均已审结，"
        "其中维持1件，其他结果1件。",
        {"t4.cases.review_upheld": 3, "t4.cases.direct_upheld": 1, "t4.cases.direct_other": 1},
        4,
        {"t4.cases.review_upheld": 2, "t4.cases.review_corrected": 1},
    ),
    Case(
        "区政府",
        "review_litigation",
        "本年度因政府信息公开工作被申请行政复议2件，结果均为维持；被提起行政诉讼1件，尚未审结。",
        {"t4.cases.review_upheld": 2, "t4.cases.direct_pending": 1},
        2,
        {"t4.cases.review_upheld": 1, "t4.cases.review_pending": 1},
    ),
    Case(
        "市政府",
        "review_litigation",
        "全年共收到涉及政府信息公开的行政复议申请5件，行政诉讼4件，经审理全部维持。",
        {"t4.cases.review_upheld": 5, "t4.cases.direct_upheld": 4},
        2,
        {"t4.cases.direct_upheld": 3, "t4.cases.direct_corrected": 1},
    ),
    Case(
        "办公室",
        "review_litigation",
        "我办未发生因政府信息公开被申请行政复议或提起行政诉讼的情况。",
        {},
        0,
        {"t4.cases.review_upheld": 1},
    ),
    Case(
        "局",
        "review_litigation",
        "行政复议1件，复议结果为维持；行政诉讼0件。",
        {"t4.cases.review_upheld": 1},
        2,
    ),
    Case(
        "区政府",
        "review_litigation",
        "本年度发生行政诉讼案件6件，其中未经复议直接起诉4件、复议后起诉2件，均获维持。",
        {"t4.cases.direct_upheld": 4, "t4.cases.after_review_upheld": 2},
        3,
        {"t4.cases.after_review_upheld": 1, "t4.cases.after_review_corrected": 1},
    ),
    Case(
        "街道",
        "review_litigation",
        "2024年，我街道未发生政府信息公开方面的行政复议和行政诉讼案件。",
        {},
        0,
        {"t4.cases.direct_upheld": 1},
    ),
    Case(
        "委",
        "review_litigation",
        "行政复议案件3件，均已审结，其中维持2件、纠正1件。",
        {"t4.cases.review_upheld": 2, "t4.cases.review_corrected": 1},
        3,
    ),
    Case(
        "局",
        "review_litigation",
        "因政府信息公开被申请行政复议1件，结果纠正；被提起行政诉讼2件，其中1件结果维持、"
        "1件尚未审结。",
        {
            "t4.cases.review_corrected": 1,
            "t4.cases.direct_upheld": 1,
            "t4.cases.direct_pending": 1,
        },
        2,
    ),
    Case(
        "委",
        "review_litigation",
        "行政复议案件3件，均已审结。",
        {"t4.cases.review_upheld": 2, "t4.cases.review_corrected": 1},
        1,
        {"t4.cases.review_upheld": 1, "t4.cases.review_pending": 1},
    ),
    Case(
        "区政府",
        "review_litigation",
        "2024年，区政府作为被申请人的政府信息公开行政复议案件4件，全部维持。",
        {"t4.cases.review_upheld": 4},
        1,
        {"t4.cases.review_upheld": 3, "t4.cases.review_other": 1},
    ),
    # --- 表二 ------------------------------------------------------------------------------------
    Case(
        "市政府",
        "proactive",
        "2024年，市本级共作出行政许可决定 12,508 件，行政处罚决定 3,217 件，行政强制决定 45 件。",
        {
            "t2.license.decisions": 12508,
            "t2.penalty.decisions": 3217,
            "t2.enforcement.decisions": 45,
        },
        3,
    ),
    Case(
        "局",
        "proactive",
        "全年共办理行政许可事项 2345 件，实施行政处罚 87 件，收取行政事业性收费 15 万元。",
        {"t2.license.decisions": 2345, "t2.penalty.decisions": 87, "t2.fees.amount": 15},
        2,
    ),
    Case(
        "委",
        "proactive",
        "本年度，我委处理行政许可决定156件；行政事业性收费0万元。",
        {"t2.license.decisions": 156, "t2.fees.amount": 0},
        2,
    ),
)
