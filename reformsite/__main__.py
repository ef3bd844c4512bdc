"""`python -m reformsite …`: the same command line as build.py and the reformsite script."""

from reformsite.commands import run

run()
