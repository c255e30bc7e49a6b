package io.chronik.console.charts;

import java.util.Arrays;

/**
 * The last {@code capacity} values of one measurement, oldest first: a fixed ring of doubles, so a
 * chart's memory never grows.
 *
 * <p>Thread-safe: one sampler thread adds, request threads copy.
 */
public final class Series {

    private final String name;
    private final String unit;
    private final double[] ring;
    private int next;
    private int size;

    Series(String name, String unit, int capacity) {
        this.name = name;
        this.unit = unit;
        this.ring = new double[capacity];
    }

    /** What is measured, for the chart's title. */
    public String name() {
        return name;
    }

    /** The unit of the values, such as {@code req/s}. */
    public String unit() {
        return unit;
    }

    synchronized void add(double value) {
        ring[next] = value;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** The values held, oldest first. */
    public synchronized double[] values() {
        double[] copy = new double[size];
        int first = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            copy[i] = ring[(first + i) % ring.length];
        }
        return copy;
    }

    /** How many values it can hold. */
    public int capacity() {
        return ring.length;
    }

    @Override
    public synchronized String toString() {
        return name + " " + Arrays.toString(values());
    }
}
