"""Errors of the viz layer, each naming what was at fault."""

from __future__ import annotations


class VizError(Exception):
    """A view or picture could not be made; the message says what is missing or wrong."""


class FontMissingError(VizError):
    """No installed font covers Chinese, so a picture would show empty boxes."""


class NotFoundError(VizError):
    """The store knows nothing of the concept a view or report was asked for."""


class SizeError(VizError):
    """A picture size or resolution outside the limits."""
