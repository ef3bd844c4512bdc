"""Command line: python build.py [build|serve|new|import|check|clean] …

Exit codes: 0 success, 1 content has errors (or warnings under --strict), 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from reformsite.build import BuildOptions, BuildResult, replay_build
from reformsite.config import ConfigError, ThemeError, load_config
from reformsite.core import VIETNAM, DateError, parse_date
from reformsite.output import OutputError, clean_output

from .progress import ProgressBar, progress_for, summary_line
from .report import line_width, problem_lines


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors, as we want
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


class UsageError(Exception):
    """A bad argument found after parsing (exit 2, like argparse's own)."""


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is not between 1 and 65535")
    return port


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"--jobs must be at least 1, not {jobs}")
    return jobs


def _site_options(parser: argparse.ArgumentParser, *, strict: bool = True) -> None:
    parser.add_argument("--config", type=Path, default=Path("config.yaml"), help="site settings file")
    parser.add_argument("--content", type=Path, help="articles folder (default: content/ beside config)")
    parser.add_argument("--output", type=Path, help="where the site is written (default: output/)")
    parser.add_argument("--base-url", help="absolute URL the site is served from, e.g. https://example.org/portal/")
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument("--future", action="store_true", help="include articles dated in the future")
    parser.add_argument("--no-cache", action="store_true",
                        help="ignore the build cache and process every article again")
    parser.add_argument("--jobs", type=_jobs, metavar="N",
                        help="processes to work in (default: one per core, at most 8); "
                             "fewer use less memory, 1 builds in a single process")
    if strict:
        parser.add_argument("--strict", action="store_true", help="fail on warnings too")


def _fetch_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fetch-images", action="store_true",
                        help="download lead images from the hosts config.yaml's image_hosts allows "
                             "(kept in the build cache) and serve them from the site, never hot-linked")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="build.py", description="Build the administrative-reform news site.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    build_cmd = commands.add_parser("build", help="build the site into output/ (the default)")
    _site_options(build_cmd)
    _fetch_option(build_cmd)
    build_cmd.add_argument("-v", "--verbose", action="store_true",
                           help="print every warning in full (by default, more than a few are counted "
                                "by kind, with the first of each)")
    serve_cmd = commands.add_parser("serve", help="build, serve with live reload, rebuild on every save")
    _site_options(serve_cmd, strict=False)
    _fetch_option(serve_cmd)
    serve_cmd.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    serve_cmd.add_argument("--host", default="127.0.0.1",
                           help="address to listen on (default 127.0.0.1: this computer only)")
    new_cmd = commands.add_parser("new", help="start a new article (a draft) and print its path")
    new_cmd.add_argument("title", help='the headline, e.g. "Xã Tân Hòa giải quyết hồ sơ đúng hạn"')
    new_cmd.add_argument("--place", action="append", default=[],
                         help='the locality, e.g. "xã Tân Thành Bình, huyện Mỏ Cày Bắc, tỉnh Bến Tre" '
                              "(repeat for several)")
    new_cmd.add_argument("--date", help="publication date (default: now, Asia/Ho_Chi_Minh), "
                                        "e.g. 04/11/2024 08:00 or 2024-11-04T08:00:00+07:00")
    new_cmd.add_argument("--config", type=Path, default=Path("config.yaml"))
    new_cmd.add_argument("--content", type=Path, help="articles folder (default: content/ beside config)")
    import_cmd = commands.add_parser("import", help="turn scraped pages (text or saved HTML) into articles")
    import_cmd.add_argument("files", nargs="+", type=Path, metavar="FILE")
    import_cmd.add_argument("--source-url", help="address of the original article (one file only)")
    import_cmd.add_argument("--into", type=Path,
                            help="folder to write into (default: content/ beside config)")
    import_cmd.add_argument("--config", type=Path, default=Path("config.yaml"))
    import_cmd.add_argument("--fetch-images", action="store_true",
                            help="download each article's lead image and store it beside the article")
    check_cmd = commands.add_parser("check", help="validate everything, links included; write nothing")
    _site_options(check_cmd)
    check_cmd.add_argument("--places", action="store_true",
                           help="list the place each article is about, and why it was chosen")
    clean_cmd = commands.add_parser("clean", help="delete the generated output/")
    clean_cmd.add_argument("--config", type=Path, default=Path("config.yaml"))
    clean_cmd.add_argument("--output", type=Path)
    return parser


def _options(args: argparse.Namespace, *, write: bool) -> BuildOptions:
    return BuildOptions(config_path=args.config, content_dir=args.content, output_dir=args.output,
                        base_url=args.base_url, drafts=args.drafts, future=args.future,
                        strict=getattr(args, "strict", False), write=write,
                        use_cache=not args.no_cache, jobs=args.jobs,
                        fetch_images=getattr(args, "fetch_images", False))


def _progress() -> AbstractContextManager[ProgressBar | None]:
    """A progress bar on stderr when a person is watching it (closed on leaving), else None."""
    return progress_for(sys.stderr) or nullcontext()


def _shown(path: Path) -> str:
    """*path* relative to the working folder when inside it: short, and clickable in editors."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def report(result: BuildResult, *, verb: str, verbose: bool = False) -> None:
    """The build's problems (see .report), then the summary line: on stdout when the build succeeded."""
    for line in problem_lines(result.diagnostics, verbose=verbose, width=line_width(sys.stderr)):
        print(line, file=sys.stderr)
    stats = result.stats
    summary = summary_line(verb, articles=result.articles, pages=result.pages, files=result.files,
                           warnings=len(result.warnings), errors=len(result.errors), seconds=result.seconds,
                           written=stats.written if stats and not stats.replayed else None,
                           unchanged=stats.unchanged if stats and not stats.replayed else None)
    if result.replayed:
        summary += " (nothing changed since the last build; output/ kept as it was)"
    print(summary, file=sys.stderr if result.exit_code else sys.stdout)


def _check_base_url(value: str | None) -> None:
    if value is not None and not value.startswith(("http://", "https://")):
        raise UsageError("--base-url must be an absolute http(s) URL")


BUILD_STOPPED = "build.py: the build stopped; the output folder was left as it was"


def run_build(args: argparse.Namespace) -> int:
    _check_base_url(args.base_url)
    options = replace(_options(args, write=True), replay=True)
    # Nothing changed since the last build: say so without even loading the build stages.
    if (unchanged := replay_build(options)) is not None:
        report(unchanged, verb="built", verbose=args.verbose)
        return unchanged.exit_code
    import jinja2

    from reformsite.build import build
    from reformsite.search import SearchIndexError

    from .check import problem_from_exception

    try:
        with _progress() as progress:
            result = build(replace(options, progress=progress, replay=False))
    except jinja2.TemplateError as exc:      # as check and serve tell it: the template's file and line
        print(problem_from_exception(exc, options.config_path.parent.resolve()).format(), file=sys.stderr)
        print(BUILD_STOPPED, file=sys.stderr)
        return 1
    except SearchIndexError as exc:
        _say_search_failed(exc)
        print(BUILD_STOPPED, file=sys.stderr)
        return 1
    report(result, verb="built", verbose=args.verbose)
    return result.exit_code


def _say_search_failed(error: Exception) -> None:
    """What stopped the search index (see reformsite.search.SearchIndexError), and what to do."""
    print(f"build.py: error: {error}", file=sys.stderr)
    if hint := getattr(error, "hint", None):
        print(f"build.py: {hint}", file=sys.stderr)


def run_check(args: argparse.Namespace) -> int:
    from reformsite.search import SearchIndexError

    from .check import check_site, format_grouped

    _check_base_url(args.base_url)
    try:
        with _progress() as progress:
            checked = check_site(replace(_options(args, write=False), progress=progress))
    except SearchIndexError as exc:
        _say_search_failed(exc)
        return 1
    for line in format_grouped(checked.diagnostics):
        print(line)
    if args.places:
        print("\n".join(checked.places))
    print(summary_line("checked", articles=checked.articles, pages=checked.pages, files=checked.files,
                       warnings=len(checked.warnings), errors=len(checked.errors), seconds=checked.seconds))
    return checked.exit_code(strict=args.strict)


def run_serve(args: argparse.Namespace) -> int:
    from .serve import serve_site

    _check_base_url(args.base_url)
    return serve_site(_options(args, write=True), host=args.host, port=args.port)


def run_new(args: argparse.Namespace) -> int:
    from .new import clean_title, write_new_article

    if not clean_title(args.title):
        raise UsageError("the title is empty")
    if args.date is None:
        date = dt.datetime.now(VIETNAM).replace(microsecond=0)
    else:
        try:
            date = parse_date(args.date)
        except DateError as exc:
            raise UsageError(f"--date: {exc}; {DateError.hint}") from None
    content = args.content or args.config.parent / "content"
    path = write_new_article(content, args.title, date=date, places=args.place)
    print(_shown(path))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from reformsite.importer import import_files

    if args.source_url is not None:
        if not args.source_url.startswith(("http://", "https://")):
            raise UsageError("--source-url must be an absolute http(s) URL")
        if len(args.files) > 1:
            raise UsageError("--source-url is the address of one article: import one file at a time with it")
    into = args.into or args.config.parent / "content"
    failed = 0
    for result in import_files(args.files, source_url=args.source_url, into=into,
                               fetch_images=args.fetch_images):
        if result.ok and result.written is not None:
            print(f"{_shown(result.written)}  (from {result.source})")
            for warning in result.warnings:
                print(f"    warning: {warning}")
        else:
            failed += 1
            print(f"{result.source}: error: {result.error}", file=sys.stderr)
    done = len(args.files) - failed
    print(f"imported {done} of {len(args.files)} files", file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0


def run_clean(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    output = (args.output or config.root / "output").resolve()
    removed = clean_output(output)
    print(f"removed {output}" if removed else f"nothing to clean at {output}")
    return 0


COMMANDS = {"build": run_build, "check": run_check, "serve": run_serve, "new": run_new,
            "import": run_import, "clean": run_clean}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]
    parser = make_parser()
    args = parser.parse_args(argv)
    command = COMMANDS.get(args.command)
    if command is None:
        parser.print_help()
        return 2
    try:
        return command(args)
    except UsageError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        return 1
    except (OutputError, ThemeError) as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def run() -> NoReturn:
    """The process entry point (build.py, the reformsite script): main, then exit without teardown.

    The interpreter's teardown frees every object left, one by one, which on a large site is a
    noticeable wait after the last file is written and the summary printed.  Once no other thread or
    child process is left, nothing in that teardown matters but flushing the standard streams; with
    one still running, the exit is the ordinary one, which waits for it."""
    code = main()
    pools = sys.modules.get("multiprocessing")       # never imported: no child process to wait for
    if threading.active_count() > 1 or (pools is not None and pools.active_children()):
        sys.exit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
