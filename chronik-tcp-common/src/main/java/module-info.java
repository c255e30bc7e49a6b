/**
 * The TCP plumbing that the two built-in tcp plugins share: binding a listener, one selector loop per
 * plugin instance, the cluster-id handshake (parameterised by each protocol's magic), reading a
 * handshake followed by length-prefixed frames, and a connection's write queue. The frames themselves
 * and everything the protocols do with them stay in the plugins.
 *
 * <p>Not a plugin and not an API for third parties: the package is exported only to the two modules
 * that use it. (The compiler cannot see those modules while compiling this one, since they depend on
 * it, hence the suppressed {@code module} lint.)
 */
@SuppressWarnings("module")
module io.chronik.tcp {
    requires transitive io.chronik.spi;
    requires org.slf4j;

    exports io.chronik.tcp to io.chronik.replication.tcp, io.chronik.forwarding;
}
