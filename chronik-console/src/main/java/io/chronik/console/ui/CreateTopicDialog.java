package io.chronik.console.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.chronik.console.kafka.NewTopic;
import io.chronik.console.kafka.TopicAdmin;
import java.util.OptionalInt;

/** Asks for a new topic's name, partitions, replication factor and configs, and creates it. */
final class CreateTopicDialog extends Dialog {

    CreateTopicDialog(TopicAdmin topics, Runnable created) {
        setHeaderTitle("Create topic");
        TextField name = new TextField("Name");
        name.setId("new-topic-name");
        name.setRequired(true);
        IntegerField partitions = countField("Partitions", "new-topic-partitions", NewTopic.MAX_PARTITIONS);
        IntegerField replication = countField("Replication factor", "new-topic-replication",
                NewTopic.MAX_REPLICATION_FACTOR);
        TextArea configs = new TextArea("Configs");
        configs.setId("new-topic-configs");
        configs.setPlaceholder("retention.ms=604800000\ncleanup.policy=delete");
        configs.setHelperText("One key=value per line");

        FormLayout form = new FormLayout(name, partitions, replication, configs);
        form.setColspan(configs, 2);
        form.setColspan(name, 2);
        add(form);

        Button create = new Button("Create", click -> {
            NewTopic topic;
            try {
                topic = new NewTopic(name.getValue().trim(), optional(partitions), optional(replication),
                        KeyValueLines.parse(configs.getValue()));
            } catch (IllegalArgumentException e) {
                UiCalls.error(e.getMessage());
                return;
            }
            if (UiCalls.change("Created topic " + topic.name(), () -> topics.create(topic))) {
                close();
                created.run();
            }
        });
        create.setId("create-topic-confirm");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button("Cancel", click -> close()), create);
    }

    /** A field for a count from 1 to {@code max}, starting at 1. */
    private static IntegerField countField(String label, String id, int max) {
        IntegerField field = new IntegerField(label);
        field.setId(id);
        field.setValue(1);
        field.setMin(1);
        field.setMax(max);
        field.setStepButtonsVisible(true);
        return field;
    }

    private static OptionalInt optional(IntegerField field) {
        return field.getValue() == null ? OptionalInt.empty() : OptionalInt.of(field.getValue());
    }
}
