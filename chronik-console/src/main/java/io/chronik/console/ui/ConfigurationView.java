package io.chronik.console.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.util.List;
import java.util.Locale;

/**
 * The node's effective configuration, every key with its value as the node reports it (secrets
 * already masked by the node), with a filter on key and value.
 */
@Route(value = "configuration", layout = MainLayout.class)
@PageTitle("Configuration · Chronik")
public final class ConfigurationView extends VerticalLayout {

    /** One configuration line. */
    record Entry(String key, String value) {
    }

    public ConfigurationView() {
        setSizeFull();
        List<Entry> entries = ConsoleServices.current().node().effectiveConfig().entrySet().stream()
                .map(e -> new Entry(e.getKey(), e.getValue()))
                .toList();
        ListDataProvider<Entry> data = new ListDataProvider<>(entries);

        Grid<Entry> grid = new Grid<>();
        grid.setId("configuration");
        grid.addColumn(Entry::key).setHeader("Key").setSortable(true).setAutoWidth(true);
        grid.addColumn(Entry::value).setHeader("Value");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setItems(data);

        TextField filter = new TextField();
        filter.setPlaceholder("Filter keys and values");
        filter.setClearButtonVisible(true);
        filter.setWidth("24em");
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.addValueChangeListener(change -> {
            String wanted = change.getValue().toLowerCase(Locale.ROOT);
            data.setFilter(entry -> entry.key().toLowerCase(Locale.ROOT).contains(wanted)
                    || entry.value().toLowerCase(Locale.ROOT).contains(wanted));
        });

        add(new H2("Configuration"), filter, grid);
        setFlexGrow(1, grid);
    }
}
