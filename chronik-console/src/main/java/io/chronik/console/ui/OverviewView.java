package io.chronik.console.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.chronik.api.ChronikNode;
import io.chronik.api.ClusterView;
import io.chronik.api.PluginInfo;
import io.chronik.console.charts.LiveRates;
import io.chronik.console.charts.Series;
import io.chronik.console.charts.SvgChart;
import io.chronik.console.kafka.KafkaOperations;
import io.chronik.console.kafka.TopicSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The start page: this node and the cluster as it sees it (quorum role, term, metadata leader, metadata
 * log end and commit offsets, brokers), topic, partition and group counts, plugins, and live charts of
 * produce and fetch rates, fsync p99 and replication lag.
 *
 * <p>Live updates by server push ({@link ConsoleShell}): while this view is attached it listens to the
 * chart sampler, and after every sample the sampler's thread queues a redraw of the charts and the
 * cluster facts on this view's UI ({@link UI#access}), which Vaadin then pushes to the browser. No
 * thread per view or session: the redraw runs on the sampler thread under the session lock, or on a
 * request thread that holds it. Detaching (navigation, closed tab, ended session) ends the listening.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Overview · Chronik")
public final class OverviewView extends VerticalLayout {

    private final ChronikNode node;
    private final LiveRates rates;
    private final Span role = value("quorum-role");
    private final Span term = value("term");
    private final Span leader = value("metadata-leader");
    private final Span metadataEnd = value("metadata-end");
    private final Span metadataCommitted = value("metadata-committed");
    private final Grid<ClusterView.BrokerView> brokers = new Grid<>();
    private final List<Html> charts = new ArrayList<>();
    private List<ClusterView.BrokerView> shownBrokers = List.of();
    private LiveRates.Subscription live;

    public OverviewView() {
        ConsoleServices services = ConsoleServices.current();
        node = services.node();
        rates = services.rates();
        List<PluginInfo> plugins = node.plugins();
        long active = plugins.stream().filter(PluginInfo::active).count();

        FormLayout facts = new FormLayout();
        facts.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40em", 2));
        facts.addFormItem(value("node-id", Integer.toString(node.nodeId())), "Node id");
        facts.addFormItem(value("cluster-id", node.clusterId()), "Cluster id");
        facts.addFormItem(role, "Quorum role");
        facts.addFormItem(term, "Term");
        facts.addFormItem(leader, "Metadata leader");
        facts.addFormItem(metadataEnd, "Metadata log end");
        facts.addFormItem(metadataCommitted, "Metadata committed");
        addCounts(services.kafka(), facts);
        facts.addFormItem(value("plugins-discovered", Integer.toString(plugins.size())), "Plugins discovered");
        facts.addFormItem(value("plugins-active", Long.toString(active)), "Plugins active");

        brokers.setId("brokers");
        brokers.addColumn(ClusterView.BrokerView::nodeId).setHeader("Node");
        brokers.addColumn(b -> b.host() + ":" + b.kafkaPort()).setHeader("Kafka listener");
        brokers.addColumn(b -> b.fenced() ? "fenced" : "alive").setHeader("State");
        brokers.addColumn(b -> role(b.nodeId())).setHeader("Role");
        brokers.addThemeVariants(GridVariant.LUMO_COMPACT);
        brokers.setAllRowsVisible(true);

        Div chartBox = new Div();
        chartBox.setId("charts");
        chartBox.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-m)");
        for (Series series : rates.series()) {
            Html chart = new Html("<div>" + SvgChart.render(series) + "</div>");
            charts.add(chart);
            chartBox.add(chart);
        }
        add(new H2("Overview"), facts, new H3("Live"), chartBox, new H3("Brokers"), brokers);
        refresh();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        live = rates.onSample(() -> redrawOn(ui));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (live != null) {
            live.close();
            live = null;
        }
    }

    /** Runs on the sampler thread: hands the redraw to {@code ui}, which pushes it when done. */
    private void redrawOn(UI ui) {
        try {
            ui.access(this::refresh);
        } catch (UIDetachedException e) {
            // The UI went away between the sample and this call; its detach closes the subscription.
        }
    }

    private void refresh() {
        ClusterView cluster = node.cluster();
        role.setText(cluster.role().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        term.setText(Integer.toString(cluster.term()));
        leader.setText(cluster.metadataLeader().isPresent() ? "node " + cluster.metadataLeader().getAsInt() : "unknown");
        metadataEnd.setText(Long.toString(cluster.metadataEndOffset()));
        metadataCommitted.setText(Long.toString(cluster.metadataCommitted()));
        if (!cluster.brokers().equals(shownBrokers)) {
            // Only on change: every new item set makes the browser's grid ask the server for its rows.
            shownBrokers = List.copyOf(cluster.brokers());
            brokers.setItems(shownBrokers);
        }
        List<Series> series = rates.series();
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).setHtmlContent("<div>" + SvgChart.render(series.get(i)) + "</div>");
        }
    }

    private String role(int brokerId) {
        ClusterView cluster = node.cluster();
        return cluster.metadataLeader().isPresent() && cluster.metadataLeader().getAsInt() == brokerId
                ? "metadata leader" : "broker";
    }

    private static void addCounts(KafkaOperations kafka, FormLayout facts) {
        Span topics = value("topic-count");
        Span partitions = value("partition-count");
        Span groups = value("group-count");
        UiCalls.read(() -> kafka.topics().list("")).ifPresent(list -> {
            topics.setText(Long.toString(list.size()));
            partitions.setText(Long.toString(list.stream().mapToLong(TopicSummary::partitions).sum()));
        });
        UiCalls.read(() -> kafka.groups().list()).ifPresent(list -> groups.setText(Integer.toString(list.size())));
        facts.addFormItem(topics, "Topics");
        facts.addFormItem(partitions, "Partitions");
        facts.addFormItem(groups, "Consumer groups");
    }

    private static Span value(String id) {
        Span span = new Span();
        span.setId(id);
        return span;
    }

    private static Span value(String id, String text) {
        Span span = value(id);
        span.setText(text);
        return span;
    }
}
