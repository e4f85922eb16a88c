"""Events as one columnar, dictionary-encoded block: what the map pages embed and decode once.

GeoJSON repeats every key of every event and spells every number as text; 250,000 ACLED rows became 35 MB of
gzip in an export. Here each column is stored once, in the smallest lossless form:

* text: a table of distinct values (JSON, ``null`` for a missing cell) and one code per row (Uint8, Uint16 or
  Int32 by the table's size; the largest code of the type, or -1, means missing);
* dates: days since 1970-01-01 as Int32 (-2**31 = missing);
* numbers: Int32 scaled by 10**k when every value has at most k decimals and the division gives the value
  back exactly (also in JavaScript: IEEE division is correctly rounded in both), else Float64 (NaN = missing).

Layout: ``MMC1``, the header's length (uint32, little-endian), the header (UTF-8 JSON: row count, columns with
kind, dtype, offset, scale, values), zero padding to 8 bytes, then the arrays, each padded to 8 bytes.
Larger blocks are gzip-compressed; both are base64 text inside the page. ``decode`` is the exact inverse
(tests check the browser's decoder, templates/columns.js, against it).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import struct
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..cache import write_atomically

MAGIC = b"MMC1"
#: Blocks larger than this are gzip-compressed.
COMPRESS_OVER = 200_000
_NA_INT = -(2**31)


def _pad(size: int) -> bytes:
    return b"\0" * (-size % 8)


def _text(series: pd.Series) -> tuple[dict[str, Any], np.ndarray]:
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    values = [str(v) for v in uniques]
    if len(values) < 255:
        array = np.where(codes < 0, 255, codes).astype("<u1")
    elif len(values) < 65535:
        array = np.where(codes < 0, 65535, codes).astype("<u2")
    else:
        array = codes.astype("<i4")
    return {"kind": "text", "values": values}, array


def _number(series: pd.Series) -> tuple[dict[str, Any], np.ndarray]:
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    present = ~np.isnan(values)
    kept = values[present]
    for scale in range(7):
        factor = 10.0**scale
        scaled = np.round(kept * factor)
        if np.all(np.abs(scaled) < 2**31 - 1) and np.array_equal(scaled / factor, kept):
            array = np.full(len(values), _NA_INT, dtype="<i4")
            array[present] = scaled.astype("<i4")
            return {"kind": "number", "scale": scale}, array
    return {"kind": "number", "scale": None}, values.astype("<f8")


def _date(series: pd.Series) -> tuple[dict[str, Any], np.ndarray]:
    days = series.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    array = np.where(np.isnat(days), _NA_INT, days.astype("int64")).astype("<i4")
    return {"kind": "date"}, array


def _column(series: pd.Series) -> tuple[dict[str, Any], np.ndarray]:
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return _date(series)
    if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_numeric_dtype(series.dtype):
        return _number(series)
    return _text(series.astype(object).where(series.notna(), None))


def encode(frame: pd.DataFrame, order: np.ndarray | None = None) -> bytes:
    """The block (uncompressed bytes) for every column of ``frame``, rows in ``order`` (positions; default: as
    they are). Each column is encoded first and its codes reordered, which is cheaper than reordering text."""
    columns, arrays, offset = [], [], 0
    for name in frame.columns:
        spec, array = _column(frame[name])
        if order is not None:
            array = array[order]
        data = array.tobytes()
        columns.append({"name": str(name), "dtype": array.dtype.str.lstrip("<|"), "offset": offset, **spec})
        arrays += [data, _pad(len(data))]
        offset += len(data) + len(_pad(len(data)))
    header = json.dumps({"n": len(frame), "columns": columns}, ensure_ascii=False,
                        separators=(",", ":")).encode("utf-8")
    head = MAGIC + struct.pack("<I", len(header)) + header
    return b"".join([head, _pad(len(head)), *arrays])


def pack(frame: pd.DataFrame, compress_over: int = COMPRESS_OVER, order: np.ndarray | None = None
         ) -> tuple[str, bool]:
    """(base64 text, compressed?) of the block, gzip-compressed above ``compress_over`` bytes."""
    raw = encode(frame, order)
    if len(raw) <= compress_over:
        return base64.b64encode(raw).decode("ascii"), False
    return base64.b64encode(_gzip(raw)).decode("ascii"), True


def _gzip(raw: bytes) -> bytes:
    """gzip container (what DecompressionStream("gzip") reads) at level 4: 6% larger than level 6, twice as fast."""
    packer = zlib.compressobj(4, zlib.DEFLATED, 31)
    return packer.compress(raw) + packer.flush()


def decode(data: bytes) -> pd.DataFrame:
    """The frame back from a block (gzip-compressed or not): the Python twin of the browser's decoder."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data[:4] != MAGIC:
        raise ValueError("not a columnar events block")
    (size,) = struct.unpack("<I", data[4:8])
    header = json.loads(data[8:8 + size].decode("utf-8"))
    base = 8 + size + (-(8 + size) % 8)
    n, out = header["n"], {}
    for col in header["columns"]:
        array = np.frombuffer(data, dtype="<" + col["dtype"], count=n, offset=base + col["offset"])
        if col["kind"] == "text":
            table = np.array([*col["values"], None], dtype=object)
            missing = (array == np.iinfo(array.dtype).max) if array.dtype.kind == "u" else (array < 0)
            out[col["name"]] = table[np.where(missing, len(col["values"]), array)]
        elif col["kind"] == "date":
            days = array.astype("int64")
            out[col["name"]] = pd.to_datetime(np.where(array == _NA_INT, np.iinfo("int64").min,
                                                       days * 86_400_000_000_000), unit="ns")
        elif col["scale"] is None:
            out[col["name"]] = array.astype("float64")
        else:
            out[col["name"]] = np.where(array == _NA_INT, np.nan, array / 10.0 ** col["scale"])
    return pd.DataFrame(out, columns=[c["name"] for c in header["columns"]])


def write_block(frame: pd.DataFrame, folder: Path, keep: int = 8, order: np.ndarray | None = None) -> str:
    """Write the gzip-compressed block of ``frame`` into ``folder`` under a name made from its content and
    return that name; only the ``keep`` most recently written or used blocks stay. The dashboard's map fetches
    it once per data source and afterwards receives only which rows to show (see visible_bits)."""
    raw = encode(frame, order)
    name = f"events-{hashlib.sha256(raw).hexdigest()[:16]}.bin"
    target = folder / name
    if target.exists():
        os.utime(target)  # used again: kept by the pruning below
    else:
        write_atomically(target, _gzip(raw))
    for old in sorted(folder.glob("events-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)[keep:]:
        old.unlink(missing_ok=True)
    return name


def visible_bits(positions: np.ndarray, n: int) -> str:
    """Rows ``positions`` of an n-row block as a base64 bitset (bit i of byte i // 8, least significant first):
    6 KB for 50,000 rows, whatever the filters."""
    bits = np.zeros(n, dtype=bool)
    bits[positions] = True
    return base64.b64encode(np.packbits(bits, bitorder="little").tobytes()).decode("ascii")
