"""Command line: python build.py [build|serve|new|import|check|clean] …

Exit codes: 0 success, 1 content has errors (or warnings under --strict), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .builder import BuildOptions, BuildResult, build
from .config import ConfigError, load_config
from .output import OutputError, clean_output
from .render import ThemeError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors, as we want
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=Path("config.yaml"), help="site settings file")
    parser.add_argument("--content", type=Path, help="articles folder (default: content/ beside config)")
    parser.add_argument("--output", type=Path, help="where the site is written (default: output/)")
    parser.add_argument("--base-url", help="absolute URL the site is served from, e.g. https://example.org/portal/")
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument("--future", action="store_true", help="include articles dated in the future")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="build.py", description="Build the administrative-reform news site.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    build_cmd = commands.add_parser("build", help="build the site into output/ (the default)")
    _site_options(build_cmd)
    check_cmd = commands.add_parser("check", help="validate everything, write nothing")
    _site_options(check_cmd)
    clean_cmd = commands.add_parser("clean", help="delete the generated output/")
    clean_cmd.add_argument("--config", type=Path, default=Path("config.yaml"))
    clean_cmd.add_argument("--output", type=Path)
    return parser


def _options(args: argparse.Namespace, *, write: bool) -> BuildOptions:
    return BuildOptions(config_path=args.config, content_dir=args.content, output_dir=args.output,
                        base_url=args.base_url, drafts=args.drafts, future=args.future, strict=args.strict,
                        write=write)


def report(result: BuildResult, *, verb: str) -> None:
    for diagnostic in result.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    errors, warnings = len(result.errors), len(result.warnings)
    summary = (f"{verb}: {result.articles} articles, {result.pages} pages, {result.files} files, "
               f"{warnings} warnings, {errors} errors, {result.seconds:.2f} s")
    if result.stats:
        summary += f" ({result.stats.written} written, {result.stats.unchanged} unchanged)"
    print(summary, file=sys.stderr if result.exit_code else sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]
    args = make_parser().parse_args(argv)
    try:
        if args.command in ("build", "check"):
            if args.base_url is not None and not args.base_url.startswith(("http://", "https://")):
                print("build.py: error: --base-url must be an absolute http(s) URL", file=sys.stderr)
                return 2
            result = build(_options(args, write=args.command == "build"))
            report(result, verb="built" if args.command == "build" else "checked")
            return result.exit_code
        if args.command == "clean":
            config = load_config(args.config)
            output = (args.output or config.root / "output").resolve()
            removed = clean_output(output)
            print(f"removed {output}" if removed else f"nothing to clean at {output}")
            return 0
    except ConfigError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        return 1
    except (OutputError, ThemeError) as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    make_parser().print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
