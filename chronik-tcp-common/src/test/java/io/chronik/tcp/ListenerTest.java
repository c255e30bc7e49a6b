package io.chronik.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ListenerTest {

    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void bindsAFreePortThatAcceptsConnections() throws Exception {
        Listener listener = Listener.bind(ANY_LOOPBACK_PORT, "test", IllegalStateException::new);
        try (Socket client = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort())) {
            assertThat(listener.localAddress().getPort()).isPositive();
            assertThat(client.isConnected()).isTrue();
        } finally {
            listener.close();
        }
    }

    @Test
    void aTakenPortFailsWithThePluginsOwnExceptionNamingOwnerAndAddress() {
        Listener first = Listener.bind(ANY_LOOPBACK_PORT, "first", IllegalStateException::new);
        try {
            assertThatThrownBy(() -> Listener.bind(first.localAddress(), "test plugin of node 2",
                    IllegalStateException::new))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("test plugin of node 2 cannot listen on " + first.localAddress() + ": ")
                    .hasCauseInstanceOf(BindException.class);
        } finally {
            first.close();
        }
    }
}
