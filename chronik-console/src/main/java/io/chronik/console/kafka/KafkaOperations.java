package io.chronik.console.kafka;

import java.util.Objects;

/**
 * Everything the console does through the node's Kafka listener, over one set of {@link KafkaClients}.
 *
 * @param topics    topic listing and management
 * @param groups    consumer group listing and management
 * @param browser   the message browser
 * @param publisher the produce form's sender
 */
public record KafkaOperations(TopicAdmin topics, GroupAdmin groups, MessageBrowser browser, MessagePublisher publisher) {

    public KafkaOperations {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(browser, "browser");
        Objects.requireNonNull(publisher, "publisher");
    }

    /** The operations over {@code clients}. */
    public static KafkaOperations over(KafkaClients clients) {
        TopicAdmin topics = new TopicAdmin(clients);
        return new KafkaOperations(topics, new GroupAdmin(clients, topics), new MessageBrowser(clients, topics),
                new MessagePublisher(clients, topics));
    }
}
