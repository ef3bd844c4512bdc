"""benchmarks/tag_speed.py: both taggers run over the same articles and the ratio is reported."""

from __future__ import annotations

import re
import subprocess
import sys

from sitekit import REPO


def test_tag_speed_times_this_tagger_and_a_peer_revision() -> None:
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "tag_speed.py"), "--articles", "12",
                           "--rounds", "1", "--against", "HEAD"],
                          capture_output=True, text=True, check=False, cwd=REPO)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("12 articles")
    timings = {m.group(1): float(m.group(2)) for line in lines
               if (m := re.match(r"\s*(\S+): ([\d.]+) s, [\d.]+ ms/article", line))}
    assert set(timings) == {"this", "HEAD"} and all(t > 0 for t in timings.values())
    assert re.fullmatch(r"this / HEAD: \d+\.\d\d×", lines[-1])
