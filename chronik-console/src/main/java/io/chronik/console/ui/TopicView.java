package io.chronik.console.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.chronik.console.kafka.KafkaOperations;
import io.chronik.console.kafka.PartitionDetail;
import io.chronik.console.kafka.TopicConfigEntry;
import io.chronik.console.kafka.TopicDetail;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One topic: its partitions (leader, replicas, ISR, log start and end, high watermark, size), a message
 * browser, a produce form and its configs. Admins may edit configs, add partitions and produce.
 */
@Route(value = "topics/:topic", layout = MainLayout.class)
@PageTitle("Topic · Chronik")
public final class TopicView extends VerticalLayout implements BeforeEnterObserver {

    /** The route parameter holding the topic name. */
    static final String TOPIC = "topic";

    private final KafkaOperations kafka = ConsoleServices.current().kafka();
    private final H2 title = new H2();
    private final Span summary = new Span();
    private final Grid<PartitionDetail> partitions = new Grid<>();
    private final Grid<TopicConfigEntry> configs = new Grid<>();
    private final TabSheet tabs = new TabSheet();
    private String topic = "";

    public TopicView() {
        setSizeFull();
        summary.setId("topic-summary");
        partitions.setId("partitions");
        partitions.addColumn(PartitionDetail::partition).setHeader("Partition").setTextAlign(ColumnTextAlign.END);
        partitions.addColumn(p -> p.leader() < 0 ? "none" : Integer.toString(p.leader())).setHeader("Leader");
        partitions.addColumn(p -> ids(p.replicas())).setHeader("Replicas");
        partitions.addColumn(p -> ids(p.isr())).setHeader("ISR");
        partitions.addColumn(PartitionDetail::logStartOffset).setHeader("Log start").setTextAlign(ColumnTextAlign.END);
        partitions.addColumn(PartitionDetail::logEndOffset).setHeader("Log end").setTextAlign(ColumnTextAlign.END);
        partitions.addColumn(PartitionDetail::highWatermark).setHeader("High watermark").setTextAlign(ColumnTextAlign.END);
        partitions.addColumn(PartitionDetail::records).setHeader("Records").setTextAlign(ColumnTextAlign.END);
        partitions.addColumn(p -> Formats.bytes(p.sizeBytes())).setHeader("Size").setTextAlign(ColumnTextAlign.END);
        partitions.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);

        configs.setId("topic-configs");
        configs.addColumn(TopicConfigEntry::name).setHeader("Config").setAutoWidth(true).setSortable(true);
        configs.addColumn(TopicConfigEntry::value).setHeader("Value").setFlexGrow(1);
        configs.addColumn(TopicConfigEntry::source).setHeader("Source").setSortable(true);
        if (UiCalls.mayWrite()) {
            configs.addComponentColumn(this::editButton).setHeader("").setAutoWidth(true).setFlexGrow(0);
        }
        configs.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        tabs.setSizeFull();
        add(title, summary, tabs);
        setFlexGrow(1, tabs);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        topic = event.getRouteParameters().get(TOPIC).orElse("");
        title.setText("Topic " + topic);
        Optional<TopicDetail> detail = refresh();
        if (detail.isEmpty()) {
            return;
        }
        VerticalLayout partitionTab = new VerticalLayout(partitions);
        partitionTab.setSizeFull();
        if (UiCalls.mayWrite()) {
            Button add = new Button("Add partitions", VaadinIcon.PLUS.create(), click -> addPartitionsDialog().open());
            add.setId("add-partitions");
            partitionTab.addComponentAsFirst(add);
        }
        tabs.add("Partitions", partitionTab);
        tabs.add("Messages", new MessageBrowserPanel(kafka.browser(), topic, detail.get().partitions().size()));
        if (UiCalls.mayWrite()) {
            tabs.add("Produce", new ProducePanel(kafka.publisher(), topic, this::refresh));
        }
        tabs.add("Configuration", configs);
    }

    private Optional<TopicDetail> refresh() {
        Optional<TopicDetail> detail = UiCalls.read(() -> kafka.topics().describe(topic));
        detail.ifPresent(d -> {
            partitions.setItems(d.partitions());
            configs.setItems(d.configs());
            summary.setText(d.partitions().size() + " partitions · "
                    + d.partitions().stream().mapToLong(PartitionDetail::records).sum() + " records · "
                    + Formats.bytes(d.partitions().stream().mapToLong(PartitionDetail::sizeBytes).sum())
                    + " · id " + d.topicId() + (d.internal() ? " · internal" : ""));
        });
        return detail;
    }

    private Dialog addPartitionsDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Add partitions to " + topic);
        IntegerField total = new IntegerField("Total partitions");
        total.setId("partition-total");
        total.setStepButtonsVisible(true);
        int current = partitions.getListDataView().getItemCount();
        total.setValue(current + 1);
        total.setMin(current + 1);
        total.setHelperText("Now " + current + "; partitions are never removed");
        dialog.add(total);
        Button grow = new Button("Add", click -> {
            if (total.getValue() != null && UiCalls.change("Topic " + topic + " has " + total.getValue() + " partitions",
                    () -> kafka.topics().addPartitions(topic, total.getValue()))) {
                dialog.close();
                refresh();
            }
        });
        grow.setId("add-partitions-confirm");
        grow.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), grow);
        return dialog;
    }

    private Button editButton(TopicConfigEntry entry) {
        Button edit = new Button(VaadinIcon.EDIT.create(), click -> configDialog(entry).open());
        edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        edit.setEnabled(!entry.readOnly());
        edit.getElement().setAttribute("aria-label", "Edit " + entry.name());
        return edit;
    }

    private Dialog configDialog(TopicConfigEntry entry) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(entry.name());
        TextField value = new TextField("Value");
        value.setId("config-value");
        value.setValue(entry.value());
        value.setWidthFull();
        dialog.add(value);
        Button save = new Button("Save", click -> apply(dialog, entry.name(), Optional.of(value.getValue().trim())));
        save.setId("config-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button reset = new Button("Reset to default", click -> apply(dialog, entry.name(), Optional.empty()));
        reset.setEnabled(entry.overridden());
        dialog.getFooter().add(reset, new Button("Cancel", click -> dialog.close()), save);
        return dialog;
    }

    private void apply(Dialog dialog, String name, Optional<String> value) {
        if (UiCalls.change("Changed " + name + " of " + topic,
                () -> kafka.topics().alterConfigs(topic, Map.of(name, value)))) {
            dialog.close();
            refresh();
        }
    }

    private static String ids(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
