"""The build cache's stat index: which content files are known, with their size, time and hash."""

from reformsite.build.cache import BuildCache, FileStat


def _index(folder) -> dict:
    with BuildCache(folder, "fingerprint") as cache:
        return cache.known_hashes()


def test_a_build_writes_only_the_rows_that_changed(tmp_path):
    first = {f"2024/{n}.md": (FileStat(100 + n, 10**18 + n), f"hash-{n}") for n in range(50)}
    with BuildCache(tmp_path, "fingerprint") as cache:
        cache.known_hashes()
        cache.remember_files((path, stat, digest) for path, stat, digest in
                             ((p, *v) for p, v in first.items()))
    assert _index(tmp_path) == first

    second = dict(first)
    del second["2024/3.md"]                                             # deleted
    second["2024/7.md"] = (FileStat(999, 10**18 + 70), "hash-7b")       # edited
    second["2025/new.md"] = (FileStat(5, 10**18), "hash-new")           # added
    with BuildCache(tmp_path, "fingerprint") as cache:
        cache.known_hashes()
        before = cache._db.total_changes
        cache.remember_files((p, *v) for p, v in second.items())
        assert cache._db.total_changes - before == 3
    assert _index(tmp_path) == second


def test_without_reading_the_index_first_a_build_replaces_it_whole(tmp_path):
    with BuildCache(tmp_path, "fingerprint") as cache:
        cache.remember_files([("a.md", FileStat(1, 1), "h1"), ("b.md", FileStat(2, 2), "h2")])
    with BuildCache(tmp_path, "fingerprint") as cache:
        cache.remember_files([("b.md", FileStat(3, 3), "h3")])
    assert _index(tmp_path) == {"b.md": (FileStat(3, 3), "h3")}
