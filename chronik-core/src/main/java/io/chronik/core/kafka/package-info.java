/**
 * The Kafka protocol front end: request decoding and routing
 * ({@link io.chronik.core.kafka.KafkaRequestDispatcher}), one {@link io.chronik.core.kafka.ApiHandler}
 * per implemented API, topic administration over the metadata log
 * ({@link io.chronik.core.kafka.TopicManager}), topic configs ({@code TopicConfig}
 * with broker defaults in {@link io.chronik.core.kafka.LogDefaults}), background retention
 * ({@code RetentionScheduler}), fetch long-polling, and the
 * {@link io.chronik.core.kafka.KafkaBroker} entry point that a node owns.
 *
 * <p>The wire codec is always the kafka-clients generated message classes; only broker behaviour is
 * written here.
 */
package io.chronik.core.kafka;
