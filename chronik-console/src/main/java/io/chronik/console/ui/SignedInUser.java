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

    /** Vaadin session attribute: where an anonymous user was headed when sent to sign in. */
    private static final String REQUESTED_PATH = SignedInUser.class.getName() + ".requestedPath";

    private SignedInUser() {
    }

    /** Remembers where the user was headed, for {@link #takeRequestedPath} after sign-in. */
    static void rememberRequestedPath(String path) {
        VaadinSession.getCurrent().setAttribute(REQUESTED_PATH, path);
    }

    /** Where the user was headed before signing in (forgotten once taken), or the start page. */
    static String takeRequestedPath() {
        VaadinSession session = VaadinSession.getCurrent();
        Object path = session.getAttribute(REQUESTED_PATH);
        session.setAttribute(REQUESTED_PATH, null);
        return path instanceof String requested ? requested : "";
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
