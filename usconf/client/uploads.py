"""Multipart file uploads that report their progress while the bytes go out.

The reference does not name the form field; usconf sends `file` (see
docs/client.md for this and the other choices the reference leaves open).
"""
import os

from usconf.errors import UsconfError
from usconf.files import MIB, FileRefused, read_regular

FIELD = "file"
CHUNK = 64 * 1024
MAX_UPLOAD_BYTES = 1024 * MIB      # firmware images are the largest upload, far below this


class Upload:
    """A multipart body read by the HTTP layer chunk by chunk, calling progress(sent, total)."""

    def __init__(self, filename, data, progress=None, content_type="application/octet-stream"):
        self._body, self.content_type = multipart(FIELD, filename, data, content_type)
        self._pos = 0
        self._progress = progress

    @classmethod
    def from_path(cls, path, progress=None):
        # a regular file only (a FIFO would block, /dev/zero never end), up to a firmware image's size
        try:
            data = read_regular(path, MAX_UPLOAD_BYTES, what=f"{path}")
        except FileRefused as exc:
            raise UsconfError(str(exc)) from None
        return cls(os.path.basename(path), data, progress, _content_type(path))

    def fresh(self):
        """The same body from its start, for a repeated attempt."""
        self._pos = 0
        return self

    def __len__(self):
        return len(self._body)

    def read(self, size=-1):
        if size is None or size < 0:
            size = len(self._body) - self._pos
        chunk = self._body[self._pos:self._pos + min(size, CHUNK)]
        self._pos += len(chunk)
        if chunk and self._progress:
            self._progress(self._pos, len(self._body))
        return chunk


def multipart(field, filename, data, content_type, boundary=None):
    """(body, Content-Type) of a multipart/form-data body holding one file, as browsers and curl send it.

    The filename is quoted as the WHATWG HTML standard says: CR, LF and `"` percent-encoded."""
    boundary = boundary or os.urandom(16).hex()
    quoted = filename.translate({10: "%0A", 13: "%0D", 34: "%22"})
    head = (f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="{quoted}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n")
    if isinstance(data, str):
        data = data.encode()
    body = b"".join((head.encode(), data, f"\r\n--{boundary}--\r\n".encode()))
    return body, f"multipart/form-data; boundary={boundary}"


def _content_type(path):
    ext = os.path.splitext(path)[1].lower()
    return {".jpg": "image/jpeg", ".jpeg": "image/jpeg"}.get(ext, "application/octet-stream")
