"""The 2019 format's tables (国办公开办函〔2019〕60号), to recognise them and carry over what
corresponds one to one with the 2021 tables (docs/official-format.md, "The 2019
format, to recognise it").

表三 and 表四 of 2019 are the 2021 ones but for （六）其他处理, which was one row (the Word
reader reads it as a collapsed group).  表二 differs in its columns: 规章 and 规范性文件 were
counted as 本年新制作数量 / 本年新公开数量 / 对外公开总数量, 许可 … 收费 as 上一年项目数量 /
本年增/减 / 处理决定数量 (收费 had no amount), and it had rows 其他对外管理服务事项 and
政府集中采购.  Only what means the same in both is carried; the rest is reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.format.spec import Role


@dataclass(frozen=True)
class Carried:
    """A 2019 value read into a 2021 cell: the roles naming the 2021 cell, the 2019 column's
    label, and the 2019 row's label where it is not the 2021 row's own."""

    cell: tuple[Role, ...]
    column: str
    row: str = ""


TABLE_2_ROLE = Role.PROACTIVE
"""The 2021 table a 2019 表二 is read into."""

TABLE_2_CARRIED = (
    # 本年新制作数量 is what 2021 calls 本年制发件数 (documents made and issued in the year).
    Carried((Role.REGULATIONS, Role.ISSUED), "本年新制作数量"),
    Carried((Role.NORMATIVE, Role.ISSUED), "本年新制作数量", row="规范性文件"),
    # 处理决定数量 is 2021's 本年处理决定数量 under another name.
    Carried((Role.LICENSE,), "处理决定数量"),
    Carried((Role.PENALTY,), "处理决定数量"),
    Carried((Role.ENFORCEMENT,), "处理决定数量"),
)

TABLE_2_DROPPED = (
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "其他对外管理服务事项",
    "政府集中采购",
)
"""The 2019 表二's columns and rows that have no 2021 counterpart (not read)."""

TABLE_2_MARKERS = ("本年新制作数量", *TABLE_2_DROPPED)
"""Column and row labels that exist only in the 2019 表二: any of them makes a table 2019's."""
