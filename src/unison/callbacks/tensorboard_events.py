"""TensorBoard event files without TensorFlow: TFRecord framing and the few protobuf
messages (``Event``, ``Summary``, ``HistogramProto``) that scalar and histogram summaries use,
encoded and decoded by hand.

A record is ``uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)``
(little endian); CRC-32C is the Castagnoli polynomial, masked as TensorFlow does.

Example:
    >>> with EventFileWriter("logs/train") as writer:
    ...     writer.add_scalar("epoch_loss", 0.25, step=0)
    >>> [event["summary"] for event in read_events(writer.path) if "summary" in event]
"""

from __future__ import annotations

import os
import socket
import struct
import time
from collections.abc import Iterator
from typing import Any

import numpy as np

# -- CRC-32C ----------------------------------------------------------------------------


def _crc_table() -> list[int]:
    table = []
    for index in range(256):
        value = index
        for _ in range(8):
            value = (value >> 1) ^ 0x82F63B78 if value & 1 else value >> 1
        table.append(value)
    return table


_TABLE = _crc_table()


def crc32c(data: bytes) -> int:
    """The CRC-32C (Castagnoli) checksum of ``data``."""
    crc = 0xFFFFFFFF
    table = _TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data: bytes) -> int:
    """CRC-32C rotated right by 15 bits plus a constant, as in TFRecord files."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def frame_record(data: bytes) -> bytes:
    """One TFRecord: length, its masked CRC, the data, the data's masked CRC."""
    length = struct.pack("<Q", len(data))
    return (
        length
        + struct.pack("<I", masked_crc32c(length))
        + data
        + struct.pack("<I", masked_crc32c(data))
    )


def read_records(path: str | os.PathLike) -> Iterator[bytes]:
    """The payloads of a TFRecord file, checking both CRCs of every record."""
    with open(path, "rb") as file:
        while True:
            header = file.read(12)
            if not header:
                return
            if len(header) < 12:
                raise ValueError(f"{path}: truncated record header.")
            length_bytes, length_crc = header[:8], struct.unpack("<I", header[8:])[0]
            if masked_crc32c(length_bytes) != length_crc:
                raise ValueError(f"{path}: corrupt record length (CRC mismatch).")
            (length,) = struct.unpack("<Q", length_bytes)
            data = file.read(length)
            footer = file.read(4)
            if len(data) < length or len(footer) < 4:
                raise ValueError(f"{path}: truncated record.")
            if masked_crc32c(data) != struct.unpack("<I", footer)[0]:
                raise ValueError(f"{path}: corrupt record data (CRC mismatch).")
            yield data


# -- protobuf wire format ---------------------------------------------------------------


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64 values use ten bytes, as in protobuf
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def _key(field: int, wire_type: int) -> bytes:
    return _varint((field << 3) | wire_type)


def _bytes_field(field: int, payload: bytes) -> bytes:
    return _key(field, 2) + _varint(len(payload)) + payload


def _double_field(field: int, value: float) -> bytes:
    return _key(field, 1) + struct.pack("<d", value)


def encode_histogram(values: Any, bins: int = 30) -> bytes:
    """A ``HistogramProto`` for ``values`` with ``bins`` equal-width buckets."""
    values = np.asarray(values, dtype="float64").ravel()
    if values.size == 0:
        low = high = 0.0
        counts, edges = np.zeros(1), np.array([0.0, 0.0])
    else:
        low, high = float(values.min()), float(values.max())
        if low == high:
            edges = np.array([low - 0.5, high + 0.5])
            counts = np.array([float(values.size)])
        else:
            counts, edges = np.histogram(values, bins=bins, range=(low, high))
    message = (
        _double_field(1, low)
        + _double_field(2, high)
        + _double_field(3, float(values.size))
        + _double_field(4, float(values.sum()))
        + _double_field(5, float(np.square(values).sum()))
    )
    limits = np.asarray(edges[1:], dtype="<f8").tobytes()
    buckets = np.asarray(counts, dtype="<f8").tobytes()
    return message + _bytes_field(6, limits) + _bytes_field(7, buckets)


def encode_summary_value(tag: str, scalar: float | None = None, histogram: bytes | None = None):
    """A ``Summary.Value`` with ``simple_value`` or ``histo``."""
    payload = _bytes_field(1, tag.encode())
    if scalar is not None:
        payload += _key(2, 5) + struct.pack("<f", float(scalar))
    if histogram is not None:
        payload += _bytes_field(5, histogram)
    return payload


def encode_event(
    wall_time: float,
    step: int = 0,
    file_version: str | None = None,
    summary_values: list[bytes] | None = None,
) -> bytes:
    """An ``Event`` message: wall_time, step, then file_version or a summary."""
    message = _double_field(1, wall_time) + _key(2, 0) + _varint(int(step))
    if file_version is not None:
        message += _bytes_field(3, file_version.encode())
    if summary_values:
        summary = b"".join(_bytes_field(1, value) for value in summary_values)
        message += _bytes_field(5, summary)
    return message


def _parse(data: bytes) -> Iterator[tuple[int, int, Any]]:
    """``(field, wire_type, value)`` for each field of a protobuf message."""
    position = 0
    while position < len(data):
        key, position = _read_varint(data, position)
        field, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, position = _read_varint(data, position)
        elif wire_type == 1:
            value = data[position : position + 8]
            position += 8
        elif wire_type == 2:
            length, position = _read_varint(data, position)
            value = data[position : position + length]
            position += length
        elif wire_type == 5:
            value = data[position : position + 4]
            position += 4
        else:
            raise ValueError(f"Unsupported protobuf wire type {wire_type}.")
        yield field, wire_type, value


def _read_varint(data: bytes, position: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, position
        shift += 7


def decode_histogram(data: bytes) -> dict:
    names = {1: "min", 2: "max", 3: "num", 4: "sum", 5: "sum_squares"}
    result: dict[str, Any] = {"bucket_limit": [], "bucket": []}
    for field, wire_type, value in _parse(data):
        if field in names:
            result[names[field]] = struct.unpack("<d", value)[0]
        elif field in (6, 7):
            key = "bucket_limit" if field == 6 else "bucket"
            if wire_type == 2:
                result[key].extend(np.frombuffer(value, dtype="<f8").tolist())
            else:
                result[key].append(struct.unpack("<d", value)[0])
    return result


def decode_event(data: bytes) -> dict:
    """A dict with ``wall_time``, ``step`` and ``file_version`` or ``summary``
    (a list of ``{"tag", "simple_value" | "histo"}``)."""
    event: dict[str, Any] = {"step": 0}
    for field, _, value in _parse(data):
        if field == 1:
            event["wall_time"] = struct.unpack("<d", value)[0]
        elif field == 2:
            event["step"] = value - (1 << 64) if value >= 1 << 63 else value
        elif field == 3:
            event["file_version"] = value.decode()
        elif field == 5:
            values = []
            for _, _, raw in _parse(value):
                entry: dict[str, Any] = {}
                for subfield, _, item in _parse(raw):
                    if subfield == 1:
                        entry["tag"] = item.decode()
                    elif subfield == 2:
                        entry["simple_value"] = struct.unpack("<f", item)[0]
                    elif subfield == 5:
                        entry["histo"] = decode_histogram(item)
                values.append(entry)
            event["summary"] = values
    return event


def read_events(path: str | os.PathLike) -> list[dict]:
    """Every event of an event file, decoded."""
    return [decode_event(record) for record in read_records(path)]


# -- writer -----------------------------------------------------------------------------

_file_counter = 0


class EventFileWriter:
    """Appends events to ``<directory>/events.out.tfevents.<time>.<host>.<pid>.<n>.v2``."""

    def __init__(self, directory: str | os.PathLike):
        global _file_counter
        _file_counter += 1
        directory = os.fspath(directory)
        os.makedirs(directory, exist_ok=True)
        name = (
            f"events.out.tfevents.{int(time.time())}.{socket.gethostname()}."
            f"{os.getpid()}.{_file_counter}.v2"
        )
        self.path = os.path.join(directory, name)
        self._file = open(self.path, "wb")  # noqa: SIM115
        self._write(encode_event(time.time(), 0, file_version="brain.Event:2"))

    def _write(self, event: bytes) -> None:
        self._file.write(frame_record(event))

    def add_scalar(self, tag: str, value: float, step: int) -> None:
        self._write(
            encode_event(
                time.time(), step, summary_values=[encode_summary_value(tag, scalar=float(value))]
            )
        )

    def add_histogram(self, tag: str, values: Any, step: int, bins: int = 30) -> None:
        histogram = encode_histogram(values, bins)
        self._write(
            encode_event(
                time.time(), step, summary_values=[encode_summary_value(tag, histogram=histogram)]
            )
        )

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def __enter__(self) -> EventFileWriter:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
