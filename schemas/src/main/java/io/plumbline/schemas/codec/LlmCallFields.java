package io.plumbline.schemas.codec;

/**
 * The JSON names of an LlmCallEvent's fields: OTel's dotted names (the Avro schema's {@code json_name}).
 * Rejection details name a field this way whether it came as JSON or Avro, so that one problem reads
 * the same in the dead-letter topic whatever the producer's format.
 */
final class LlmCallFields {

    static final String EVENT_ID = "event_id";
    static final String START_TIME = "start_time_unix_nano";
    static final String END_TIME = "end_time_unix_nano";
    static final String SERVICE_NAME = "service.name";
    static final String OPERATION_NAME = "gen_ai.operation.name";
    static final String PROVIDER_NAME = "gen_ai.provider.name";
    /** The older OTel name of {@link #PROVIDER_NAME}, still accepted. */
    static final String SYSTEM = "gen_ai.system";
    static final String REQUEST_MODEL = "gen_ai.request.model";
    static final String RESPONSE_MODEL = "gen_ai.response.model";
    static final String PROMPT_NAME = "gen_ai.prompt.name";
    static final String PROMPT_VERSION = "prompt.version";
    static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";
    static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    static final String CACHE_READ_TOKENS = "gen_ai.usage.cache_read.input_tokens";
    static final String REASONING_TOKENS = "gen_ai.usage.reasoning.output_tokens";
    static final String FINISH_REASONS = "gen_ai.response.finish_reasons";
    static final String TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk";
    static final String ERROR_TYPE = "error.type";
    static final String REFUSAL = "refusal";
    static final String COST_USD = "cost.usd";
    static final String EVAL_SCORE = "eval.score";
    static final String TENANT = "tenant";

    private LlmCallFields() {
    }
}
