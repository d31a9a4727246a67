/**
 * {@code plumbline serve}: one plain JVM process beside the jobs that reads their output topics
 * ({@code read_committed}) and brings statistics and alerts to people through the tools they use:
 * Prometheus metrics, Alertmanager, and signed webhooks.
 */
package io.plumbline.delivery;
