"""The data converter every Guichet process uses, and its shared payload converter.

Pydantic payloads, encrypted by :class:`guichet.crypto.EncryptionCodec`
(:func:`data_converter`; :func:`replay_data_converter` for replayers). It
lives in the base so that everything reading payloads (the audit tools, the
replayer, the runtime) shares it without importing the Temporal wiring.

The pydantic payload converter is built once per process instead of once per case.

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

import dataclasses
import functools

from temporalio.contrib.pydantic import PydanticPayloadConverter, pydantic_data_converter
from temporalio.converter import (
    CompositePayloadConverter,
    DataConverter,
    DefaultFailureConverter,
    DefaultFailureConverterWithEncodedAttributes,
    EncodingPayloadConverter,
)

from guichet.crypto import EncryptionCodec, KeySet


@functools.cache
def _shared_converters() -> tuple[EncodingPayloadConverter, ...]:
    # Built on first use; a race would build a second set, equally correct.
    return tuple(PydanticPayloadConverter().converters.values())


class SharedPydanticPayloadConverter(PydanticPayloadConverter):
    """``PydanticPayloadConverter`` whose instances share one set of encoding converters."""

    def __init__(self) -> None:
        """Reuse the process's encoding converters, building them on first use."""
        CompositePayloadConverter.__init__(self, *_shared_converters())


def data_converter(keys: KeySet) -> DataConverter:
    """Return the data converter every Guichet process uses.

    Pydantic payloads, encrypted by :class:`guichet.crypto.EncryptionCodec`;
    failure messages and stack traces move into encoded attributes so they
    are encrypted too.

    Args:
        keys: The deployment's encryption keys (the same in every process).
    """
    return dataclasses.replace(
        pydantic_data_converter,
        payload_converter_class=SharedPydanticPayloadConverter,
        payload_codec=EncryptionCodec(keys),
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )


def replay_data_converter(keys: KeySet) -> DataConverter:
    """Return the data converter of replayers: it decrypts like the workers'.

    A replayer sends nothing to Temporal, so the failures it raises keep
    their messages in clear; an encoded one would read "Encoded failure" and
    hide why a history no longer replays. Recorded failures are still
    decrypted (their encoded attributes are read either way).

    Args:
        keys: The encryption keys the histories were written with.
    """
    return dataclasses.replace(
        data_converter(keys), failure_converter_class=DefaultFailureConverter
    )
