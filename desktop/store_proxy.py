"""The store as long work on the work thread sees it: every call is one short job on the store
thread, so decisions typed meanwhile are written between those calls instead of waiting for the
whole job (an anonymised export of 50 documents takes tens of seconds)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from desktop.operations import Operations


class StoreProxy:
    """Forwards ``proxy.method(*args)`` to ``store.method(*args)`` on the store thread."""

    def __init__(self, ops: Operations) -> None:
        self._ops = ops

    def __getattr__(self, name: str) -> Callable[..., Any]:
        ops = self._ops

        def call(*args: Any, **kwargs: Any) -> Any:
            return ops.call_store(lambda store: getattr(store, name)(*args, **kwargs))

        return call

    def pseudonym_map(self) -> ThreadedPseudonymMap:
        return ThreadedPseudonymMap(self._ops)


class ThreadedPseudonymMap:
    """The project's pseudonym map, each read and write on the store thread."""

    def __init__(self, ops: Operations) -> None:
        self._ops = ops

    def _call(self, fn: Callable[[Any], Any]) -> Any:
        return self._ops.call_store(lambda store: fn(store.pseudonym_map()))

    def get(self, label: str, key: str) -> str | None:
        return self._call(lambda m: m.get(label, key))  # type: ignore[no-any-return]

    def set(self, label: str, key: str, value: str) -> None:
        self._call(lambda m: m.set(label, key, value))

    def items(self) -> Iterator[tuple[str, str, str]]:
        return iter(self._call(lambda m: list(m.items())))

    def __len__(self) -> int:
        return int(self._call(len))

    def __contains__(self, item: object) -> bool:
        return bool(self._call(lambda m: item in m))
