"""Modules imported on first use, so that starting the app does not pay for them.

scipy.stats alone costs ~1.5 s of import on the deployment machine and only the analyses need
it; ``sps = LazyModule("scipy.stats")`` is used exactly like ``from scipy import stats as sps``.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule:
    """Stands for a module; the first attribute read imports it (thread-safe: the import lock)."""

    __slots__ = ("_module", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def load(self) -> ModuleType:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return module

    def __getattr__(self, attribute: str):
        return getattr(self.load(), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}{' (loaded)' if self._module is not None else ''}>"
