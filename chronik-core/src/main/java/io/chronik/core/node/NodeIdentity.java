package io.chronik.core.node;

import io.chronik.api.ConfigException;
import io.chronik.core.config.ConfigKeys;
import io.chronik.core.config.NodeConfig;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Decides which cluster a node's data belongs to, on every start:
 * <ul>
 *   <li>data with a stored identity: the configured {@code node.id} must match it, and so must
 *       {@code cluster.id} if configured; the stored cluster id is used;</li>
 *   <li>fresh data: the configured {@code cluster.id} is stored; without one, a single-voter node
 *       generates one (22 characters of URL-safe base64 from 128 random bits), while a node of a
 *       multi-voter cluster refuses to start, because each node would invent a different id.</li>
 * </ul>
 */
final class NodeIdentity {

    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeIdentity() {
    }

    /**
     * The cluster id of this node, storing it in {@code dataDir} on first start.
     *
     * @throws ConfigException if the configuration contradicts the stored identity
     */
    static String establish(NodeConfig config, DataDirectory dataDir) {
        int nodeId = config.get(ConfigKeys.NODE_ID);
        Optional<String> configured = config.get(ConfigKeys.CLUSTER_ID);
        Optional<MetaProperties> stored = MetaProperties.read(dataDir.path());
        if (stored.isPresent()) {
            MetaProperties meta = stored.get();
            if (meta.nodeId() != nodeId) {
                throw new ConfigException(ConfigKeys.NODE_ID.name(), "is " + nodeId + ", but the data in "
                        + dataDir.path() + " belongs to node " + meta.nodeId());
            }
            if (configured.isPresent() && !configured.get().equals(meta.clusterId())) {
                throw new ConfigException(ConfigKeys.CLUSTER_ID.name(), "is '" + configured.get()
                        + "', but the data in " + dataDir.path() + " belongs to cluster '" + meta.clusterId() + "'");
            }
            return meta.clusterId();
        }
        int voters = config.get(ConfigKeys.CLUSTER_VOTERS).size();
        if (configured.isEmpty() && voters > 1) {
            throw new ConfigException(ConfigKeys.CLUSTER_ID.name(), "must be set, the same on every node, for a"
                    + " cluster of " + voters + " voters");
        }
        String clusterId = configured.orElseGet(NodeIdentity::generate);
        new MetaProperties(nodeId, clusterId).write(dataDir.path());
        return clusterId;
    }

    /** A new random cluster id. */
    static String generate() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
