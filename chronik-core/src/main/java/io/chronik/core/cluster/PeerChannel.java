package io.chronik.core.cluster;

import java.util.Objects;
import org.apache.kafka.common.Uuid;

/**
 * Which replicated log a replication-transport message belongs to: the metadata quorum, or one
 * partition (by topic id, so a re-created topic of the same name never receives the old one's traffic).
 * The binary form is {@link PeerChannelCodec}.
 */
public sealed interface PeerChannel {

    /** The metadata log ({@code __cluster_metadata}) and its quorum. */
    record Metadata() implements PeerChannel {
    }

    /** One partition's replicas. */
    record Partition(Uuid topicId, int partition) implements PeerChannel {

        public Partition {
            Objects.requireNonNull(topicId, "topicId");
            if (partition < 0) {
                throw new IllegalArgumentException("partition " + partition + " is negative");
            }
        }
    }

    /** The metadata channel. */
    PeerChannel METADATA = new Metadata();
}
