package io.chronik.console.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.chronik.console.kafka.ConsoleRequestException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How views call the node and tell the user what happened: a failed call shows its message in an
 * error notification instead of breaking the view, and every change checks the signed-in user's role
 * on the server (a viewer never sees a change button, and could not use one anyway).
 * Call only on a Vaadin request thread.
 */
final class UiCalls {

    private static final int NOTICE_MS = 4_000;
    private static final int ERROR_MS = 8_000;

    private UiCalls() {
    }

    /** Whether the signed-in user may change things; views show change buttons only then. */
    static boolean mayWrite() {
        return SignedInUser.current().map(user -> user.role().mayWrite()).orElse(false);
    }

    /** Reads from the node; on failure shows why and answers empty. */
    static <T> Optional<T> read(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (ConsoleRequestException | IllegalArgumentException e) {
            error(e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Makes a change if the user may; shows {@code done} on success or the reason on failure.
     *
     * @return whether the change was made
     */
    static boolean change(String done, Runnable call) {
        if (!mayWrite()) {
            error("Only an admin may make changes.");
            return false;
        }
        try {
            call.run();
        } catch (ConsoleRequestException | IllegalArgumentException e) {
            error(e.getMessage());
            return false;
        }
        Notification notice = Notification.show(done, NOTICE_MS, Notification.Position.BOTTOM_START);
        notice.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        return true;
    }

    static void error(String message) {
        Notification notice = Notification.show(message, ERROR_MS, Notification.Position.BOTTOM_START);
        notice.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
