/**
 * The loop of {@code plumbline serve}: consumes the jobs' output topics ({@code read_committed}, its own consumer
 * group, offsets committed after acting) and hands each record to the metrics; a restart rebuilds the gauges
 * from the lookback.
 */
package io.plumbline.delivery.serve;
