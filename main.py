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

from models.app import APP_FULL_NAME, APP_NAME, VERSION

# Exit statuses of the commands.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2

COMMANDS = ("check",)

_ARGPARSE_MESSAGES = {
    "the following arguments are required": "缺少参数",
    "unrecognized arguments": "无法识别的参数",
    "invalid choice": "无效的选项",
    "expected one argument": "这个选项后面需要一个值",
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
    parser = chinese_argument_parser(
        prog="main.py",
        description=f"{APP_NAME}（{APP_FULL_NAME}）。不带命令时打开窗口。",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {VERSION}",
                        help="显示版本号并退出")
    commands = parser.add_subparsers(dest="command", metavar="命令", title="命令")

    check = commands.add_parser(
        "check", add_help=False, help="检查报告，列出发现的问题",
        description="检查报告，列出发现的问题。退出状态：0 没有错误，1 有错误，2 文件无法读取。")
    check.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    check.add_argument("file", metavar="FILE", type=Path, help="要检查的报告（.gknb）")
    check.add_argument("--json", action="store_true", help="以 JSON 列表输出检查结果")
    return parser


def _use_utf8_output() -> None:
    # A Windows console or a pipe may not be UTF-8; never die on a Chinese character.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def read_report(path: Path):  # type: ignore[no-untyped-def]
    """The report in ``path``, whatever supported file it is; FileProblem if it cannot be read."""
    from models import project_file

    return project_file.load(path)


def command_check(args: argparse.Namespace) -> int:
    from models.checks import Severity, run_checks, summary
    from models.files import FileProblem

    try:
        report = read_report(args.file)
    except FileProblem as problem:
        print(problem, file=sys.stderr)
        return EXIT_UNREADABLE
    findings = run_checks(report)
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
                print(f"  [{finding.severity.label}] {finding.message}")
            print(f"共 {summary(findings)}。")
    has_errors = any(f.severity is Severity.ERROR for f in findings)
    return EXIT_FINDINGS if has_errors else EXIT_OK


def run_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    handlers = {"check": command_check}
    return handlers[args.command](args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _use_utf8_output()
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version")):
        return run_command(argv)
    from ui.app import run_gui

    return run_gui(argv)


if __name__ == "__main__":
    sys.exit(main())
