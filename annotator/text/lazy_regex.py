"""Patterns of the ``regex`` module compiled on first use.

Importing ``regex`` and compiling Unicode-property patterns costs start-up time (about 6 ms,
more on a busy machine) that most runs never use: ``annotator score`` only needs them for a
record its fast checks did not clear. A :class:`LazyPattern` imports and compiles on the first
call of a method; from then on its methods are the compiled pattern's own bound methods, held
in the instance (one dictionary lookup per call, as for a pattern itself).
"""

from typing import Any

#: the methods of a compiled pattern that callers use, bound once compiled
_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """``regex.compile(pattern, flags)``, compiled when one of its methods is first looked up."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def _compile(self) -> None:
        if "_compiled" in self.__dict__:
            return
        import regex

        compiled = regex.compile(*self._source)
        for name in _METHODS:
            setattr(self, name, getattr(compiled, name))
        self._compiled = compiled

    def __getattr__(self, name: str) -> Any:
        # only reached before the first compile (afterwards the methods are instance attributes)
        if name.startswith("__") or name in ("_source", "_compiled"):
            raise AttributeError(name)
        self._compile()
        return getattr(self.__dict__["_compiled"], name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r})"
