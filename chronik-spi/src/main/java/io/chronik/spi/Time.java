package io.chronik.spi;

/** A clock the host can replace: the system clock in production, a manual one in simulation. */
public interface Time {

    /** Wall-clock milliseconds since the epoch, for timestamps people read. */
    long milliseconds();

    /** Monotonic nanoseconds, for durations and deadlines. */
    long nanoseconds();

    /** The system clock. */
    Time SYSTEM = new Time() {
        @Override
        public long milliseconds() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoseconds() {
            return System.nanoTime();
        }
    };
}
