package io.chronik.console.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.chronik.console.kafka.GroupSummary;

/** Every consumer group with its state, member count, partitions with committed offsets and total lag. */
@Route(value = "groups", layout = MainLayout.class)
@PageTitle("Consumer groups · Chronik")
public final class GroupsView extends VerticalLayout {

    public GroupsView() {
        setSizeFull();
        Grid<GroupSummary> grid = new Grid<>();
        grid.setId("groups");
        grid.addComponentColumn(group -> new RouterLink(group.groupId(), GroupView.class,
                new RouteParameters(GroupView.GROUP, group.groupId()))).setHeader("Group").setFlexGrow(1);
        grid.addColumn(GroupSummary::state).setHeader("State").setSortable(true);
        grid.addColumn(GroupSummary::members).setHeader("Members").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(GroupSummary::partitions).setHeader("Partitions").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(GroupSummary::totalLag).setHeader("Total lag").setTextAlign(ColumnTextAlign.END).setSortable(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        UiCalls.read(() -> ConsoleServices.current().kafka().groups().list()).ifPresent(grid::setItems);
        add(new H2("Consumer groups"), grid);
        setFlexGrow(1, grid);
    }
}
