"""Quick unpickling for the frozen, slotted dataclasses the model holds by the hundred thousand.

Articles reach the build pickled: from the build cache on every rebuild, from the worker processes on
a cold build.  Unpickled the default way, each instance of a frozen slotted dataclass goes through
dataclasses' __setstate__, which looks its fields up again and sets each one by calling
object.__setattr__, which dominates reading a large cache.  A class given `quick_pickle` pickles as
its field values instead, and is rebuilt through a *twin*: a plain class with the same slots whose
__init__ assigns them directly (a fast path of the interpreter), whose instance then becomes the
frozen class by __class__ assignment, which CPython allows between classes of the same slot layout.
Equality, hashing and immutability are the frozen class's own, untouched.
"""

from __future__ import annotations

import dataclasses
import operator
import sys
from typing import Any

_TWINS: dict[type, type] = {}


def _twin(cls: type, names: tuple[str, ...], interned: tuple[str, ...]) -> type:
    def value(name: str) -> str:
        return f"{name} if {name}.__class__ is not str else _intern({name})" if name in interned else name

    arguments = ", ".join(names)
    assignments = "".join(f"\n    self.{name} = {value(name)}" for name in names) or "\n    pass"
    namespace: dict[str, Any] = {"_intern": sys.intern}
    exec(f"def __init__(self, {arguments}):{assignments}", namespace)
    return type(f"_{cls.__name__}Twin", (object,), {"__slots__": cls.__slots__,
                                                    "__init__": namespace["__init__"]})


def _restore(cls: type, values: tuple[Any, ...]) -> Any:
    instance = _TWINS[cls](*values)
    instance.__class__ = cls
    return instance


def assemble[T](cls: type[T], *values: Any) -> T:
    """An instance of quick_pickle class *cls* from its field values in order, through its twin:
    for instances made by the hundred thousand from values already known (no __init__ and no
    __post_init__ run, so the caller owns every field's value)."""
    return _restore(cls, values)


def quick_pickle[T: type](cls: T | None = None, *, interned: tuple[str, ...] = ()) -> Any:
    """Class decorator (above @dataclass(frozen=True, slots=True)): pickle as the field values.

    The string fields named in *interned* (a str or None) are interned when an instance is rebuilt:
    values such as an indicator key or a unit's name repeat in thousands of articles, and each
    article unpickled on its own would bring its own copies."""
    if cls is None:
        return lambda cls: quick_pickle(cls, interned=interned)
    names = tuple(f.name for f in dataclasses.fields(cls))
    if tuple(getattr(cls, "__slots__", ())) != names or cls.__bases__ != (object,):
        raise TypeError(f"{cls.__name__}: quick_pickle needs a slotted dataclass with no base class")
    if unknown := set(interned) - set(names):
        raise TypeError(f"{cls.__name__}: no field {', '.join(sorted(unknown))} to intern")
    _TWINS[cls] = _twin(cls, names, interned)
    values = operator.attrgetter(*names) if len(names) > 1 else (lambda self: (getattr(self, names[0]),))

    def __reduce__(self: Any) -> tuple[Any, ...]:
        return _restore, (cls, values(self))

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls
