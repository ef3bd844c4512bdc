"""The build never forks while its process runs another thread: the child would hold only the
forking thread, and any lock another thread held at that moment would stay held in it for good."""

import json
import os
import subprocess
import sys
from pathlib import Path

from sitekit import REPO, article, read_output, write_site

PROBE = Path(__file__).with_name("fork_probe.py")
SITE = {f"content/2024/bai-{n}.md": article(
    f"Xã Tân Thành Bình tiếp nhận hồ sơ tháng {n}", f"2024-{n:02d}-05T08:00:00+07:00",
    f"Trong tháng {n}/2024, UBND xã Tân Thành Bình, huyện Mỏ Cày Bắc tiếp nhận {1000 + n}.{n:03d} hồ sơ, "
    f"tỷ lệ đúng hạn đạt 9{n % 10},5%.\n", tags="một cửa") for n in range(1, 13)}


def _probe(root: Path, output: str, mode: str) -> dict:
    """Python warns (DeprecationWarning) when it forks a process that runs more than one thread.
    Shown, not raised: os.fork clears a warning raised as an error, so `-W error` would hide it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    done = subprocess.run([sys.executable, "-W", "always::DeprecationWarning", str(PROBE), str(root),
                           str(root / output), mode], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "multi-threaded" not in done.stderr, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_a_build_on_a_terminal_forks_its_pools_with_no_other_thread_running(tmp_path):
    """The progress bar draws without a thread of its own, so the pools and the search process fork."""
    write_site(tmp_path, SITE)
    probe = _probe(tmp_path, "out", "terminal")
    assert probe["exit_code"] == 0
    # the article pool's two workers and the search process; render slices fork too when the search
    # process has left a core free by then, which depends on timing
    assert probe["forks"] >= 3


def test_a_build_beside_another_thread_forks_nothing_and_makes_the_same_site(tmp_path):
    """As `serve` rebuilds in a thread while it goes on serving: the work is done in the build's
    own process instead, to the same bytes."""
    write_site(tmp_path, SITE)
    assert _probe(tmp_path, "forked", "terminal")["forks"] > 0
    probe = _probe(tmp_path, "threaded", "thread")
    assert probe == {"forks": 0, "exit_code": 0}
    assert read_output(tmp_path / "threaded") == read_output(tmp_path / "forked")
