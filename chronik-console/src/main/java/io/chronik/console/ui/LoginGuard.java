package io.chronik.console.ui;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;

/**
 * Forwards every navigation to a view other than {@link LoginView} to the login view (URL included) while nobody is
 * signed in, remembering where the user was headed so sign-in can continue there. Vaadin finds it through {@code META-INF/services/com.vaadin.flow.server.VaadinServiceInitListener}.
 * Vaadin calls the listener on the thread handling the navigation, with the session locked.
 */
public final class LoginGuard implements VaadinServiceInitListener {

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(init -> init.getUI().addBeforeEnterListener(LoginGuard::check));
    }

    private static void check(BeforeEnterEvent event) {
        if (!LoginView.class.equals(event.getNavigationTarget()) && SignedInUser.current().isEmpty()) {
            SignedInUser.rememberRequestedPath(event.getLocation().getPathWithQueryParameters());
            event.forwardTo(LoginView.class);
        }
    }
}
