package io.chronik.console.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.chronik.api.ChronikNode;
import io.chronik.api.MetadataEntry;
import java.util.List;

/**
 * The committed metadata log, a page of {@value #PAGE} entries at a time: the audit trail of every
 * topic, partition, config and producer-id change, with offset, term, type, time and content. Opens
 * on the newest page.
 */
@Route(value = "metadata", layout = MainLayout.class)
@PageTitle("Metadata log · Chronik")
public final class MetadataLogView extends VerticalLayout {

    static final int PAGE = 100;

    private final ChronikNode node = ConsoleServices.current().node();
    private final Grid<MetadataEntry> grid = new Grid<>();
    private final IntegerField from = new IntegerField("From offset");
    private final Span range = new Span();

    public MetadataLogView() {
        setSizeFull();
        grid.setId("metadata");
        grid.addColumn(MetadataEntry::offset).setHeader("Offset").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(MetadataEntry::term).setHeader("Term").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(MetadataEntry::type).setHeader("Type").setAutoWidth(true);
        grid.addColumn(entry -> entry.timestamp().map(Formats::time).orElse("not recorded")).setHeader("Time")
                .setAutoWidth(true);
        grid.addColumn(MetadataEntry::content).setHeader("Content").setFlexGrow(1);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);

        long committed = node.cluster().metadataCommitted();
        from.setMin(0);
        from.setValue((int) Math.max(0, committed - PAGE));
        from.setStepButtonsVisible(true);
        from.setStep(PAGE);
        Button show = new Button("Show", VaadinIcon.SEARCH.create(), click -> load());
        Button older = new Button("Older", VaadinIcon.ARROW_LEFT.create(), click -> {
            from.setValue(Math.max(0, value() - PAGE));
            load();
        });
        Button newer = new Button("Newer", VaadinIcon.ARROW_RIGHT.create(), click -> {
            from.setValue(value() + PAGE);
            load();
        });
        HorizontalLayout bar = new HorizontalLayout(from, show, older, newer, range);
        bar.setAlignItems(Alignment.BASELINE);
        add(new H2("Metadata log"), bar, grid);
        setFlexGrow(1, grid);
        load();
    }

    private int value() {
        return from.getValue() == null ? 0 : Math.max(0, from.getValue());
    }

    private void load() {
        UiCalls.read(() -> node.metadataEntries(value(), PAGE)).ifPresent(entries -> {
            grid.setItems(entries);
            range.setText(describe(entries, node.cluster().metadataCommitted()));
        });
    }

    private static String describe(List<MetadataEntry> entries, long committed) {
        return entries.isEmpty() ? "no entries; " + committed + " committed"
                : "entries " + entries.get(0).offset() + " to " + entries.get(entries.size() - 1).offset() + " of "
                + committed + " committed";
    }
}
