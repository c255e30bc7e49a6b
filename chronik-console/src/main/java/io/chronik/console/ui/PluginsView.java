package io.chronik.console.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.chronik.api.PluginInfo;

/** Every plugin provider the node discovered, one row each, the active ones marked. */
@Route(value = "plugins", layout = MainLayout.class)
@PageTitle("Plugins · Chronik")
public final class PluginsView extends VerticalLayout {

    public PluginsView() {
        setSizeFull();
        Grid<PluginInfo> grid = new Grid<>();
        grid.setId("plugins");
        grid.addColumn(PluginInfo::spi).setHeader("SPI").setSortable(true);
        grid.addColumn(PluginInfo::name).setHeader("Name").setSortable(true);
        grid.addColumn(PluginInfo::version).setHeader("Version");
        grid.addColumn(PluginInfo::source).setHeader("Source");
        grid.addColumn(plugin -> plugin.active() ? "yes" : "no").setHeader("Active").setSortable(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(ConsoleServices.current().node().plugins());
        add(new H2("Plugins"), grid);
        setFlexGrow(1, grid);
    }
}
