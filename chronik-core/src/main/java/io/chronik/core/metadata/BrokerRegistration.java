package io.chronik.core.metadata;

import java.util.Objects;

/**
 * A broker as the metadata state knows it.
 *
 * @param nodeId its node id
 * @param host   the host its Kafka listener advertises
 * @param port   the port its Kafka listener advertises
 * @param fenced whether the controller fenced it (it missed heartbeats): it leads no partition
 */
public record BrokerRegistration(int nodeId, String host, int port, boolean fenced) {

    public BrokerRegistration {
        Objects.requireNonNull(host, "host");
    }

    BrokerRegistration withFenced(boolean nowFenced) {
        return new BrokerRegistration(nodeId, host, port, nowFenced);
    }
}
