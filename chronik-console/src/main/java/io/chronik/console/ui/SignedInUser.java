package io.chronik.console.ui;

import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedSession;
import io.chronik.console.auth.ConsoleUser;
import java.util.Optional;

/**
 * The user signed in to the current HTTP session. The user lives in the servlet session under
 * {@link ConsoleUser#SESSION_ATTRIBUTE}, so the REST API sees the same sign-in for reads from the
 * browser. Call only on a Vaadin request thread, with the session locked (as Vaadin does for UI code).
 */
final class SignedInUser {

    private SignedInUser() {
    }

    static Optional<ConsoleUser> current() {
        VaadinSession session = VaadinSession.getCurrent();
        if (session == null) {
            return Optional.empty();
        }
        return session.getSession().getAttribute(ConsoleUser.SESSION_ATTRIBUTE) instanceof ConsoleUser user
                ? Optional.of(user) : Optional.empty();
    }

    /** Signs {@code user} in, on a fresh session id so an id planted before sign-in is worthless. */
    static void signIn(ConsoleUser user) {
        VaadinService.reinitializeSession(VaadinService.getCurrentRequest());
        WrappedSession session = VaadinSession.getCurrent().getSession();
        session.setAttribute(ConsoleUser.SESSION_ATTRIBUTE, user);
    }

    /** Ends the whole HTTP session: the UI's state and the REST API's sign-in alike. */
    static void signOut() {
        VaadinSession.getCurrent().getSession().invalidate();
    }
}
