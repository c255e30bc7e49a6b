package io.chronik.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListenerTest {

    @Test
    void parsesHostNamesAddressesAndBracketedIpv6() {
        assertThat(Listener.parse(" localhost:9092 ")).isEqualTo(new Listener("localhost", 9092));
        assertThat(Listener.parse("0.0.0.0:0")).isEqualTo(new Listener("0.0.0.0", 0));
        Listener ipv6 = Listener.parse("[::1]:9093");
        assertThat(ipv6.host()).isEqualTo("::1");
        assertThat(ipv6).hasToString("[::1]:9093");
        assertThat(ipv6.socketAddress().getPort()).isEqualTo(9093);
    }

    @Test
    void rejectsWhatIsNotHostColonPort() {
        assertThatThrownBy(() -> Listener.parse("9092")).hasMessageContaining("expected host:port");
        assertThatThrownBy(() -> Listener.parse("host:")).hasMessageContaining("expected host:port");
        assertThatThrownBy(() -> Listener.parse("host:http")).hasMessageContaining("port is not a number");
        assertThatThrownBy(() -> Listener.parse("host:70000")).hasMessageContaining("port must be 0-65535");
        assertThatThrownBy(() -> Listener.parse("::1:9092")).hasMessageContaining("in brackets");
    }
}
