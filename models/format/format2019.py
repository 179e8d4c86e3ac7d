"""What the readers need to recognise a 2019-format document's text: the section headings of
the 2019 format (国办公开办函〔2019〕60号, used for the 2019 and 2020
reports and by some agencies since), as data for the readers: a 2019 document's sections are
recognised by them and their text put into the 2021 sections (docs/official-format.md, "The 2019
format's section headings").  一 to 三 and 六 read as in 2021; only these two differ."""

from __future__ import annotations

from types import MappingProxyType

from models.format.spec import SectionSpec

TITLES_2019: MappingProxyType[str, str] = MappingProxyType(
    {
        "review_litigation": "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "problems": "政府信息公开工作存在的主要问题及改进情况",
    }
)
"""The 2019 title of a section, by the key of the 2021 section its text belongs to."""


def titles_of(section: SectionSpec) -> tuple[str, ...]:
    """The titles ``section`` is written under: the format's own, then the 2019 one if any."""
    older = TITLES_2019.get(section.key)
    return (section.title,) if older is None else (section.title, older)
