#!/usr/bin/env python3
"""Command line for reformsite: `python build.py [build|serve|new|import|check|clean] …`."""

from reformsite.commands import run

if __name__ == "__main__":
    run()
