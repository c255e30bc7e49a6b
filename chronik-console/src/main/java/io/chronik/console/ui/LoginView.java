package io.chronik.console.ui;

import com.vaadin.flow.component.login.AbstractLogin.LoginEvent;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.FlexComponent.JustifyContentMode;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.chronik.console.auth.ConsoleUser;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sign-in page. Checks the name and password against the console's users on the server; a
 * success signs the session in and opens the view the user asked for (or the overview), a failure shows the form's error and is logged
 * (without the password) so an admin can spot guessing.
 */
@Route("login")
@PageTitle("Sign in · Chronik")
public final class LoginView extends VerticalLayout {

    private static final Logger LOG = LoggerFactory.getLogger(LoginView.class);

    private final LoginForm form = new LoginForm();

    public LoginView() {
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in to Chronik");
        i18n.getForm().setSubmit("Sign in");
        i18n.getErrorMessage().setTitle("Wrong name or password");
        i18n.getErrorMessage().setMessage("Check the name and password and try again.");
        form.setI18n(i18n);
        form.setForgotPasswordButtonVisible(false);
        form.addLoginListener(this::login);
        add(form);
    }

    private void login(LoginEvent event) {
        char[] password = event.getPassword().toCharArray();
        Optional<ConsoleUser> user;
        try {
            user = ConsoleServices.current().users().authenticate(event.getUsername(), password);
        } finally {
            Arrays.fill(password, '\0');
        }
        if (user.isEmpty()) {
            // Control characters replaced: the name is attacker-chosen and must not forge log lines.
            LOG.warn("Console sign-in failed for user '{}'", event.getUsername().replaceAll("\\p{Cntrl}", "?"));
            form.setError(true);
            return;
        }
        SignedInUser.signIn(user.get());
        LOG.info("Console user '{}' signed in", user.get().name());
        String requested = SignedInUser.takeRequestedPath();
        getUI().ifPresent(ui -> ui.navigate(requested));
    }
}
