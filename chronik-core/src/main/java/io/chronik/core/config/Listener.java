package io.chronik.core.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A {@code host:port} a node listens on or advertises. Port 0 asks the OS for a free port (tests do
 * this); an IPv6 literal is written in brackets, {@code [::1]:9092}.
 *
 * @param host a host name or literal address, never blank
 * @param port 0–65535
 */
public record Listener(String host, int port) {

    public Listener {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
    }

    /** Parses {@code host:port} or {@code [ipv6]:port}. */
    public static Listener parse(String text) {
        String value = text.trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + value + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 address must be written in brackets, [addr]:port, got '"
                    + value + "'");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + value + "'");
        }
        return new Listener(host, port);
    }

    /** A resolved address to bind to or connect to. */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** The configuration form, {@code host:port}. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
