"""Files recognised by what they hold, whatever their name (exporters.file_kinds): a .docx
renamed .wps reads as a .docx; an old Word/WPS file, a PDF and an encrypted package are told
apart and the clerk told what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exporters import export_report, read_report
from models import project_file
from models.files import FileProblem
from tests.conftest import SAMPLE


def _ole(*streams: str) -> bytes:
    """An OLE compound file as Word/WPS/Excel write one: the signature, a header sector, and a
    directory sector naming its streams in UTF-16."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + b"\x3e\x00\x03\x00\xfe\xff"
    header = header.ljust(512, b"\0")
    entries = b""
    for name in ("Root Entry", *streams):
        encoded = name.encode("utf-16-le") + b"\0\0"
        entries += encoded.ljust(64, b"\0") + len(encoded).to_bytes(2, "little") + b"\0" * 62
    return header + entries.ljust(512, b"\0") + b"\0" * 1024


def _problem(path: Path) -> str:
    with pytest.raises(FileProblem) as caught:
        read_report(path)
    return str(caught.value)


@pytest.fixture
def sample_docx(tmp_path: Path) -> Path:
    path = tmp_path / "报告.docx"
    export_report(project_file.load(SAMPLE), path)
    return path


@pytest.mark.parametrize("suffix", [".wps", ".doc", ".docm", ".DOCX", ""])
def test_a_docx_under_another_name_reads_as_a_docx(
    sample_docx: Path, tmp_path: Path, suffix: str
) -> None:
    renamed = shutil.copy(sample_docx, tmp_path / f"改了名的报告{suffix}")
    report = read_report(Path(renamed)).report
    assert report.agency == project_file.load(SAMPLE).agency and report.year == 2024


def test_a_workbook_named_docx_reads_as_a_workbook(tmp_path: Path) -> None:
    book = tmp_path / "报告.xlsx"
    export_report(project_file.load(SAMPLE), book)
    renamed = Path(shutil.copy(book, tmp_path / "报告.docx"))
    assert read_report(renamed).report.values == read_report(book).report.values


def test_a_project_under_another_name_reads_as_a_project(tmp_path: Path) -> None:
    renamed = Path(shutil.copy(SAMPLE, tmp_path / "报告.txt"))
    assert read_report(renamed).report == project_file.load(SAMPLE)


@pytest.mark.parametrize("name", ["旧报告.doc", "旧报告.wps", "旧报告.docx"])
def test_an_old_word_or_wps_file_says_save_as_docx(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(_ole("WordDocument", "1Table", "\x05SummaryInformation"))
    message = _problem(path)
    assert "这是旧版 Word/WPS 格式：请在 Word 或 WPS 中打开，另存为 .docx 后再导入" in message
    assert name in message


def test_an_encrypted_docx_keeps_its_encrypted_message(tmp_path: Path) -> None:
    path = tmp_path / "加密.docx"
    path.write_bytes(_ole("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"))
    message = _problem(path)
    assert "已加密" in message and "取消密码" in message and "旧版" not in message


def test_an_encrypted_xlsx_keeps_its_encrypted_message(tmp_path: Path) -> None:
    path = tmp_path / "加密.xlsx"
    path.write_bytes(_ole("EncryptionInfo", "EncryptedPackage"))
    assert "加了密码的工作簿" in _problem(path)


def test_an_old_excel_workbook_is_told_to_save_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "旧表格.xls"
    path.write_bytes(_ole("Workbook", "\x05SummaryInformation"))
    assert "另存为 .xlsx" in _problem(path)


@pytest.mark.parametrize("name", ["报告.pdf", "报告.docx"])
def test_a_pdf_is_read_as_a_pdf_whatever_its_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    message = _problem(path)  # the PDF reader's: this one has no pages
    assert f"“{name}”已损坏或不完整" in message and "PDF" in message and "Word 版" in message


def test_a_pdf_handed_to_the_word_reader_says_how_to_import_it(tmp_path: Path) -> None:
    from exporters import docx

    path = tmp_path / "报告.docx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(FileProblem) as caught:
        docx.read(path)
    message = str(caught.value)
    assert "“报告.docx”是 PDF 文件，不是 Word 文档" in message
    assert "导入报告" in message and "扫描件不能读取" in message and "还不能" not in message


def test_a_file_of_no_known_kind_names_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "说明.txt"
    path.write_text("这是一段说明文字。", encoding="utf-8")
    message = _problem(path)
    assert "不能读取" in message and ".docx" in message
