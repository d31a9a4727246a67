#!/usr/bin/python3
"""Writes PredictionEvents with another Avro implementation (Debian's python3-avro 1.11) for the
Java interop test: bare datums, single-object encoded records and the same events as JSON.

python-avro 1.11 has no single-object writer, so this script builds the header itself:
C3 01, then the little-endian CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form.
It is deterministic: running it again rewrites identical files.

    apt-get install -y python3-avro && /usr/bin/python3 schemas/src/test/python/write_avro_fixtures.py
"""
import io
import json
import pathlib

import avro.io
import avro.schema

HERE = pathlib.Path(__file__).resolve().parent
CURRENT_SCHEMA = HERE.parent.parent / "main" / "avro" / "PredictionEvent.avsc"
OUT = HERE.parent / "resources" / "interop"
V0_SCHEMA = OUT / "PredictionEvent-v0.avsc"

CRC64_EMPTY = 0xC15D213AA4D7A795


def _crc64_table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (CRC64_EMPTY & -(fp & 1))
        table.append(fp)
    return table


CRC64_TABLE = _crc64_table()


def crc64_avro(data: bytes) -> int:
    """The Avro specification's 64-bit Rabin fingerprint (CRC-64-AVRO)."""
    fp = CRC64_EMPTY
    for b in data:
        fp = (fp >> 8) ^ CRC64_TABLE[(fp ^ b) & 0xFF]
    return fp


def datum(schema, record) -> bytes:
    buffer = io.BytesIO()
    avro.io.DatumWriter(schema).write(record, avro.io.BinaryEncoder(buffer))
    return buffer.getvalue()


def single_object(schema, record) -> bytes:
    fingerprint = crc64_avro(schema.canonical_form.encode("utf-8"))
    return b"\xc3\x01" + fingerprint.to_bytes(8, "little") + datum(schema, record)


# Floats are written as floats (42.0, not 42) so that JSON and Avro carry the same double.
EVENTS = [
    {
        "event_id": "py-1",
        "timestamp": 1748735940000,
        "model_id": "churn",
        "model_version": "v3",
        "features": {"age": 42.0, "plan": "pro", "trial": True, "paused": False, "referrer": None},
        "prediction": 0.25,
    },
    {
        "event_id": "py-2",
        "timestamp": 1748735950123,
        "model_id": "churn",
        "model_version": "v3",
        "features": {"city": "São Paulo", "größe": -1.5e-7, "": "empty name"},
        "prediction": "churned",
        "prediction_scores": {"churned": 0.875, "stayed": 0.125},
        "latency_ms": 12.5,
        "segment": {"region": "sa-east"},
        "label": "stayed",
    },
    {
        "event_id": "py-3",
        "timestamp": 946684800000,
        "model_id": "fraud",
        "model_version": "2024.11",
        "features": {"amount": 1.7976931348623157e308, "tiny": 5e-324, "zero": -0.0},
        "prediction": -3.0,
        "label": 1.0,
    },
]

# The older version knows no booleans and no optional fields.
V0_EVENT = {
    "event_id": "py-v0",
    "timestamp": 1748735960000,
    "model_id": "churn",
    "model_version": "v2",
    "features": {"age": 51.0, "plan": "basic", "referrer": None},
    "prediction": 0.5,
}


def main():
    current = avro.schema.parse(CURRENT_SCHEMA.read_text())
    v0 = avro.schema.parse(V0_SCHEMA.read_text())
    for n, event in enumerate(EVENTS, start=1):
        (OUT / f"prediction-{n}.datum.bin").write_bytes(datum(current, event))
        (OUT / f"prediction-{n}.single-object.bin").write_bytes(single_object(current, event))
        (OUT / f"prediction-{n}.json").write_text(json.dumps(event, ensure_ascii=False) + "\n", encoding="utf-8")
    (OUT / "prediction-v0.single-object.bin").write_bytes(single_object(v0, V0_EVENT))
    print(f"fingerprint of the current schema: {crc64_avro(current.canonical_form.encode('utf-8')):016X}")


if __name__ == "__main__":
    main()
