"""Fixtures of the releases' tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache: every test starts without them."""
    cache.clear()
    yield
    cache.clear()


def body(response) -> bytes:
    """The whole body of a response, streamed or not; a streamed one is closed."""
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
        response.close()
        return data
    return response.content
