package io.chronik.core.kafka;

import io.chronik.core.cluster.ClusterMetadata;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * DescribeCluster (what {@code Admin.describeCluster} uses when a broker offers it): the registered,
 * unfenced brokers from the committed metadata, and the metadata leader as the controller ({@code -1}
 * while none is known). Asking a broker for controller endpoints ({@code endpoint_type = 2}) is
 * {@code MISMATCHED_ENDPOINT_TYPE}, as in Kafka.
 */
final class DescribeClusterHandler implements ApiHandler {

    private static final byte BROKER_ENDPOINTS = 1;

    private final ClusterMetadata metadata;
    private final String clusterId;

    DescribeClusterHandler(ClusterMetadata metadata, String clusterId) {
        this.metadata = metadata;
        this.clusterId = clusterId;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        DescribeClusterRequestData data = (DescribeClusterRequestData) request;
        if (data.endpointType() != BROKER_ENDPOINTS) {
            return ApiHandler.respond(new DescribeClusterResponseData()
                    .setErrorCode(Errors.MISMATCHED_ENDPOINT_TYPE.code())
                    .setErrorMessage("This server is a broker: it can only describe broker endpoints"));
        }
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setClusterId(clusterId)
                .setControllerId(metadata.quorum().status().leader().orElse(-1));
        metadata.state().liveBrokers().forEach(broker -> response.brokers().add(
                new DescribeClusterResponseData.DescribeClusterBroker()
                        .setBrokerId(broker.nodeId())
                        .setHost(broker.host())
                        .setPort(broker.port())));
        return ApiHandler.respond(response);
    }
}
