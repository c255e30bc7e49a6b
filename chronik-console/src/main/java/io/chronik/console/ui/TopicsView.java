package io.chronik.console.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.chronik.console.kafka.KafkaOperations;
import io.chronik.console.kafka.TopicSummary;

/**
 * Every topic with its partitions, replication factor, records and size, searchable by name. Admins
 * also get "Create topic" and a delete button per topic (with confirmation).
 */
@Route(value = "topics", layout = MainLayout.class)
@PageTitle("Topics · Chronik")
public final class TopicsView extends VerticalLayout {

    private final KafkaOperations kafka = ConsoleServices.current().kafka();
    private final Grid<TopicSummary> grid = new Grid<>();
    private final TextField search = new TextField();

    public TopicsView() {
        setSizeFull();
        grid.setId("topics");
        grid.addComponentColumn(topic -> new RouterLink(topic.name(), TopicView.class,
                new RouteParameters(TopicView.TOPIC, topic.name()))).setHeader("Topic").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(TopicSummary::partitions).setHeader("Partitions").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(TopicSummary::replicationFactor).setHeader("Replication").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(TopicSummary::records).setHeader("Records").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(topic -> Formats.bytes(topic.sizeBytes())).setHeader("Size").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(topic -> topic.internal() ? "internal" : "").setHeader("");
        if (UiCalls.mayWrite()) {
            grid.addComponentColumn(topic -> topic.internal() ? new Span() : deleteButton(topic))
                    .setHeader("").setAutoWidth(true).setFlexGrow(0);
        }
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);

        search.setId("topic-search");
        search.setPlaceholder("Search topics");
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addValueChangeListener(change -> refresh());
        HorizontalLayout bar = new HorizontalLayout(search);
        bar.setAlignItems(Alignment.BASELINE);
        if (UiCalls.mayWrite()) {
            Button create = new Button("Create topic", VaadinIcon.PLUS.create(),
                    click -> new CreateTopicDialog(kafka.topics(), this::refresh).open());
            create.setId("create-topic");
            create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            bar.add(create);
        }
        add(new H2("Topics"), bar, grid);
        setFlexGrow(1, grid);
        refresh();
    }

    private void refresh() {
        UiCalls.read(() -> kafka.topics().list(search.getValue())).ifPresent(grid::setItems);
    }

    private Button deleteButton(TopicSummary topic) {
        Button delete = new Button(VaadinIcon.TRASH.create(), click -> {
            ConfirmDialog confirm = new ConfirmDialog("Delete topic " + topic.name() + "?",
                    "All " + topic.records() + " records of its " + topic.partitions()
                            + " partitions are deleted. This cannot be undone.",
                    "Delete", yes -> {
                        if (UiCalls.change("Deleted topic " + topic.name(), () -> kafka.topics().delete(topic.name()))) {
                            refresh();
                        }
                    });
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY_INLINE);
        delete.getElement().setAttribute("aria-label", "Delete topic " + topic.name());
        delete.getElement().setAttribute("data-topic", topic.name());
        delete.addClassName("delete-topic");
        return delete;
    }
}
