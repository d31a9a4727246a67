package io.plumbline.schemas.codec;

import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectReason;

/** Takes what one record of LLM calls holds: one call, or for a trace export each of its spans' outcomes. */
public interface LlmCallSink {

    /** A valid call. */
    void accept(LlmCallRecord call);

    /** A span that records a call, but not a valid one: {@code detail} names the span and the attribute. */
    void reject(RejectReason reason, String detail);

    /** A span that records no model call: not a GenAI span, or an agent's or a tool's. */
    void skip();
}
