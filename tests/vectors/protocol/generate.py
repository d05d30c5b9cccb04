#!/usr/bin/env python3
"""Writes the peer-protocol golden vectors from docs/protocol.md, independently of either codec.

Run from the repository root: python3 tests/vectors/protocol/generate.py
"""
import json, struct, os

def s(name):
    b = name.encode("ascii")
    return bytes([len(b)]) + b

valid = []
def add(name, typ, fields, data):
    valid.append({"name": name, "type": typ, "hex": data.hex(), "fields": fields})

add("hello-viewer", "Hello", {"stream": "demo", "renditions": ["720p", "360p"], "uploadKbps": 5000, "isSeed": False},
    bytes([1, 1, 0]) + s("demo") + bytes([2]) + s("720p") + s("360p") + struct.pack(">I", 5000))
add("hello-seed-max-upload", "Hello", {"stream": "a", "renditions": ["main"], "uploadKbps": 4294967295, "isSeed": True},
    bytes([1, 1, 1]) + s("a") + bytes([1]) + s("main") + struct.pack(">I", 4294967295))
add("have-part", "Have", {"rendition": 0, "msn": 1234, "part": 3}, bytes([2, 0]) + struct.pack(">I", 1234) + bytes([3]))
add("have-segment", "Have", {"rendition": 1, "msn": 4294967295, "part": 255}, bytes([2, 1]) + struct.pack(">I", 4294967295) + bytes([255]))
add("bitfield-10", "Bitfield", {"rendition": 0, "baseMsn": 100, "count": 10, "held": [0, 1, 2, 7, 9]},
    bytes([3, 0]) + struct.pack(">IH", 100, 10) + bytes([0b11100001, 0b01000000]))
add("bitfield-empty", "Bitfield", {"rendition": 2, "baseMsn": 0, "count": 0, "held": []}, bytes([3, 2]) + struct.pack(">IH", 0, 0))
add("request-urgent-part", "Request", {"requestId": 7, "rendition": 0, "msn": 1234, "part": 2, "priority": 0},
    bytes([4]) + struct.pack(">IBIBB", 7, 0, 1234, 2, 0))
add("request-prefetch-segment", "Request", {"requestId": 4294967295, "rendition": 3, "msn": 99, "part": 255, "priority": 3},
    bytes([4]) + struct.pack(">IBIBB", 4294967295, 3, 99, 255, 3))
add("data-first-piece", "Data", {"requestId": 7, "offset": 0, "total": 20, "payload": "00010203040506070809"},
    bytes([5]) + struct.pack(">III", 7, 0, 20) + bytes(range(10)))
add("data-last-piece", "Data", {"requestId": 7, "offset": 10, "total": 20, "payload": "0a0b0c0d0e0f10111213"},
    bytes([5]) + struct.pack(">III", 7, 10, 20) + bytes(range(10, 20)))
full = bytes((i * 7) & 0xff for i in range(16384))
add("data-full-piece", "Data", {"requestId": 1, "offset": 16384, "total": 8388608, "payload": full.hex()},
    bytes([5]) + struct.pack(">III", 1, 16384, 8388608) + full)
add("cancel", "Cancel", {"requestId": 305419896}, bytes([6]) + struct.pack(">I", 305419896))
add("choke", "Choke", {}, bytes([7]))
add("unchoke", "Unchoke", {}, bytes([8]))
add("absent-choked", "Absent", {"requestId": 9, "reason": 2}, bytes([9]) + struct.pack(">IB", 9, 2))

malformed = []
def bad(name, data, error):
    malformed.append({"name": name, "hex": data.hex(), "error": error})

hello = bytes([1, 1, 0]) + s("demo") + bytes([1]) + s("main") + struct.pack(">I", 1)
bad("empty", b"", "Empty")
bad("hello-truncated", hello[:-1], "Truncated")
bad("hello-trailing", hello + b"\x00", "TrailingBytes")
bad("hello-version-2", bytes([1, 2, 0]) + hello[3:], "BadVersion")
bad("hello-reserved-flag", bytes([1, 1, 2]) + hello[3:], "BadVersion")
bad("hello-upper-case-stream", bytes([1, 1, 0]) + s("Demo") + bytes([1]) + s("main") + struct.pack(">I", 1), "BadName")
bad("hello-empty-stream", bytes([1, 1, 0]) + s("") + bytes([1]) + s("main") + struct.pack(">I", 1), "BadName")
bad("hello-non-ascii-name", bytes([1, 1, 0, 2, 0xc3, 0xa9, 1]) + s("main") + struct.pack(">I", 1), "BadName")
bad("hello-no-renditions", bytes([1, 1, 0]) + s("demo") + bytes([0]) + struct.pack(">I", 1), "BadCount")
bad("hello-nine-renditions", bytes([1, 1, 0]) + s("demo") + bytes([9]) + s("r") * 9 + struct.pack(">I", 1), "BadCount")
bad("have-part-100", bytes([2, 0]) + struct.pack(">I", 1) + bytes([100]), "OutOfRange")
bad("have-truncated", bytes([2, 0, 0, 0]), "Truncated")
bad("bitfield-count-1025", bytes([3, 0]) + struct.pack(">IH", 0, 1025) + bytes(129), "BadCount")
bad("bitfield-short-bits", bytes([3, 0]) + struct.pack(">IH", 0, 16) + bytes(1), "Truncated")
bad("bitfield-unused-bit-set", bytes([3, 0]) + struct.pack(">IH", 0, 3) + bytes([0b00010000]), "OutOfRange")
bad("request-priority-4", bytes([4]) + struct.pack(">IBIBB", 1, 0, 1, 0, 4), "OutOfRange")
bad("request-part-200", bytes([4]) + struct.pack(">IBIBB", 1, 0, 1, 200, 0), "OutOfRange")
bad("data-no-payload", bytes([5]) + struct.pack(">III", 1, 0, 10), "Truncated")
bad("data-past-total", bytes([5]) + struct.pack(">III", 1, 8, 10) + bytes(3), "OutOfRange")
bad("data-total-over-8mib", bytes([5]) + struct.pack(">III", 1, 0, 8388609) + bytes(1), "TooLong")
bad("data-piece-over-16kib", bytes([5]) + struct.pack(">III", 1, 0, 20000) + bytes(16385), "TooLong")
bad("cancel-trailing", bytes([6]) + struct.pack(">I", 1) + b"\x00", "TrailingBytes")
bad("choke-trailing", bytes([7, 0]), "TrailingBytes")
bad("absent-reason-4", bytes([9]) + struct.pack(">IB", 1, 4), "OutOfRange")

ignored = [
    {"name": "unknown-type-0x00", "hex": "00"},
    {"name": "unknown-type-0x0a-with-body", "hex": "0a0102030405"},
    {"name": "unknown-type-0xff", "hex": "ff"},
]

here = os.path.dirname(os.path.abspath(__file__))
for fname, obj in (("valid.json", valid), ("malformed.json", malformed), ("ignored.json", ignored)):
    with open(os.path.join(here, fname), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")
