"""What builds make beside an output folder, recorded so that only that is ever deleted.

A build works in folders beside its output (a staging folder, the spare, the search indexer's,
folders on their way to deletion).  Each is recorded in a manifest beside the output before it is
made and struck off once it is gone, so a build killed at any moment leaves a record of what it
left, and the next build or `clean` deletes exactly that.  Nothing is chosen by its name: a folder
of the user's own beside the output (`output.old/`, `.output-backup/`, even one named like ours)
is never touched.  Nor is a record trusted beyond the names a build gives (`.output.` and more):
the manifest lies in the site folder, which may come from elsewhere, and a line naming `content`
or `precious` there was not written by a build.

The manifest is a journal: one line per event, `+ name pid` when a folder is about to be made and
`- name` once it is gone, each appended in a single write, so that a kill leaves at worst an
unfinished last line (ignored).  It is rewritten short when nothing in it is left.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def manifest_path(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.made"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:         # another user's process
        return True
    return True


class MadeFolders:
    """The manifest of the folders made beside *output_dir* (see the module's docstring)."""

    def __init__(self, output_dir: Path) -> None:
        self.parent = output_dir.parent
        self.path = manifest_path(output_dir)
        self.prefix = f".{output_dir.name}."        # what every name a build gives starts with

    def _append(self, line: str) -> None:
        self.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(descriptor, line.encode())
        finally:
            os.close(descriptor)

    def entries(self) -> dict[str, int]:
        """Name → pid of the build that made it, of every folder recorded and not struck off."""
        try:
            text = self.path.read_bytes().decode("utf-8", "replace")
        except OSError:
            return {}
        found: dict[str, int] = {}
        for line in text.split("\n")[:-1]:      # a last line without its newline was never finished
            match line.split("\t"):
                case ["+", name, pid] if pid.isdigit() and "/" not in name and self._ours(name):
                    found[name] = int(pid)
                case ["-", name]:
                    found.pop(name, None)
        return found

    def _ours(self, name: str) -> bool:
        """Whether *name* is one a build gives a folder (not the files beside: the lock, the manifest,
        the spare's record, their temporary files)."""
        return (name.startswith(self.prefix) and name != self.path.name
                and not name.endswith((".lock", ".json", ".tmp")))

    def owns(self, folder: Path) -> bool:
        return folder.parent == self.parent and folder.name in self.entries()

    def new(self, stem: str) -> Path:
        """A folder name beside the output, starting with *stem*, that nothing uses yet, recorded as
        about to be made (never a name the user's own folder holds)."""
        assert stem.startswith(self.prefix), stem
        for number in range(1, 1000):
            folder = self.parent / (stem if number == 1 else f"{stem}-{number}")
            if not os.path.lexists(folder):
                return self.add(folder)
        raise FileExistsError(self.parent / stem)

    def add(self, folder: Path) -> Path:
        """Record *folder* (beside the output) as about to be made by this process; returns it."""
        assert folder.parent == self.parent and self._ours(folder.name), folder
        self._append(f"+\t{folder.name}\t{os.getpid()}\n")
        return folder

    def drop(self, folder: Path) -> None:
        """Strike *folder* off, once it is gone (or is no longer ours to delete)."""
        if folder.parent == self.parent and folder.name in self.entries():
            self._append(f"-\t{folder.name}\n")

    def leftovers(self) -> list[Path]:
        """The recorded folders of builds that are no longer running (killed).  A build of this
        process deletes its own folders itself, also when it fails."""
        return [self.parent / name for name, owner in sorted(self.entries().items()) if not _alive(owner)]

    def compact(self) -> None:
        """Rewrite the journal as the folders still recorded (none: delete it)."""
        entries = self.entries()
        if not entries:
            with contextlib.suppress(OSError):
                self.path.unlink()
            return
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text("".join(f"+\t{name}\t{pid}\n" for name, pid in sorted(entries.items())),
                             encoding="utf-8")
        os.replace(temporary, self.path)
