package io.chronik.core.metadata;

import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * Puts {@link MetadataCommand}s into words for people reading the metadata log (the console's audit
 * trail). Commands name topics by id only; the caller passes the names it knows, so a description
 * reads {@code topic orders (id ...)} wherever the name is known. Pure functions, no state.
 */
public final class MetadataDescriptions {

    private MetadataDescriptions() {
    }

    /** The command's type name, such as {@code CreateTopic}. */
    public static String type(MetadataCommand command) {
        return command.getClass().getSimpleName();
    }

    /**
     * What {@code command} did.
     *
     * @param names topic names by id, as far as known
     */
    public static String content(MetadataCommand command, Map<Uuid, String> names) {
        if (command instanceof MetadataCommand.CreateTopic create) {
            return "topic " + create.name() + " (id " + create.topicId() + ") with " + create.partitions()
                    + " partition" + (create.partitions() == 1 ? "" : "s") + " on replicas " + create.assignment()
                    + (create.configs().isEmpty() ? "" : ", configs " + configs(create.configs()));
        } else if (command instanceof MetadataCommand.DeleteTopic delete) {
            return topic(delete.topicId(), names);
        } else if (command instanceof MetadataCommand.AllocateProducerIds ids) {
            return "producer ids " + ids.firstId() + " to " + (ids.firstId() + ids.count() - 1);
        } else if (command instanceof MetadataCommand.AlterTopicConfigs alter) {
            return topic(alter.topicId(), names) + ": configs now "
                    + (alter.configs().isEmpty() ? "all default" : configs(alter.configs()));
        } else if (command instanceof MetadataCommand.CreatePartitions grow) {
            return topic(grow.topicId(), names) + " grows to " + grow.partitions() + " partitions, new ones on replicas "
                    + grow.added();
        } else if (command instanceof MetadataCommand.AdvanceLogStart advance) {
            return topic(advance.topicId(), names) + " partition " + advance.partition() + ": log start offset "
                    + advance.logStartOffset();
        } else if (command instanceof MetadataCommand.RegisterBroker register) {
            return "broker " + register.nodeId() + " at " + register.host() + ":" + register.port();
        } else if (command instanceof MetadataCommand.FenceBroker fence) {
            return "broker " + fence.nodeId() + " fenced: it missed its heartbeats";
        } else if (command instanceof MetadataCommand.UnfenceBroker unfence) {
            return "broker " + unfence.nodeId() + " unfenced";
        } else if (command instanceof MetadataCommand.ChangePartition change) {
            return topic(change.topicId(), names) + " partition " + change.partition() + ": leader "
                    + (change.leader().isPresent() ? "node " + change.leader().getAsInt() : "none") + " in epoch "
                    + change.leaderEpoch() + ", ISR " + change.isr();
        } else if (command instanceof MetadataCommand.ReassignPartition reassign) {
            return topic(reassign.topicId(), names) + " partition " + reassign.partition() + ": moving to replicas "
                    + reassign.target();
        } else if (command instanceof MetadataCommand.CancelReassignment cancel) {
            return topic(cancel.topicId(), names) + " partition " + cancel.partition()
                    + ": reassignment cancelled, back to its original replicas";
        }
        throw new IllegalArgumentException("unknown metadata command " + command);
    }

    private static String topic(Uuid id, Map<Uuid, String> names) {
        String name = names.get(id);
        return name == null ? "topic id " + id : "topic " + name + " (id " + id + ")";
    }

    private static String configs(SortedMap<String, String> configs) {
        return configs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
