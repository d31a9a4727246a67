#!/usr/bin/python3
"""Writes PredictionEvents and LlmCallEvents with another Avro implementation (Debian's python3-avro
1.11) for the Java interop tests: bare datums, single-object encoded records and the same events as
JSON (an LlmCallEvent's JSON uses the dotted names of the schema's json_name properties).

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
LLM_SCHEMA = HERE.parent.parent / "main" / "avro" / "LlmCallEvent.avsc"
OUT = HERE.parent / "resources" / "interop"
V0_SCHEMA = OUT / "PredictionEvent-v0.avsc"
LLM_GEN_AI_SYSTEM_SCHEMA = OUT / "LlmCallEvent-gen-ai-system.avsc"

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


def json_form(schema, record) -> str:
    """The JSON a producer sends: each field under its json_name where it has one, in schema order."""
    names = {f.name: f.other_props.get("json_name", f.name) for f in schema.fields}
    return json.dumps({names[k]: v for k, v in record.items()}, ensure_ascii=False) + "\n"


LLM_EVENTS = [
    # A streamed chat call reporting everything.
    {
        "event_id": "py-llm-1",
        "start_time_unix_nano": 1748735940000000000,
        "end_time_unix_nano": 1748735942345678901,
        "service_name": "support-bot",
        "gen_ai_operation_name": "chat",
        "gen_ai_provider_name": "openai",
        "gen_ai_request_model": "gpt-4o",
        "gen_ai_response_model": "gpt-4o-2024-08-06",
        "gen_ai_prompt_name": "triage",
        "prompt_version": "v7",
        "gen_ai_usage_input_tokens": 1200,
        "gen_ai_usage_output_tokens": 350,
        "gen_ai_usage_cache_read_input_tokens": 1024,
        "gen_ai_usage_reasoning_output_tokens": 128,
        "gen_ai_response_finish_reasons": ["stop"],
        "gen_ai_response_time_to_first_chunk": 0.4375,
        "error_type": None,
        "refusal": False,
        "cost_usd": 0.0061,
        "eval_score": 0.875,
        "tenant": "acme",
    },
    # A failed call: only what is required, a few optional fields sent as null, the others left out.
    {
        "event_id": "py-llm-2",
        "start_time_unix_nano": 1748735950000000000,
        "end_time_unix_nano": 1748735980000000000,
        "service_name": "batch-summarizer",
        "gen_ai_operation_name": "text_completion",
        "gen_ai_provider_name": "anthropic",
        "gen_ai_request_model": "claude-3-5-haiku",
        "gen_ai_response_model": None,
        "gen_ai_usage_input_tokens": None,
        "error_type": "timeout",
        "refusal": False,
    },
    # A filtered, refused call: zero counts, zero cost and score, names beyond ASCII.
    {
        "event_id": "py-llm-3",
        "start_time_unix_nano": 946684800000000000,
        "end_time_unix_nano": 946684800000000000,
        "service_name": "Überweisungs-Assistent",
        "gen_ai_operation_name": "chat",
        "gen_ai_provider_name": "azure.ai.openai",
        "gen_ai_request_model": "gpt-4o-mini",
        "gen_ai_prompt_name": "kündigung",
        "prompt_version": "2025-05-30",
        "gen_ai_usage_input_tokens": 0,
        "gen_ai_usage_output_tokens": 0,
        "gen_ai_usage_cache_read_input_tokens": 0,
        "gen_ai_usage_reasoning_output_tokens": 0,
        "gen_ai_response_finish_reasons": ["content_filter", "length"],
        "refusal": True,
        "cost_usd": 0.0,
        "eval_score": 0.0,
    },
]

# Written with LlmCallEvent-gen-ai-system.avsc: the provider under the older name.
LLM_GEN_AI_SYSTEM_EVENT = {
    "event_id": "py-llm-system",
    "start_time_unix_nano": 1748735960000000000,
    "end_time_unix_nano": 1748735960750000000,
    "service_name": "search",
    "gen_ai_operation_name": "chat",
    "gen_ai_system": "aws.bedrock",
    "gen_ai_request_model": "anthropic.claude-3-haiku",
    "gen_ai_usage_input_tokens": 80,
    "gen_ai_usage_output_tokens": 20,
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

    llm = avro.schema.parse(LLM_SCHEMA.read_text())
    for n, event in enumerate(LLM_EVENTS, start=1):
        (OUT / f"llm-call-{n}.datum.bin").write_bytes(datum(llm, event))
        (OUT / f"llm-call-{n}.single-object.bin").write_bytes(single_object(llm, event))
        (OUT / f"llm-call-{n}.json").write_text(json_form(llm, event), encoding="utf-8")
    gen_ai_system = avro.schema.parse(LLM_GEN_AI_SYSTEM_SCHEMA.read_text())
    (OUT / "llm-call-gen-ai-system.single-object.bin").write_bytes(single_object(gen_ai_system, LLM_GEN_AI_SYSTEM_EVENT))
    (OUT / "llm-call-gen-ai-system.json").write_text(json_form(gen_ai_system, LLM_GEN_AI_SYSTEM_EVENT),
                                                      encoding="utf-8")
    print(f"fingerprint of the LLM-call schema: {crc64_avro(llm.canonical_form.encode('utf-8')):016X}")


if __name__ == "__main__":
    main()
