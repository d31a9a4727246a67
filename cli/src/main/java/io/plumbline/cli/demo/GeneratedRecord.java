package io.plumbline.cli.demo;

/**
 * One generated Kafka record: its key (null for none), its event time, which is also its Kafka
 * timestamp, and its value; {@code malformed} ones are meant for the dead-letter topic.
 */
public record GeneratedRecord(byte[] key, long timestamp, byte[] payload, boolean malformed) {}
