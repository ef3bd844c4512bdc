"""The indexer's process: a fresh interpreter that imports what it indexes with and nothing else."""

from __future__ import annotations

import subprocess
import sys

import reformsite


def test_the_indexer_process_starts_without_the_site_model():
    """The indexer of a large site is a fresh interpreter that the build waits for after rendering:
    its start-up is on the one-edit rebuild's critical path, and the site model's modules (Markdown,
    the figure extractor, the gazetteer, Jinja) are most of what a start-up could import."""
    probe = ("import sys, reformsite.search.indexer; "
             "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('reformsite', 'markdown', 'jinja2', 'frontmatter'))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=reformsite.__path__[0] + "/..").stdout.split()
    assert "reformsite.search.indexer" in out
    assert [m for m in out if m.startswith(("reformsite.site", "reformsite.content", "reformsite.figures",
                                            "reformsite.places", "reformsite.render", "markdown",
                                            "jinja2", "frontmatter"))] == []
