"""``get_file``: fetch a file into the local cache (from ``file://`` origins or the cache).

unison performs no network downloads: a remote origin (``http://``, ``https://``...) is
served only when the file is already in the cache, otherwise ``get_file`` raises an error
naming the path to place the file at.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

__all__ = ["get_file"]


def _cache_base(cache_dir: Any) -> Path:
    if cache_dir is None:
        from unison import config

        base = config.config_path().parent
    else:
        base = Path(os.fspath(cache_dir)).expanduser()
    try:
        base.mkdir(parents=True, exist_ok=True)
        writable = os.access(base, os.W_OK)
    except OSError:
        writable = False
    if not writable:
        base = Path(tempfile.gettempdir()) / ".unison"
    return base


def _hasher(algorithm: str, file_hash: str | None):
    if algorithm == "sha256" or (
        algorithm == "auto" and file_hash is not None and len(file_hash) == 64
    ):
        return hashlib.sha256()
    if algorithm in ("md5", "auto"):
        return hashlib.md5()
    raise ValueError(f'hash_algorithm must be "auto", "sha256" or "md5"; received {algorithm!r}.')


def _file_hash(path: Path, algorithm: str, expected: str | None) -> str:
    hasher = _hasher(algorithm, expected)
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 16), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def _inside(root: Path, member: str) -> bool:
    target = (root / member).resolve()
    return target == root.resolve() or root.resolve() in target.parents


def _extract(archive: Path, target: Path, archive_format: Any) -> bool:
    formats = ["tar", "zip"] if archive_format == "auto" else archive_format
    if isinstance(formats, str):
        formats = [formats]
    target.mkdir(parents=True, exist_ok=True)
    for kind in formats:
        if kind == "tar" and tarfile.is_tarfile(archive):
            with tarfile.open(archive) as bundle:
                for member in bundle.getmembers():
                    if not _inside(target, member.name) or member.issym() or member.islnk():
                        raise ValueError(
                            f"get_file: archive {archive} has an unsafe member {member.name!r} "
                            f"(outside the extraction folder, or a link); refusing to extract."
                        )
                if hasattr(tarfile, "data_filter"):
                    bundle.extractall(target, filter="data")
                else:
                    bundle.extractall(target)
            return True
        if kind == "zip" and zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as bundle:
                for name in bundle.namelist():
                    if not _inside(target, name):
                        raise ValueError(
                            f"get_file: archive {archive} has a member outside the extraction "
                            f"folder ({name!r}); refusing to extract."
                        )
                bundle.extractall(target)
            return True
    return False


def get_file(
    fname: str | None = None,
    origin: str | None = None,
    untar: bool = False,
    md5_hash: str | None = None,
    file_hash: str | None = None,
    cache_subdir: str = "datasets",
    hash_algorithm: str = "auto",
    extract: bool = False,
    archive_format: Any = "auto",
    cache_dir: Any = None,
    force_download: bool = False,
) -> str:
    """Return the local path of a file, copying it into the cache first when needed.

    Args:
        fname: file name in the cache; default, the last part of ``origin``.
        origin: ``file://`` URL or local path of the source. A remote URL works only when
            the file is already cached: unison never downloads.
        untar: legacy; same as ``extract=True`` with a tar archive.
        md5_hash: legacy; an MD5 ``file_hash``.
        file_hash: expected SHA-256 or MD5 hex digest, checked after copying (and used to
            detect stale cached copies).
        cache_subdir: folder under the cache directory.
        hash_algorithm: ``"auto"``, ``"sha256"`` or ``"md5"``.
        extract: extract a tar / zip archive; the extraction folder is returned.
        archive_format: ``"auto"``, ``"tar"``, ``"zip"`` or a list of them.
        cache_dir: cache location; default the unison home (``$UNISON_HOME`` or
            ``~/.unison``), or a temporary folder when that is not writable.
        force_download: copy again even when cached.

    Example:
        >>> path = unison.utils.get_file(origin="file:///data/words.txt")
    """
    if origin is None:
        raise ValueError("get_file: `origin` (the file's URL or path) is required.")
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    datadir = _cache_base(cache_dir) / cache_subdir
    datadir.mkdir(parents=True, exist_ok=True)
    parsed = urllib.parse.urlsplit(str(origin))
    provided = fname is not None
    fname = os.fspath(fname) if provided else os.path.basename(parsed.path)
    if not fname:
        raise ValueError(f"get_file: cannot tell a file name from origin {origin!r}; pass fname.")
    if os.sep in fname or "/" in fname:
        raise ValueError(
            f"get_file: fname must be a file name, not a path ({fname!r}); use cache_dir / "
            f"cache_subdir to choose the folder."
        )
    if extract or untar:
        if provided and "." in fname:
            target = datadir / fname
            extraction_dir = datadir / f"{fname[: fname.find('.')]}_extracted"
        else:
            target = datadir / f"{fname}_archive"
            extraction_dir = datadir / fname
    else:
        target = datadir / fname
    fetch = force_download or not target.exists()
    if not fetch and file_hash is not None:
        fetch = _file_hash(target, hash_algorithm, file_hash) != file_hash
    if fetch:
        if parsed.scheme in ("http", "https", "ftp"):
            raise RuntimeError(
                f"get_file: unison does not download files; {origin!r} is not in the cache. "
                f"Download it yourself and place it at {target}, or pass a file:// origin."
            )
        if parsed.scheme not in ("", "file"):
            raise ValueError(f"get_file: unsupported origin scheme {parsed.scheme!r} ({origin}).")
        source = Path(urllib.request.url2pathname(parsed.path)) if parsed.scheme else Path(origin)
        if not source.is_file():
            raise FileNotFoundError(f"get_file: origin {origin!r} is not a file ({source}).")
        partial = target.with_name(target.name + ".part")
        shutil.copyfile(source, partial)
        os.replace(partial, target)
        if file_hash is not None and _file_hash(target, hash_algorithm, file_hash) != file_hash:
            target.unlink()
            raise ValueError(
                f"get_file: {origin} does not match the expected {hash_algorithm} hash "
                f"{file_hash}; the copy was removed."
            )
    if extract or untar:
        if not _extract(target, extraction_dir, "tar" if untar else archive_format):
            raise ValueError(
                f"get_file: could not extract {target} as {archive_format!r} (not a tar or zip "
                f"archive)."
            )
        return str(extraction_dir)
    return str(target)
