"""The words of the finished document that follow from the basic facts: the title's lines, the
preamble with its contact sentence, and the signer of the 落款.

Every output (the .docx, the PDF, the printout) takes these from here, so the three never say
different things; the Word reader uses ``read_contact`` to get 联系科室/地址/电话 back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from models.document.style import TITLE_BREAK_MARK, TITLE_BREAK_NONE
from models.report import Report

# --- the signer ----------------------------------------------------------------------------------


def signer(report: Report) -> str:
    """Who signs the 落款: the signer field, or the agency of the title when it is empty."""
    return report.signer.strip() or report.agency.strip()


# --- the title -----------------------------------------------------------------------------------


def text_width(text: str) -> float:
    """Width in em (characters of the font size): Latin letters and digits are half a character,
    as in the fonts of official documents (Times New Roman digits beside 仿宋/小标宋)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


_TAIL_BREAKS = ("政府信息公开", "工作")
"""Words of the title pattern after which a line may end: never inside 年度 or 报告."""

_UNIT_ENDS = (
    "人民政府",
    "办公厅",
    "办公室",
    "委员会",
    "办事处",
    "管理局",
    "自治区",
    "自治州",
    "自治县",
    "街道",
    "省",
    "市",
    "区",
    "县",
    "州",
    "盟",
    "旗",
    "镇",
    "乡",
    "局",
    "厅",
)
"""Ends of the parts of an agency's name (a place, a government, an office): a line may end
after one of them."""

_WORD_GOES_ON = set("场政容民域划级委长村直属")
"""A character that makes a word with the unit end before it (市场, 区域, 市级, 市委 …): no
break there, or 市场监督管理局 would be cut as 市 / 场."""


def _agency_breaks(agency: str) -> set[int]:
    """Positions inside the agency name (1 … len-1) where a line may end."""
    found: set[int] = set()
    for end in _UNIT_ENDS:
        start = agency.find(end)
        while start >= 0:
            pos = start + len(end)
            if 0 < pos < len(agency) and agency[pos] not in _WORD_GOES_ON:
                found.add(pos)
            start = agency.find(end, start + 1)
    return found


def _title_breaks(title: str, agency: str) -> set[int]:
    """Every position where the title may be broken with its words kept whole."""
    found: set[int] = set()
    at = title.find(agency) if agency else -1
    if at >= 0:
        found |= {at + p for p in _agency_breaks(agency)}
        found |= {at, at + len(agency)}
    for match in re.finditer(r"\d{4}年度?", title):  # 2024年 or 2024年度, never 2024年 / 度
        found |= {match.start(), match.end()}
    for word in _TAIL_BREAKS:
        start = title.rfind(word)
        if start >= 0:
            found.add(start + len(word))
    return {p for p in found if 0 < p < len(title)}


def _shape_cost(lines: list[str]) -> float:
    """How far the lines are from a 梯形 or 菱形 (GB/T 9704 7.3.3): each line no shorter than the
    one above up to the longest, then no longer than the one above; among those, even lengths."""
    widths = [text_width(line) for line in lines]
    peak = widths.index(max(widths))
    cost = 0.0
    for i in range(1, len(widths)):
        step = widths[i] - widths[i - 1]
        if (i <= peak and step < 0) or (i > peak and step > 0):
            cost += 10 * abs(step)  # a waist: not a symmetric shape
    return cost + max(widths) - min(widths)


def break_title(
    title: str, agency: str, per_line: float, *, after_agency: bool = True
) -> list[str]:
    """The title in lines of at most ``per_line`` characters (em), broken only between words.

    ``after_agency``: a title that does not fit one line breaks after the agency name (硚口区行
    政审批局 / 2024年政府信息公开工作年度报告), and further only where a line is still too long.
    A title that fits one line stays one line."""
    if text_width(title) <= per_line:
        return [title]
    breaks = sorted(_title_breaks(title, agency))
    forced: tuple[int, ...] = ()
    at = title.find(agency) if agency and after_agency else -1
    if at >= 0 and 0 < at + len(agency) < len(title):
        forced = (at + len(agency),)
    best: list[str] | None = None
    best_key: tuple[float, ...] = ()
    free = [p for p in breaks if p not in forced]
    for extra in range(0, 4):
        for chosen in combinations(free, extra):
            cuts = sorted((*forced, *chosen))
            lines = [title[a:b] for a, b in zip([0, *cuts], [*cuts, len(title)], strict=True)]
            overflow = sum(max(0.0, text_width(line) - per_line) for line in lines)
            key = (overflow, len(lines), _shape_cost(lines))
            if best is None or key < best_key:
                best, best_key = lines, key
        if best is not None and best_key[0] == 0:
            break
    return best if best is not None else [title]


def _custom_lines(title: str, setting: str) -> list[str] | None:
    """The clerk's own break (the title with ``TITLE_BREAK_MARK`` where lines end), carried
    over to the current title: each break is kept where the text before it still starts the
    title or the text after it still ends it (so a new year or agency keeps the clerk's shape)."""
    pieces = [p.strip() for p in setting.split(TITLE_BREAK_MARK)]
    if len(pieces) < 2:
        return None
    cuts: set[int] = set()
    for i in range(1, len(pieces)):
        before, after = "".join(pieces[:i]), "".join(pieces[i:])
        if before and title.startswith(before):
            cuts.add(len(before))
        elif after and title.endswith(after):
            cuts.add(len(title) - len(after))
    cuts = {c for c in cuts if 0 < c < len(title)}
    if not cuts:
        return None
    ordered = sorted(cuts)
    return [title[a:b] for a, b in zip([0, *ordered], [*ordered, len(title)], strict=True)]


def title_text(report: Report) -> str:
    """The title as one string (a report without an agency yet: the pattern's words alone)."""
    return report.format.document_title(report.agency.strip(), report.year)


def title_per_line(report: Report) -> float:
    """How many title characters one line holds: the text block's width in the title size."""
    style = report.style
    return int(style.text_width / 25.4 * 72 / style.title_size)


def title_lines(report: Report) -> list[str]:
    """The title's lines as every output writes them (one centred paragraph each).

    By the 版式 setting ``title_break``: "agency" (default) breaks after the agency name when
    the title does not fit one line; "none" keeps one line (the renderer wraps it); a text with
    "/" gives the clerk's own breaks.  Lines never end inside a word (年度, 报告)."""
    title = title_text(report)
    setting = report.style.title_break.strip()
    if setting == TITLE_BREAK_NONE:
        return [title]
    if TITLE_BREAK_MARK in setting:
        custom = _custom_lines(title, setting)
        if custom is not None:
            return custom
    return break_title(title, report.agency.strip(), title_per_line(report), after_agency=True)


# --- the contact sentence ------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """联系科室, 地址 and 电话 as a contact sentence gives them ("" where it names none)."""

    office: str = ""
    address: str = ""
    phone: str = ""


_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?]?")
_STOP = r"(?=[，,；;）)。！？!?\n]|$)"
_OFFICE = (
    # A named office (联系科室：…) before "请与本机关联系": it is the more exact.
    re.compile(
        r"(?:请联系|请咨询|联系(?:单位|科室|部门|机构)|咨询(?:单位|科室|部门|机构))[：:]\s*"
        r"(?P<v>[^，,；;（(。]+?)" + _STOP
    ),
    re.compile(r"请与(?P<v>[^，,；;（(。]+?)联系"),
)
_ADDRESS = re.compile(r"(?:通讯|联系|办公)?地址[：:]\s*(?P<v>[^，,；;）)。]+?)" + _STOP)
_PHONE = re.compile(r"(?:联系|咨询)?电话[：:]\s*(?P<v>[^，,；;）)。]+?)" + _STOP)


def _is_contact(sentence: str) -> bool:
    return "疑问" in sentence and ("联系" in sentence or "咨询" in sentence)


def _has_slot(sentence: str) -> bool:
    return any(pattern.search(sentence) for pattern in (*_OFFICE, _ADDRESS, _PHONE))


def _contact_sentence_at(text: str) -> tuple[int, int] | None:
    """Where the last contact sentence (如对本报告有疑问…联系…) of ``text`` is, with the
    sentences right after it that go on with the contact (联系电话：…。地址：…。)."""
    found = None
    for match in _SENTENCE.finditer(text):
        sentence = match.group()
        if not sentence:
            continue
        if _is_contact(sentence):
            found = (match.start(), match.end())
        elif found is not None and found[1] == match.start() and _has_slot(sentence):
            found = (found[0], match.end())
    return found


def _slots(sentence: str) -> dict[str, re.Match[str] | None]:
    """The office, address and phone in a contact sentence, where they are."""
    office = None
    for pattern in _OFFICE:
        office = pattern.search(sentence)
        if office:
            break
    return {
        "office": office,
        "address": _ADDRESS.search(sentence),
        "phone": _PHONE.search(sentence),
    }


def read_contact(text: str) -> Contact:
    """联系科室/地址/电话 as the contact sentence in ``text`` (a preamble) gives them, or where
    there is none, as labels anywhere in it give them (联系电话：…)."""
    where = _contact_sentence_at(text)
    # Without a sentence with 疑问, the labelled details anywhere (联系电话：…) are still his.
    slots = _slots(text if where is None else text[where[0] : where[1]])
    return Contact(**{k: m.group("v").strip() if m else "" for k, m in slots.items()})


def contact_sentence(report: Report) -> str:
    """The contact sentence written from 基本信息, "" when 联系科室, 地址 and 电话 are all blank:
    如对本报告有疑问，请与××联系（地址：…；电话：…）。"""
    office, address, phone = (
        report.contact_office.strip(),
        report.address.strip(),
        report.phone.strip(),
    )
    if not (office or address or phone):
        return ""
    who = office or report.agency.strip()
    asked = f"请与{who}联系" if who else "请联系"
    details = "；".join(
        f"{label}：{value}" for label, value in (("地址", address), ("电话", phone)) if value
    )
    return f"如对本报告有疑问，{asked}" + (f"（{details}）" if details else "") + "。"


def _in_step(sentence: str, report: Report) -> str:
    """The clerk's contact sentence with the office, address and phone of 基本信息 put in; a
    blank field leaves the sentence's words as they are, a filled one it lacks is added."""
    fields = {
        "office": report.contact_office.strip(),
        "address": report.address.strip(),
        "phone": report.phone.strip(),
    }
    slots = _slots(sentence)
    # Replace from the end so the earlier positions stay valid.
    for key, match in sorted(
        ((k, m) for k, m in slots.items() if m), key=lambda km: -km[1].start("v")
    ):
        if fields[key]:
            sentence = sentence[: match.start("v")] + fields[key] + sentence[match.end("v") :]
    missing = [
        f"{label}：{fields[key]}"
        for key, label in (("address", "地址"), ("phone", "电话"))
        if fields[key] and slots[key] is None
    ]
    if missing:
        body = sentence.rstrip("。")
        if body.endswith(("）", ")")):
            sentence = body[:-1] + "；" + "；".join(missing) + body[-1] + "。"
        else:
            sentence = body + "，" + "，".join(missing) + "。"
    return sentence


def without_built_sentence(preamble: str, report: Report) -> str:
    """The preamble without the contact sentence ``preamble_paragraphs`` would add to it from
    the fields: what a document written here read back was before it was written."""
    sentence = contact_sentence(report)
    stripped = preamble.rstrip()
    if not sentence or not stripped.endswith(sentence):
        return preamble
    before = stripped[: -len(sentence)]
    # Only a sentence of its own: the end of the text or of a sentence must come before it.
    if before and not before.endswith(("。", "！", "？", "!", "?", "\n")):
        return preamble
    rest = before.rstrip()
    return rest if _contact_sentence_at(rest) is None else preamble


def preamble_paragraphs(report: Report) -> list[str]:
    """The preamble as the document writes it, one string a paragraph: ending with the contact
    sentence built from 联系科室/地址/电话 when it has none, its own one kept in step with them
    when it has one."""
    paragraphs = [line.strip() for line in report.preamble.split("\n") if line.strip()]
    for index in range(len(paragraphs) - 1, -1, -1):
        where = _contact_sentence_at(paragraphs[index])
        if where is not None:
            text = paragraphs[index]
            start, end = where
            paragraphs[index] = text[:start] + _in_step(text[start:end], report) + text[end:]
            return paragraphs
    sentence = contact_sentence(report)
    if sentence:
        if paragraphs:
            paragraphs[-1] += sentence
        else:
            paragraphs.append(sentence)
    return paragraphs
