#!/usr/bin/env python3
"""Command line for reformsite: `python build.py [build|serve|new|import|check|clean] …`.

The same as the `reformsite` command that `./scripts/build` installs into .venv/bin/."""

import sys

if sys.version_info < (3, 12):  # noqa: UP036 -- build.py runs under whatever `python` is
    sys.exit(f"reformsite needs Python 3.12 or newer, and this is Python {sys.version.split()[0]}.\n"
             "Run ./scripts/build once (it makes .venv with a Python 3.12), then use "
             ".venv/bin/reformsite … or .venv/bin/python build.py ….")

try:
    from reformsite.commands import run
except ModuleNotFoundError as missing:
    sys.exit(f"reformsite cannot start: the package '{missing.name}' is not installed for {sys.executable}.\n"
             "Run ./scripts/build once, then use .venv/bin/reformsite … or .venv/bin/python build.py ….")

if __name__ == "__main__":
    run()
