/**
 * The window state of LLM-call monitoring: one {@link io.plumbline.detectors.llm.RouteProfile} per
 * (service, prompt name, operation) and window, holding a {@link io.plumbline.detectors.llm.CallProfile}
 * per {@link io.plumbline.detectors.llm.CallVariant} (provider, response model, prompt version), each
 * updated in place from a reused {@link io.plumbline.detectors.llm.CallObservation}. Plain values in, no
 * event schema: the job maps its events onto an observation. Everything merges, so panes and partial
 * profiles combine as the drift profiles do. Single-threaded: a keyed stage owns each profile.
 */
package io.plumbline.detectors.llm;
