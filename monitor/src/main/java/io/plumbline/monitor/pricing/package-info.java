/**
 * What one LLM call cost: price tables (our YAML format and LiteLLM's JSON file), their
 * resolution by model name and call date, and the cost formula over OpenTelemetry token counts.
 * Pure Java and serialisable, so a Flink function can carry a {@link io.plumbline.monitor.pricing.PriceTable}
 * in its closure.
 */
package io.plumbline.monitor.pricing;
