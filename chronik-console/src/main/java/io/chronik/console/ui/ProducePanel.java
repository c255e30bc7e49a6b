package io.chronik.console.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.chronik.console.kafka.MessagePublisher;
import io.chronik.console.kafka.OutgoingMessage;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The produce form of one topic (admins only): partition (or the partitioner), key, value and headers
 * as UTF-8 text. Shows where the record landed once the node acknowledged it (acks=all).
 */
final class ProducePanel extends VerticalLayout {

    ProducePanel(MessagePublisher publisher, String topic, Runnable produced) {
        IntegerField partition = new IntegerField("Partition");
        partition.setId("produce-partition");
        partition.setMin(0);
        partition.setHelperText("Empty: chosen by key");
        TextField key = new TextField("Key");
        key.setId("produce-key");
        key.setHelperText("Empty: no key");
        TextArea value = new TextArea("Value");
        value.setId("produce-value");
        value.setMinHeight("8em");
        TextArea headers = new TextArea("Headers");
        headers.setId("produce-headers");
        headers.setHelperText("One name=value per line");
        FormLayout form = new FormLayout(partition, key, value, headers);
        form.setColspan(value, 2);
        form.setColspan(headers, 2);
        Span result = new Span();
        result.setId("produce-result");

        Button send = new Button("Produce", VaadinIcon.PAPERPLANE.create(), click -> {
            Map<String, String> headerMap;
            try {
                headerMap = KeyValueLines.parse(headers.getValue());
            } catch (IllegalArgumentException e) {
                UiCalls.error(e.getMessage());
                return;
            }
            OutgoingMessage message = new OutgoingMessage(
                    partition.getValue() == null ? OptionalInt.empty() : OptionalInt.of(partition.getValue()),
                    key.getValue().isEmpty() ? Optional.empty() : Optional.of(key.getValue()),
                    Optional.of(value.getValue()), headerMap);
            AtomicReference<MessagePublisher.Published> landed = new AtomicReference<>();
            if (UiCalls.change("Produced to " + topic, () -> landed.set(publisher.publish(topic, message)))) {
                result.setText("Written to partition " + landed.get().partition() + " at offset " + landed.get().offset());
                produced.run();
            }
        });
        send.setId("produce-send");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(form, send, result);
    }
}
