package io.chronik.console.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import io.chronik.console.kafka.BrowseStart;
import io.chronik.console.kafka.GroupAdmin;
import io.chronik.console.kafka.GroupDetail;
import io.chronik.console.kafka.OffsetReset;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Moves an empty group's committed offsets to the earliest, the latest, an offset or a time (UTC). */
final class ResetOffsetsDialog extends Dialog {

    ResetOffsetsDialog(GroupAdmin groups, String groupId, Consumer<GroupDetail> reset) {
        setHeaderTitle("Reset offsets of " + groupId);
        Select<BrowseStart.Mode> to = new Select<>();
        to.setLabel("To");
        to.setItems(BrowseStart.Mode.values());
        to.setValue(BrowseStart.Mode.EARLIEST);
        IntegerField offset = new IntegerField("Offset");
        offset.setMin(0);
        offset.setValue(0);
        DateTimePicker time = new DateTimePicker("Time (UTC)");
        time.setValue(LocalDateTime.now(ZoneOffset.UTC).minusHours(1));
        TextField topic = new TextField("Topic");
        topic.setHelperText("Empty: every partition the group has committed");
        Runnable showFields = () -> {
            offset.setVisible(to.getValue() == BrowseStart.Mode.OFFSET);
            time.setVisible(to.getValue() == BrowseStart.Mode.TIMESTAMP);
        };
        to.addValueChangeListener(change -> showFields.run());
        showFields.run();
        add(new FormLayout(to, offset, time, topic));

        Button apply = new Button("Reset", click -> {
            long value = switch (to.getValue()) {
                case OFFSET -> offset.getValue() == null ? 0 : offset.getValue();
                case TIMESTAMP -> time.getValue() == null ? 0 : time.getValue().toInstant(ZoneOffset.UTC).toEpochMilli();
                default -> 0;
            };
            OffsetReset request = new OffsetReset(new BrowseStart(to.getValue(), value),
                    topic.getValue().isBlank() ? Optional.empty() : Optional.of(topic.getValue().trim()));
            AtomicReference<GroupDetail> after = new AtomicReference<>();
            if (UiCalls.change("Reset the offsets of " + groupId, () -> after.set(groups.resetOffsets(groupId, request)))) {
                close();
                reset.accept(after.get());
            }
        });
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button("Cancel", click -> close()), apply);
    }
}
