package io.chronik.console.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.shared.ui.Transport;

/**
 * The console's application shell: server push, so the overview's live charts reach the browser when
 * the server samples them instead of the browser asking on a timer.
 *
 * <p>Transport: long polling, which runs on the servlet container's plain async requests. WebSocket
 * would also need a Jakarta WebSocket container initialised on the context, which the console's Jetty
 * does not carry; at one chart update every two seconds, long polling costs no more.
 */
@Push(transport = Transport.LONG_POLLING)
public final class ConsoleShell implements AppShellConfigurator {
}
