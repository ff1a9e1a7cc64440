"""The stats of the data files (size, mtime, ctime, inode): what tells the cache and the index
that a file is unchanged. A warm run compares every stat and reads nothing else, so they are
taken in one tight loop per folder and kept as int64, STAT_FIELDS per file."""

from __future__ import annotations

import os
import struct
import sys
from array import array
from itertools import chain
from stat import S_ISREG
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from medborgarlofte.files.discover import Folder

STAT_FIELDS = 4
"""Per file, in a stat array: size, mtime_ns, ctime_ns, inode."""

_STAT = struct.Struct("<4q")
_RELATIVE = os.stat in os.supports_dir_fd and os.stat in os.supports_follow_symlinks


def take_stats(folders: list[Folder]) -> array[int] | None:
    """The stats of every file of `folders`, in order; None when any file is gone, is not a
    regular file any more, or has a stat out of range (the caller then takes them one by one,
    reporting each)."""
    found = array("q")
    for folder in folders:
        path, names = folder.path, folder.names
        try:
            if _RELATIVE:
                fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
                try:
                    infos = [os.stat(name, dir_fd=fd, follow_symlinks=False) for name in names]
                finally:
                    os.close(fd)
            else:  # pragma: no cover - platforms without dir_fd
                infos = [os.lstat(os.path.join(path, name)) for name in names]
            if not all(S_ISREG(info.st_mode) for info in infos):
                return None
            found.extend(
                chain.from_iterable(
                    (i.st_size, i.st_mtime_ns, i.st_ctime_ns, i.st_ino) for i in infos
                )
            )
        except (OSError, OverflowError):
            return None
    return found


def little_endian(numbers: array[int]) -> bytes:
    """The numbers as bytes, little-endian whatever this machine is (the index keeps them)."""
    if sys.byteorder == "little":
        return numbers.tobytes()
    swapped = array(numbers.typecode, numbers)  # pragma: no cover - big-endian machines
    swapped.byteswap()  # pragma: no cover
    return swapped.tobytes()  # pragma: no cover


def from_little_endian(data: bytes, typecode: str) -> array[int]:
    numbers = array(typecode)
    numbers.frombytes(data)
    if sys.byteorder != "little":  # pragma: no cover - big-endian machines
        numbers.byteswap()
    return numbers


def stat_at(data: bytes, index: int) -> tuple[int, int, int, int]:
    """The stat of file `index` in little-endian stats."""
    size, mtime, ctime, inode = _STAT.unpack_from(data, index * _STAT.size)
    return size, mtime, ctime, inode
