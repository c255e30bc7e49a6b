/**
 * Compatibility kits for Chronik's SPIs, and simple reference implementations to test against. A
 * third-party plugin adds this artifact to its test scope and extends the kit of its SPI.
 */
module io.chronik.testkit {
    requires transitive io.chronik.spi;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;
    requires org.assertj.core;

    exports io.chronik.testkit;
    exports io.chronik.testkit.forwarding;
    exports io.chronik.testkit.replication;
    exports io.chronik.testkit.wal;
}
