package io.chronik.core.node;

import io.chronik.api.ClusterView;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What {@code bin/chronik status} shows about a running node, and its text form in the status file.
 *
 * <p>Format (UTF-8, one {@code key=value} per line, readable with {@link java.util.Properties} and
 * line by line by a shell script; no value contains a line break or needs escaping):
 * <pre>
 * # Chronik node status: rewritten when it changes, removed when the node stops
 * pid=12345
 * node.id=1
 * cluster.id=q1Sh-9_jQ4yW0kGfdSFkXg
 * role=leader                  leader, follower, candidate or pre-candidate
 * term=0
 * metadata.leader=1            the leader's node id, or "none" while there is none
 * kafka=127.0.0.1:9092         bound listeners as host:port ...
 * replication=127.0.0.1:9093
 * forwarding=127.0.0.1:9094
 * console=127.0.0.1:8080       ... or "off" for a node without a console
 * </pre>
 *
 * @param pid            the node's process id
 * @param nodeId         the node's id
 * @param clusterId      the cluster it belongs to
 * @param role           its role in the metadata quorum
 * @param term           the quorum's term as the node knows it
 * @param metadataLeader the metadata leader of that term, if known
 * @param listeners      where the node listens
 */
record NodeStatus(long pid, int nodeId, String clusterId, ClusterView.QuorumRole role, int term,
                  OptionalInt metadataLeader, Listeners listeners) {

    /** The value of {@code metadata.leader} while no leader is known. */
    static final String NO_LEADER = "none";

    NodeStatus {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(metadataLeader, "metadataLeader");
        Objects.requireNonNull(listeners, "listeners");
    }

    /**
     * The listeners' bound addresses as {@code host:port}.
     *
     * @param console the console's address, or {@code "off"}
     */
    record Listeners(String kafka, String replication, String forwarding, String console) {

        Listeners {
            Objects.requireNonNull(kafka, "kafka");
            Objects.requireNonNull(replication, "replication");
            Objects.requireNonNull(forwarding, "forwarding");
            Objects.requireNonNull(console, "console");
        }
    }

    /** This process's status, from the node's view of the cluster. */
    static NodeStatus of(ClusterView cluster, String clusterId, Listeners listeners) {
        return new NodeStatus(ProcessHandle.current().pid(), cluster.nodeId(), clusterId, cluster.role(),
                cluster.term(), cluster.metadataLeader(), listeners);
    }

    /** The file's text, see the class Javadoc. */
    String render() {
        return "# Chronik node status: rewritten when it changes, removed when the node stops\n"
                + "pid=" + pid + "\n"
                + "node.id=" + nodeId + "\n"
                + "cluster.id=" + clusterId + "\n"
                + "role=" + role.name().toLowerCase(Locale.ROOT).replace('_', '-') + "\n"
                + "term=" + term + "\n"
                + "metadata.leader=" + (metadataLeader.isPresent() ? metadataLeader.getAsInt() : NO_LEADER) + "\n"
                + "kafka=" + listeners.kafka() + "\n"
                + "replication=" + listeners.replication() + "\n"
                + "forwarding=" + listeners.forwarding() + "\n"
                + "console=" + listeners.console() + "\n";
    }
}
