package io.chronik.core.kafka;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * DescribeCluster (what {@code Admin.describeCluster} uses when a broker offers it): this node is
 * the only broker and the controller. Asking a broker for controller endpoints
 * ({@code endpoint_type = 2}) is {@code MISMATCHED_ENDPOINT_TYPE}, as in Kafka.
 */
final class DescribeClusterHandler implements ApiHandler {

    private static final byte BROKER_ENDPOINTS = 1;

    private final Supplier<BrokerAddress> address;
    private final String clusterId;

    DescribeClusterHandler(Supplier<BrokerAddress> address, String clusterId) {
        this.address = address;
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
        BrokerAddress self = address.get();
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setClusterId(clusterId)
                .setControllerId(self.nodeId());
        response.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker()
                .setBrokerId(self.nodeId())
                .setHost(self.host())
                .setPort(self.port()));
        return ApiHandler.respond(response);
    }
}
