"""年报助手 — start the window, or run a command.

uv run main.py                  open the window with a new report
uv run main.py 报告.gknb         open the window with a file
uv run main.py check 报告.gknb   check a report and print what is wrong
uv run main.py --help           all commands
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    import argparse

    from models.report import Report

from models.app import APP_FULL_NAME, APP_NAME, VERSION

# Exit statuses of the commands.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2

COMMANDS = ("check", "export", "import", "merge", "review")

_ARGPARSE_MESSAGES = {
    "the following arguments are required": "缺少参数",
    "unrecognized arguments": "无法识别的参数",
    "invalid choice": "无效的选项",
    "expected one argument": "这个选项后面需要一个值",
    "not allowed with argument": "不能与这个选项同时使用：",
    "argument ": "选项 ",
}


def chinese_argument_parser(**kwargs: object) -> argparse.ArgumentParser:
    """argparse with its error messages in Chinese, exiting 2 like every unreadable input.

    argparse is imported here, not at the top: the window starts without it.
    """
    import argparse

    class ChineseArgumentParser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            for english, chinese in _ARGPARSE_MESSAGES.items():
                message = message.replace(english, chinese)
            self.print_usage(sys.stderr)
            self.exit(EXIT_UNREADABLE, f"命令行有误：{message}\n用 --help 查看用法。\n")

    return ChineseArgumentParser(**kwargs)  # type: ignore[arg-type]


def build_parser() -> argparse.ArgumentParser:
    from models.checks.dates import DEPARTMENT_DAY, GOVERNMENT_DAY

    parser = chinese_argument_parser(
        prog="main.py",
        description=f"{APP_NAME}（{APP_FULL_NAME}）。不带命令时打开窗口。",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument(
        "--version", action="version", version=f"{APP_NAME} {VERSION}", help="显示版本号并退出"
    )
    commands = parser.add_subparsers(dest="command", metavar="命令", title="命令")

    check = commands.add_parser(
        "check",
        add_help=False,
        help="检查报告，列出发现的问题",
        description="检查报告，列出发现的问题。退出状态：0 没有错误，1 有错误，2 文件无法读取。",
    )
    check.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    check.add_argument(
        "file",
        metavar="FILE",
        type=Path,
        help="要检查的报告（.gknb，或按官方格式填写的 .docx、.xlsx）",
    )
    check.add_argument("--json", action="store_true", help="以 JSON 列表输出检查结果")
    whose = check.add_mutually_exclusive_group()
    whose.add_argument(
        "--government",
        dest="whole_government",
        action="store_const",
        const=True,
        help=f"按本级政府的报告检查（次年 {GOVERNMENT_DAY}前公布）；不给时按机关名称判断",
    )
    whose.add_argument(
        "--department",
        dest="whole_government",
        action="store_const",
        const=False,
        help=f"按政府部门的报告检查（次年 {DEPARTMENT_DAY}前公布）",
    )
    check.add_argument(
        "--previous",
        metavar="LAST_YEAR_FILE",
        type=Path,
        help="上年的报告（.gknb、.docx 或 .xlsx），用来核对上年结转、现行有效文件数"
        "和内容雷同；不给时用项目中关联的上年报告",
    )

    export = commands.add_parser(
        "export",
        add_help=False,
        help="把报告导出为 Word、PDF、Excel 文件或网页",
        description="把报告导出为 Word（.docx）、PDF（.pdf）、Excel（.xlsx）文件或网页（.html），"
        "按 -o 的扩展名决定格式。报告有错误时不能导出正式版（退出状态 1），可加 --draft 导出草稿。",
    )
    export.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    export.add_argument("file", metavar="FILE", type=Path, help="要导出的报告")
    export.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        type=Path,
        required=True,
        help="导出到的文件（.docx、.pdf、.xlsx 或 .html）",
    )
    export.add_argument("--draft", action="store_true", help="导出草稿（带“草稿”水印）")

    import_ = commands.add_parser(
        "import",
        add_help=False,
        help="把 Word 或 Excel 文件中的报告读成项目文件",
        description="读取按官方格式填写的 Word（.docx）或 Excel（.xlsx）报告，另存为项目文件"
        "（.gknb）。",
    )
    import_.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    import_.add_argument("file", metavar="FILE", type=Path, help="要读取的 .docx 或 .xlsx 文件")
    import_.add_argument(
        "-o", "--output", metavar="OUT", type=Path, required=True, help="保存为的项目文件（.gknb）"
    )
    import_.add_argument(
        "--dash-as-zero",
        action="store_true",
        help="表格中填“—”“/”“－”“无”等代替 0 的单元格按 0 导入（不加时保留为空白，检查时每张表"
        "报告一次）",
    )

    merge = commands.add_parser(
        "merge",
        add_help=False,
        help="汇总多个单位的报告",
        description="把多个单位同一年度的报告（.gknb，或按官方格式填写的 .docx、.xlsx）的表格"
        "逐格相加，保存为上级机关的新报告（.gknb）。空白不按 0 计：只有各单位都空白的"
        "单元格才空白，部分单位空白的单元格会列出来。同一单位出现两次或年度不一致时"
        "不汇总。退出状态：0 已汇总，2 文件无法读取或不能汇总。",
    )
    merge.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    merge.add_argument("files", metavar="FILE", type=Path, nargs="+", help="各单位的报告")
    merge.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        type=Path,
        required=True,
        help="保存汇总结果的项目文件（.gknb）",
    )
    merge.add_argument(
        "--agency", metavar="NAME", default="", help="汇总报告的机关名称（上级机关）"
    )
    merge.add_argument(
        "--expected",
        metavar="LIST",
        type=Path,
        help="应报送单位的名单（文本文件，每行一个单位名称），用来列出未报送的单位",
    )

    review = commands.add_parser(
        "review",
        add_help=False,
        help="批量审核多个单位的报告，生成问题清单",
        description="逐份读取并检查多个单位的报告（文件，或文件夹中的全部报告，包括子文件夹），"
        "把每份报告的问题写入一个 Excel 问题清单（“汇总”表每份报告一行，“问题”表每个问题一行，"
        "“统计”表是各单位的主要数据和图表）。"
        "同一机关相邻两个年度的报告会互相比对（上年结转等）。无法读取的文件在清单中说明原因；"
        "不是政府信息公开工作年度报告的文件（如两个年度报告的比对、函）单独列出，不检查，"
        "也不影响退出状态。"
        "退出状态：0 所有报告都没有错误，1 有报告有错误或有文件无法读取，2 没有可读取的报告"
        "或参数有误。",
    )
    review.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    review.add_argument(
        "paths",
        metavar="FILE_OR_FOLDER",
        type=Path,
        nargs="+",
        help="要审核的报告，或存放报告的文件夹（包括子文件夹）",
    )
    review.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        type=Path,
        required=True,
        help="保存问题清单的 Excel 工作簿（.xlsx）",
    )
    review.add_argument(
        "--previous-folder",
        metavar="DIR",
        type=Path,
        help="存放各单位上一年度报告的文件夹，用来做跨年度比对（上年结转等）",
    )
    review.add_argument(
        "--pdf", metavar="PDF", type=Path, help="同时把问题清单保存为 PDF（.pdf），供会议打印"
    )
    return parser


CHINESE_PROBE = "年报助手：“—”·"
"""Characters the commands print: an encoding that cannot write these shows the clerk "????"."""


def _use_utf8_output() -> None:
    """Print Chinese readably whatever the system's code page.

    Into a pipe or a file the commands write UTF-8, the same bytes on every machine: Python's
    default there is the code page (Windows' cp1252 on an English system), which has no Chinese
    and printed "????".  Into a terminal the terminal's own encoding is kept when it can write
    Chinese: a Windows console is written through its Unicode API whatever its code page
    (Python's WindowsConsoleIO, whose encoding is "utf-8"), and a Linux terminal in a GB18030
    locale expects GB18030; a terminal that cannot (a C locale) gets UTF-8, as Python's own
    UTF-8 mode would.  PYTHONIOENCODING, when set, is obeyed instead: Python reads it itself,
    but the frozen program starts Python isolated (PyInstaller), which ignores it.  Never die
    on a character: what an encoding cannot write is replaced.
    """
    import codecs
    import io
    import os

    wanted, _, errors = os.environ.get("PYTHONIOENCODING", "").partition(":")
    try:
        encoding = codecs.lookup(wanted).name if wanted else ""
    except LookupError:
        encoding = ""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):  # None in the windowed program
            continue
        chosen = encoding
        if not chosen and stream.isatty() and _can_write_chinese(stream.encoding):
            chosen = stream.encoding
        stream.reconfigure(encoding=chosen or "utf-8", errors=errors or "replace")


def _can_write_chinese(encoding: str) -> bool:
    try:
        CHINESE_PROBE.encode(encoding)
    except (LookupError, UnicodeError):
        return False
    return True


GOVERNMENT_ON_COMMAND_LINE = "本级政府的报告可加 --government 再检查。"
"""What ``check`` adds to a late date of a department's report: the option that says otherwise."""


def command_check(args: argparse.Namespace) -> int:
    from exporters import ON_THE_COMMAND_LINE, findings_for, read_report
    from models.checks.blank_marks import TO_ZERO_ON_COMMAND_LINE, VALUE_PLACEHOLDER
    from models.checks.dates import REPORT_DATE
    from models.checks.tables import Severity, summary
    from models.files import FileProblem, NotAReport

    try:
        result = read_report(args.file, args.whole_government, ON_THE_COMMAND_LINE)
    except FileProblem as problem:  # NotAReport too: its message says what the file is instead
        print(problem.on_command_line, file=sys.stderr)
        return EXIT_UNREADABLE
    report = result.report
    for note in result.notes:
        print(f"读取时注意：{note}", file=sys.stderr)
    try:
        findings = findings_for(report, args.file, args.previous)
    except NotAReport as problem:
        print(f"所给的上年报告不能用于比对：{problem}", file=sys.stderr)
        return EXIT_UNREADABLE
    except FileProblem as problem:
        print(f"上年报告无法读取：{problem}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        import json

        items = [f.to_json(report.format) for f in findings]
        print(json.dumps(items, ensure_ascii=False, indent=2))
    else:
        title = report.title if report.agency else args.file.name
        if not findings:
            print(f"{title}：没有发现问题。")
        else:
            print(f"{title}：")
            for finding in findings:
                if finding.note is not None:  # 已核实
                    print(
                        f"  [{finding.severity.label}·已核实] {finding.message}"
                        f"（核实说明：{finding.note}）"
                    )
                    continue
                # The message names no window's button or menu; here the way is an option.
                way = ""
                if finding.rule is VALUE_PLACEHOLDER:
                    way = TO_ZERO_ON_COMMAND_LINE
                elif finding.rule is REPORT_DATE and not report.whole_government:
                    way = GOVERNMENT_ON_COMMAND_LINE
                print(f"  [{finding.severity.label}] {finding.message}{way}")
            print(f"共 {summary(findings)}。")
    has_errors = any(f.severity is Severity.ERROR for f in findings)
    return EXIT_FINDINGS if has_errors else EXIT_OK


def command_export(args: argparse.Namespace) -> int:
    from exporters import ExportRefused, export_report, findings_for, read_report
    from models.files import FileProblem

    try:
        report = read_report(args.file).report
    except FileProblem as problem:
        print(problem.on_command_line, file=sys.stderr)
        return EXIT_UNREADABLE
    # Worked out once, as ``check`` does; export_report decides with them (a draft needs none).
    findings = None if args.draft else findings_for(report, args.file)
    try:
        export_report(report, args.output, draft=args.draft, findings=findings)
    except ExportRefused as refused:
        print(refused, file=sys.stderr)
        for finding in refused.errors:
            print(f"  [{finding.severity.label}] {finding.message}", file=sys.stderr)
        return EXIT_FINDINGS
    except FileProblem as problem:
        print(problem.on_command_line, file=sys.stderr)
        return EXIT_UNREADABLE
    kind = "草稿" if args.draft else "正式版"
    print(f"已导出{kind}：{args.output}")
    return EXIT_OK


def _saves_a_project(output: Path, what: str) -> bool:
    """Whether ``output`` names a project file; if not, says so (for import and merge)."""
    from models import project_file

    if output.suffix.lower() == project_file.EXTENSION:
        return True
    print(
        f"{what}结果要保存为项目文件（{project_file.EXTENSION}），而不是“{output.name}”。",
        file=sys.stderr,
    )
    return False


def command_import(args: argparse.Namespace) -> int:
    from exporters import read_report
    from models import project_file
    from models.files import FileProblem

    if not _saves_a_project(args.output, "导入"):
        return EXIT_UNREADABLE
    try:
        result = read_report(args.file)
        zeroed = _dashes_to_zero(result.report) if args.dash_as_zero else []
        project_file.save(result.report, args.output)
    except FileProblem as problem:
        print(problem.on_command_line, file=sys.stderr)
        return EXIT_UNREADABLE
    for note in result.notes:
        print(f"注意：{note}")
    for line in zeroed:
        print(line)
    print(f"已导入：{args.output}")
    return EXIT_OK


def _dashes_to_zero(report: Report) -> list[str]:
    """--dash-as-zero: the cells read as "—", "/", "无" … written 0 (the totals follow); a line
    per table saying how many."""
    from models.checks.blank_marks import placeholder_tables, placeholders_to_zero
    from models.edit import Edit, apply

    lines = []
    for table in list(placeholder_tables(report)):
        values = placeholders_to_zero(report, [table])
        apply(report, Edit(values=values))
        lines.append(
            f"已按 --dash-as-zero 把{table.name}中 {len(values)} 个填“—”等的单元格改为 0。"
        )
    return lines


def command_merge(args: argparse.Namespace) -> int:
    from exporters import read_report
    from models import project_file
    from models.batch import merge
    from models.files import FileProblem

    if not _saves_a_project(args.output, "汇总"):
        return EXIT_UNREADABLE
    try:
        expected = None if args.expected is None else merge.read_expected(args.expected)
    except FileProblem as problem:
        print(problem.on_command_line, file=sys.stderr)
        return EXIT_UNREADABLE
    found = merge.read_units(args.files, read_report)
    if found.failures:
        for _, reason in found.failures:
            print(reason, file=sys.stderr)
        others = len(found.not_reports)
        unreadable = len(found.failures) - others
        said = [f"{unreadable} 个文件无法读取"] if unreadable else []
        said += [f"{others} 个文件不是政府信息公开工作年度报告"] if others else []
        print(f"有 {'、'.join(said)}，没有汇总。", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        result = merge.merge(found.units, agency=args.agency, expected=expected)
    except merge.MergeRefused as refused:
        print(refused, file=sys.stderr)
        return EXIT_UNREADABLE
    for unit in result.units:
        print(merge.unit_line(unit))
        for note in unit.notes:
            print(f"    读取时注意：{note}")
    for line in result.summary():
        print(line)
    for line in merge.partly_blank_lines(result):
        print(f"  {line}")
    try:
        project_file.save(result.report, args.output)
    except FileProblem as problem:
        print(problem.on_command_line, file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已保存汇总报告：{args.output}")
    return EXIT_OK


def command_review(args: argparse.Namespace) -> int:
    from functools import partial

    from exporters import ON_THE_COMMAND_LINE, READERS, findings_for, read_report
    from exporters.xlsx import review as review_workbook
    from models.batch import review
    from models.files import FileProblem

    wrong = [
        (path, suffix)
        for path, suffix in ((args.output, ".xlsx"), (args.pdf, ".pdf"))
        if path is not None and path.suffix.lower() != suffix
    ]
    for path, suffix in wrong:
        print(f"问题清单要保存为 {suffix} 文件，而不是“{path.name}”。", file=sys.stderr)
    if wrong:
        return EXIT_UNREADABLE
    folder = args.previous_folder
    if folder is not None and not folder.is_dir():
        print(f"上年报告的文件夹“{folder}”不存在或不是文件夹，请检查路径。", file=sys.stderr)
        return EXIT_UNREADABLE
    # A 问题清单 of an earlier run among the files is left out, whatever its name.
    own = review_workbook.is_review_list
    inputs = review.collect(args.paths, READERS, own)
    if not inputs.files and not inputs.unopened:  # a folder that cannot be opened is a row
        if inputs.own_lists:
            said = "、".join(inputs.own_lists)
            print(f"{said}是{review.OWN_LIST}，不是报告，没有审核。", file=sys.stderr)
        print(
            "没有找到要审核的报告：所给的文件夹中没有 "
            + "、".join(READERS)
            + " 文件。请检查路径。",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    previous = None if folder is None else review.collect([folder], READERS, own)

    def progress(done: int, total: int, text: str) -> bool:
        print(text, file=sys.stderr)  # 第 3 份，共 12 份：正在读取并检查 a.docx
        return True

    # The readers' notes end with what to type here, not with the window's menus.
    read = partial(read_report, advice=ON_THE_COMMAND_LINE)
    run = review.run_review(inputs, read, findings_for, previous=previous, progress=progress)
    for item in run.reviews:
        if item.readable:
            year = f"{item.year} 年" if item.year is not None else "年度未填写"
            print(
                f"{item.shown}：{item.agency or '（未填写机关名称）'}　{year}　"
                f"错误 {item.errors}、警告 {item.warnings}、提示 {item.hints}　{item.pairing}"
            )
        elif item.set_aside:
            print(f"{item.shown}：{review.NOT_A_REPORT}（{item.not_a_report}），没有审核")
        else:
            print(f"{item.shown}：{review.UNREADABLE}：{item.problem}")
    for line in run.summary():
        print(line)
    try:
        review_workbook.write(run, args.output)
        print(f"已保存问题清单：{args.output}")
        if args.pdf is not None:
            from exporters.pdf import review_list

            review_list.write(run, args.pdf)
            print(f"已保存 PDF 问题清单：{args.pdf}")
    except FileProblem as problem:
        print(problem.on_command_line, file=sys.stderr)
        return EXIT_UNREADABLE
    return review.exit_status(run)


def run_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    handlers = {
        "check": command_check,
        "export": command_export,
        "import": command_import,
        "merge": command_merge,
        "review": command_review,
    }
    # Held as the window holds it: an upgrade started during a long review or merge waits for
    # the command instead of replacing the program's files under it (Windows; nothing elsewhere).
    from models.running import hold_running_mutex

    hold_running_mutex()
    return handlers[args.command](args)


def opens_window(argv: Sequence[str]) -> bool:
    return not (argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version")))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _use_utf8_output()
    if not opens_window(argv):
        return run_command(argv)
    from ui.app import run_gui

    return run_gui(argv)


if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        # 批量审核 reads in worker processes; a frozen program starts them through itself.
        # Only there: importing multiprocessing would cost every start-up 8 ms.
        import multiprocessing

        multiprocessing.freeze_support()
    if not opens_window(sys.argv[1:]) and sys.platform != "win32":
        import signal  # `main.py check … | head` then ends quietly, as command-line tools do

        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    status = main()
    if opens_window(sys.argv[1:]):
        from ui.app import end_window_process

        end_window_process(status)
    sys.exit(status)
