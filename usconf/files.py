"""Reading a file the user named, safely: a regular file, within a stated size, never a hang.

`/dev/zero` has size 0 yet never ends, a FIFO blocks `open()` until a writer comes,
and a huge file exhausts memory. So the path is checked with os.stat before it is
opened, opened with O_NONBLOCK (a FIFO swapped in meanwhile does not block), checked
again on the open descriptor, and read only up to its cap.
"""
import os
import stat

KIB = 1024
MIB = 1024 * KIB


# --- paths as pathlib shows them ------------------------------------------------------------
# `usconf plan` and `validate` name files as pathlib.PurePosixPath writes them ("./a//b.yaml" is
# "a/b.yaml", the folder of "b.yaml" is "."). Loading pathlib costs a fresh process about 1 ms
# (it loads fnmatch, ntpath, urllib.parse): these few lines give the same text without it.

def _parts(path):
    """(root, names) of `path` as pathlib splits it: "/" or "//" (POSIX keeps exactly two), no "." or ""."""
    text = os.fspath(path)
    if not isinstance(text, str):
        raise TypeError(f"expected a str path, not {type(text).__name__}")
    root = ""
    if text.startswith("/"):
        stripped = text.lstrip("/")
        root = "//" if len(text) - len(stripped) == 2 else "/"
        text = stripped
    return root, [name for name in text.split("/") if name and name != "."]


def tidy(path):
    """str(PurePosixPath(path)): "./a//b/" -> "a/b", "" -> "."; unlike os.path.normpath, ".." stays."""
    root, names = _parts(path)
    return root + "/".join(names) or "."


def folder(path):
    """str(PurePosixPath(path).parent): "a/b.yaml" -> "a", "b.yaml" -> "." (os.path.dirname gives "")."""
    root, names = _parts(path)
    return root + "/".join(names[:-1]) or "."


def stem(path):
    """PurePosixPath(path).stem: the last name without its last suffix ("a/b.tar.gz" -> "b.tar", ".jpg" -> ".jpg")."""
    names = _parts(path)[1]
    name = names[-1] if names else ""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


class FileRefused(ValueError):
    """The file is not one usconf will read; the message says why, naming nothing but the reason."""


def size_text(n):
    if n >= MIB:
        return f"{n / MIB:.1f} MB" if n % MIB else f"{n // MIB} MB"
    if n >= KIB:
        return f"{n / KIB:.1f} KiB" if n % KIB else f"{n // KIB} KiB"
    return f"{n} bytes"


def _kind(mode):
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _check(st, max_bytes, min_bytes, what):
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(f"{what} is {_kind(st.st_mode)}, not a regular file")
    if st.st_size > max_bytes:
        raise FileRefused(f"{what} is {size_text(st.st_size)}; the limit is {size_text(max_bytes)}")
    if st.st_size < min_bytes:
        raise FileRefused(f"{what} is {size_text(st.st_size)}; it must be at least {size_text(min_bytes)}")


def read_regular(path, max_bytes, min_bytes=0, what="the file"):
    """The bytes of the regular file at `path`, of at most `max_bytes`.

    Raises FileRefused (not a regular file, too large or too small) or OSError (cannot open or read).
    """
    _check(os.stat(path), max_bytes, min_bytes, what)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        _check(os.fstat(fd), max_bytes, min_bytes, what)    # the path may have been swapped since the stat
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(64 * KIB, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise FileRefused(f"{what} grew past the limit of {size_text(max_bytes)} while being read")
    finally:
        os.close(fd)
    return b"".join(chunks)
