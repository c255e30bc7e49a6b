package io.chronik.console.ui;

import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.chronik.api.ChronikNode;
import io.chronik.api.PluginInfo;
import java.util.List;

/** The start page: who this node is and how many plugins it found and uses, read from the node on each visit. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Overview · Chronik")
public final class OverviewView extends VerticalLayout {

    public OverviewView() {
        ChronikNode node = ConsoleServices.current().node();
        List<PluginInfo> plugins = node.plugins();
        long active = plugins.stream().filter(PluginInfo::active).count();

        FormLayout facts = new FormLayout();
        facts.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        facts.addFormItem(value("node-id", Integer.toString(node.nodeId())), "Node id");
        facts.addFormItem(value("cluster-id", node.clusterId()), "Cluster id");
        facts.addFormItem(value("plugins-discovered", Integer.toString(plugins.size())), "Plugins discovered");
        facts.addFormItem(value("plugins-active", Long.toString(active)), "Plugins active");
        add(new H2("Overview"), facts);
    }

    private static Span value(String id, String text) {
        Span span = new Span(text);
        span.setId(id);
        return span;
    }
}
