"""The editors' commands: build, check, serve, new, import and clean."""


__all__ = []
