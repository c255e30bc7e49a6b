package io.chronik.core.kafka;

/**
 * Where clients reach this broker.
 *
 * @param nodeId the broker id
 * @param host   the advertised host
 * @param port   the advertised port
 */
public record BrokerAddress(int nodeId, String host, int port) {
}
