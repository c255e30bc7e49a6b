package io.chronik.console.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.chronik.console.kafka.GroupDetail;
import io.chronik.console.kafka.KafkaOperations;

/**
 * One consumer group: state, members and their assignments, committed offsets with lag per partition
 * and in total. Admins may reset the offsets of an empty group and delete the group.
 */
@Route(value = "groups/:group", layout = MainLayout.class)
@PageTitle("Consumer group · Chronik")
public final class GroupView extends VerticalLayout implements BeforeEnterObserver {

    /** The route parameter holding the group id. */
    static final String GROUP = "group";

    private final KafkaOperations kafka = ConsoleServices.current().kafka();
    private final H2 title = new H2();
    private final Span summary = new Span();
    private final Grid<GroupDetail.Member> members = new Grid<>();
    private final Grid<GroupDetail.PartitionLag> offsets = new Grid<>();
    private final HorizontalLayout actions = new HorizontalLayout();
    private String groupId = "";

    public GroupView() {
        setSizeFull();
        summary.setId("group-summary");
        members.setId("group-members");
        members.addColumn(GroupDetail.Member::memberId).setHeader("Member").setAutoWidth(true);
        members.addColumn(GroupDetail.Member::clientId).setHeader("Client id").setAutoWidth(true);
        members.addColumn(GroupDetail.Member::host).setHeader("Host");
        members.addColumn(m -> String.join(", ", m.assignment())).setHeader("Assigned partitions").setFlexGrow(1);
        members.addThemeVariants(GridVariant.LUMO_COMPACT);
        members.setAllRowsVisible(true);
        offsets.setId("group-offsets");
        offsets.addColumn(GroupDetail.PartitionLag::topic).setHeader("Topic").setSortable(true).setAutoWidth(true);
        offsets.addColumn(GroupDetail.PartitionLag::partition).setHeader("Partition").setTextAlign(ColumnTextAlign.END);
        offsets.addColumn(GroupDetail.PartitionLag::committed).setHeader("Committed").setTextAlign(ColumnTextAlign.END);
        offsets.addColumn(lag -> lag.highWatermark() < 0 ? "topic deleted" : Long.toString(lag.highWatermark()))
                .setHeader("High watermark").setTextAlign(ColumnTextAlign.END);
        offsets.addColumn(GroupDetail.PartitionLag::lag).setHeader("Lag").setTextAlign(ColumnTextAlign.END).setSortable(true);
        offsets.addColumn(lag -> lag.member().orElse("")).setHeader("Member").setFlexGrow(1);
        offsets.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        add(title, summary, actions, new H3("Members"), members, new H3("Offsets and lag"), offsets);
        setFlexGrow(1, offsets);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        groupId = event.getRouteParameters().get(GROUP).orElse("");
        title.setText("Consumer group " + groupId);
        if (refresh() && UiCalls.mayWrite()) {
            Button reset = new Button("Reset offsets", VaadinIcon.ROTATE_LEFT.create(),
                    click -> new ResetOffsetsDialog(kafka.groups(), groupId, this::show).open());
            reset.setId("reset-offsets");
            Button delete = new Button("Delete group", VaadinIcon.TRASH.create(), click -> confirmDelete());
            delete.setId("delete-group");
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
            actions.add(reset, delete);
        }
    }

    private boolean refresh() {
        return UiCalls.read(() -> kafka.groups().describe(groupId)).map(detail -> {
            show(detail);
            return true;
        }).orElse(false);
    }

    private void show(GroupDetail detail) {
        summary.setText("State " + detail.state() + " · " + detail.members().size() + " members · total lag "
                + detail.totalLag() + detail.assignor().map(a -> " · assignor " + a).orElse("")
                + (detail.coordinator() < 0 ? "" : " · coordinator node " + detail.coordinator()));
        members.setItems(detail.members());
        offsets.setItems(detail.offsets());
    }

    private void confirmDelete() {
        ConfirmDialog confirm = new ConfirmDialog("Delete group " + groupId + "?",
                "Its committed offsets are deleted; the group must have no members.", "Delete", yes -> {
                    if (UiCalls.change("Deleted group " + groupId, () -> kafka.groups().delete(groupId))) {
                        getUI().ifPresent(ui -> ui.navigate(GroupsView.class));
                    }
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }
}
