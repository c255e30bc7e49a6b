package io.chronik.console.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import io.chronik.console.kafka.BrowseStart;
import io.chronik.console.kafka.BrowsedRecord;
import io.chronik.console.kafka.MessageBrowser;
import io.chronik.console.kafka.ValueFormat;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The message browser of one topic: where to start (earliest, latest, an offset, a time in UTC), which
 * partition, how many records (at most {@value MessageBrowser#MAX_RECORDS}) and how to show keys and
 * values (text, JSON, hex). Each read is one bounded page; clicking a row shows its full value and headers.
 */
final class MessageBrowserPanel extends VerticalLayout {

    private static final String ALL_PARTITIONS = "All partitions";

    private final MessageBrowser browser;
    private final String topic;
    private final Select<BrowseStart.Mode> from = new Select<>();
    private final IntegerField offset = new IntegerField("Offset");
    private final DateTimePicker time = new DateTimePicker("Time (UTC)");
    private final Select<String> partition = new Select<>();
    private final IntegerField limit = new IntegerField("Records");
    private final Select<ValueFormat> format = new Select<>();
    private final Grid<BrowsedRecord> grid = new Grid<>();

    MessageBrowserPanel(MessageBrowser browser, String topic, int partitions) {
        this.browser = browser;
        this.topic = topic;
        setSizeFull();
        from.setLabel("From");
        from.setId("browse-from");
        from.setItems(BrowseStart.Mode.values());
        from.setItemLabelGenerator(mode -> switch (mode) {
            case EARLIEST -> "Earliest";
            case LATEST -> "Latest";
            case OFFSET -> "Offset";
            case TIMESTAMP -> "Time";
        });
        from.setValue(BrowseStart.Mode.LATEST);
        from.addValueChangeListener(change -> showStartFields());
        offset.setMin(0);
        offset.setValue(0);
        time.setValue(LocalDateTime.now(ZoneOffset.UTC).minusHours(1));
        partition.setLabel("Partition");
        partition.setItems(IntStream.range(-1, partitions)
                .mapToObj(p -> p < 0 ? ALL_PARTITIONS : Integer.toString(p)).toList());
        partition.setValue(ALL_PARTITIONS);
        limit.setMin(1);
        limit.setMax(MessageBrowser.MAX_RECORDS);
        limit.setValue(20);
        limit.setStepButtonsVisible(true);
        format.setLabel("Show as");
        format.setId("browse-format");
        format.setItems(ValueFormat.values());
        format.setItemLabelGenerator(f -> switch (f) {
            case TEXT -> "Text";
            case JSON -> "JSON";
            case HEX -> "Hex";
        });
        format.setValue(ValueFormat.TEXT);
        Button read = new Button("Read", VaadinIcon.SEARCH.create(), click -> read());
        read.setId("browse-read");
        read.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout controls = new HorizontalLayout(from, offset, time, partition, limit, format, read);
        controls.setAlignItems(Alignment.BASELINE);
        controls.setWrap(true);

        grid.setId("messages");
        grid.addColumn(BrowsedRecord::partition).setHeader("Partition").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(BrowsedRecord::offset).setHeader("Offset").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(r -> Formats.time(r.timestamp())).setHeader("Timestamp").setAutoWidth(true);
        grid.addColumn(r -> r.key().orElse("(null)")).setHeader("Key").setAutoWidth(true);
        grid.addColumn(r -> r.value().map(MessageBrowserPanel::firstLine).orElse("(null)")).setHeader("Value").setFlexGrow(1);
        grid.addColumn(r -> r.headers().stream().map(h -> h.key() + "=" + h.value().orElse("(null)"))
                .collect(Collectors.joining(", "))).setHeader("Headers").setAutoWidth(true);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(MessageBrowserPanel::details));
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        add(controls, grid);
        setFlexGrow(1, grid);
        showStartFields();
        read();
    }

    private void showStartFields() {
        offset.setVisible(from.getValue() == BrowseStart.Mode.OFFSET);
        time.setVisible(from.getValue() == BrowseStart.Mode.TIMESTAMP);
    }

    private void read() {
        BrowseStart start;
        try {
            start = switch (from.getValue()) {
                case EARLIEST -> BrowseStart.earliest();
                case LATEST -> BrowseStart.latest();
                case OFFSET -> new BrowseStart(BrowseStart.Mode.OFFSET, offset.getValue() == null ? 0 : offset.getValue());
                case TIMESTAMP -> new BrowseStart(BrowseStart.Mode.TIMESTAMP,
                        time.getValue() == null ? 0 : time.getValue().toInstant(ZoneOffset.UTC).toEpochMilli());
            };
        } catch (IllegalArgumentException e) {
            UiCalls.error(e.getMessage());
            return;
        }
        OptionalInt chosen = ALL_PARTITIONS.equals(partition.getValue())
                ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(partition.getValue()));
        int count = limit.getValue() == null ? 20 : Math.max(1, Math.min(MessageBrowser.MAX_RECORDS, limit.getValue()));
        UiCalls.read(() -> browser.read(topic, chosen, start, count, format.getValue())).ifPresent(grid::setItems);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " …";
    }

    private static Pre details(BrowsedRecord record) {
        List<String> lines = new ArrayList<>();
        lines.add("key (" + record.keyBytes() + " bytes): " + record.key().orElse("(null)"));
        lines.add("value (" + record.valueBytes() + " bytes, " + record.timestampType() + "):");
        lines.add(record.value().orElse("(null)"));
        if (record.truncated()) {
            lines.add("… cut at " + MessageBrowser.MAX_SHOWN_BYTES + " bytes");
        }
        record.headers().forEach(h -> lines.add("header " + h.key() + " = " + h.value().orElse("(null)")));
        Pre pre = new Pre(String.join("\n", lines));
        pre.getStyle().set("white-space", "pre-wrap").set("margin", "0");
        return pre;
    }
}
