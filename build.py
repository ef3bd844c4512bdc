#!/usr/bin/env python3
"""Command line for reformsite: `python build.py [build|serve|new|import|check|clean] …`."""

import sys

from reformsite.cli import main

if __name__ == "__main__":
    sys.exit(main())
