"""The pydantic payload converter, built once per process instead of once per case.

The SDK builds a payload converter for every workflow instance it caches or
replays (``DataConverter.payload_converter_class()``). The stock pydantic
one brings its own encoding converters and its own cache of pydantic type
adapters: about 50 objects that each parked case kept in the worker's heap,
walked by every full garbage collection (see :mod:`guichet.heap`), and
type adapters rebuilt by every new instance. The encoding converters hold no
state but that cache (thread-safe, ``functools.lru_cache``), so every
instance can share one set.
"""

from __future__ import annotations

import functools

from temporalio.contrib.pydantic import PydanticPayloadConverter
from temporalio.converter import CompositePayloadConverter, EncodingPayloadConverter


@functools.cache
def _shared_converters() -> tuple[EncodingPayloadConverter, ...]:
    # Built on first use; a race would build a second set, equally correct.
    return tuple(PydanticPayloadConverter().converters.values())


class SharedPydanticPayloadConverter(PydanticPayloadConverter):
    """``PydanticPayloadConverter`` whose instances share one set of encoding converters."""

    def __init__(self) -> None:
        """Reuse the process's encoding converters, building them on first use."""
        CompositePayloadConverter.__init__(self, *_shared_converters())
