"""Which encoding a text file from a Chinese office is in: the one rule the course's CSV readers share.

Excel saves CSV as UTF-8 (often with a byte-order mark) or, on a Chinese
Windows, as GBK -- read here as GB18030, its superset. Anything else
(UTF-16 "Unicode text", Latin-1 …) is for the caller to refuse with its own
message, since only the caller knows what file it was reading and why.

Examples
--------
>>> sniff_encoding("客户".encode("utf-8")), sniff_encoding("客户".encode("gbk"))
('utf-8', 'gb18030')
>>> sniff_encoding(b"\\xef\\xbb\\xbfid"), sniff_encoding(b"\\xff\\xfei\\x00d\\x00") is None
('utf-8-sig', True)
"""

from __future__ import annotations

__all__ = ["ENCODINGS", "sniff_encoding"]

#: The encodings a Chinese office's CSV files come in, in the order they are tried.
ENCODINGS = ("utf-8", "gb18030")


def sniff_encoding(head: bytes) -> str | None:
    """The encoding ``head`` (a file's bytes, or its first lines) decodes in: ``"utf-8-sig"`` for a byte-order mark,
    else the first of :data:`ENCODINGS` that decodes it; ``None`` for UTF-16 or bytes neither decodes."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: Excel's "Unicode text"
        return None
    for candidate in ENCODINGS:
        try:
            head.decode(candidate)
        except UnicodeDecodeError:
            continue
        return candidate
    return None
