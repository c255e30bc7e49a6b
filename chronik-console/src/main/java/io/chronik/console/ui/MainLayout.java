package io.chronik.console.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;

/**
 * The frame around every signed-in view: a top bar with the product name, the signed-in user and a
 * sign-out button, and a side navigation to the views.
 */
public final class MainLayout extends AppLayout {

    public MainLayout() {
        Span title = new Span("Chronik");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("font-weight", "600");

        String who = SignedInUser.current()
                .map(user -> user.name() + " (" + user.role().configName() + ")")
                .orElse("");
        Button signOut = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), click -> {
            SignedInUser.signOut();
            getUI().ifPresent(ui -> ui.getPage().setLocation("login"));
        });
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        HorizontalLayout bar = new HorizontalLayout(new DrawerToggle(), title, new Span(who), signOut);
        bar.setWidthFull();
        bar.setAlignItems(Alignment.CENTER);
        bar.expand(title);
        bar.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(bar);

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Overview", OverviewView.class, VaadinIcon.DASHBOARD.create()));
        nav.addItem(new SideNavItem("Topics", TopicsView.class, VaadinIcon.LINES.create()));
        nav.addItem(new SideNavItem("Consumer groups", GroupsView.class, VaadinIcon.USERS.create()));
        nav.addItem(new SideNavItem("Metadata log", MetadataLogView.class, VaadinIcon.RECORDS.create()));
        nav.addItem(new SideNavItem("Plugins", PluginsView.class, VaadinIcon.PLUG.create()));
        nav.addItem(new SideNavItem("Configuration", ConfigurationView.class, VaadinIcon.COG.create()));
        addToDrawer(nav);
    }
}
