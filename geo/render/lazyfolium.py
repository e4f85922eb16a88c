"""folium, imported with its Jinja templates compiled on first use instead of at import.

folium and branca compile one template per element class when imported (about 140, ~0.15 s of every
``python -m geo export``) though a map renders a dozen. While folium is imported here, ``jinja2.Template(...)``
returns a stand-in that compiles the real template the first time it is rendered (folium uses only
``render`` and ``module``). Anything imported later, and folium imported elsewhere first, is unaffected.
"""

from __future__ import annotations

import sys
from typing import Any

import jinja2


class _LazyTemplate:
    __slots__ = ("_args", "_template")

    def __init__(self, cls: type, source: Any, args: tuple, kwargs: dict) -> None:
        self._args, self._template = (cls, source, args, kwargs), None

    def _real(self) -> jinja2.Template:
        if self._template is None:
            cls, source, args, kwargs = self._args
            self._template = _ORIGINAL.__func__(cls, source, *args, **kwargs)
        return self._template

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self._real().render(*args, **kwargs)

    @property
    def module(self) -> Any:
        return self._real().module

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)


_ORIGINAL = jinja2.Template.__dict__["__new__"]


def _lazy_new(cls: type, source: Any, *args: Any, **kwargs: Any) -> _LazyTemplate:
    return _LazyTemplate(cls, source, args, kwargs)


if "folium" not in sys.modules and isinstance(_ORIGINAL, staticmethod):
    jinja2.Template.__new__ = staticmethod(_lazy_new)
    try:
        import folium
        import folium.plugins  # noqa: F401
    finally:
        jinja2.Template.__new__ = _ORIGINAL
else:
    import folium
    import folium.plugins  # noqa: F401

__all__ = ["folium"]
