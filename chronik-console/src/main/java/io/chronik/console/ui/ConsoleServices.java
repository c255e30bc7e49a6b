package io.chronik.console.ui;

import com.vaadin.flow.server.VaadinServlet;
import io.chronik.api.ChronikNode;
import io.chronik.console.auth.UserDirectory;
import io.chronik.console.charts.LiveRates;
import io.chronik.console.kafka.KafkaOperations;
import java.util.Objects;

/**
 * What the UI's views need from the console: the node, the users, the Kafka operations and the live
 * chart series. Vaadin instantiates views
 * itself, so the console puts this record into the servlet context before the server starts and views
 * fetch it from there.
 *
 * @param node  the node the console shows
 * @param users who may sign in
 * @param kafka topics, groups and messages, through the node's Kafka listener
 * @param rates the overview's live chart series
 */
public record ConsoleServices(ChronikNode node, UserDirectory users, KafkaOperations kafka, LiveRates rates) {

    /** The servlet context attribute that holds the console's services. */
    public static final String ATTRIBUTE = ConsoleServices.class.getName();

    public ConsoleServices {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(rates, "rates");
    }

    /** The services of the console serving the current request; call only on a Vaadin request thread. */
    static ConsoleServices current() {
        Object services = VaadinServlet.getCurrent().getServletContext().getAttribute(ATTRIBUTE);
        if (services instanceof ConsoleServices found) {
            return found;
        }
        throw new IllegalStateException("the servlet context has no " + ATTRIBUTE + " attribute");
    }
}
