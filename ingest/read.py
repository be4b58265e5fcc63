"""Files to text: the first step of ingest.

Only decoding happens here; nothing is removed or converted.
"""

from __future__ import annotations

from pathlib import Path

from ingest.errors import IngestError
from ingest.records import RawText

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Decode one file to text.

    :raises IngestError: naming the file when it is too large, empty or undecodable.
    """
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(str(path), f"file is {size} bytes, over the {max_bytes}-byte limit")
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(str(path), "file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(str(path), f"not valid UTF-8 at byte {exc.start}") from exc
    return RawText(source=str(path), text=text, encoding="utf-8", fmt="txt")
