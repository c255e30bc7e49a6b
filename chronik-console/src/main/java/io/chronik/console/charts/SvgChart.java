package io.chronik.console.charts;

import java.util.Locale;

/**
 * Draws a {@link Series} as a small SVG line chart, on the server: no chart library has to reach the
 * browser. The chart scales to the series' largest value (at least 1), shows that value and the
 * latest one, and its time axis spans the series' capacity (newest point on the right).
 */
public final class SvgChart {

    static final int WIDTH = 360;
    static final int HEIGHT = 120;
    private static final int TOP = 28;
    private static final int BOTTOM = 8;
    private static final int LEFT = 8;

    private SvgChart() {
    }

    /** The chart of {@code series} as one {@code <svg>} element. */
    public static String render(Series series) {
        double[] values = series.values();
        double max = 1;
        for (double value : values) {
            max = Math.max(max, value);
        }
        double latest = values.length == 0 ? 0 : values[values.length - 1];
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double step = (WIDTH - 2.0 * LEFT) / Math.max(1, series.capacity() - 1);
        double offset = (series.capacity() - values.length) * step;
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            double x = LEFT + offset + i * step;
            double y = TOP + plotHeight - values[i] / max * plotHeight;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return String.format(Locale.ROOT, """
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" \
                aria-label="%s"><rect width="100%%" height="100%%" rx="6" fill="var(--lumo-contrast-5pct)"/>\
                <text x="%d" y="17" font-size="13" fill="var(--lumo-body-text-color)">%s: %s %s</text>\
                <text x="%d" y="17" font-size="11" text-anchor="end" fill="var(--lumo-secondary-text-color)">max %s</text>\
                <line x1="%d" y1="%d" x2="%d" y2="%d" stroke="var(--lumo-contrast-20pct)"/>\
                <polyline fill="none" stroke="var(--lumo-primary-color)" stroke-width="2" points="%s"/></svg>""",
                WIDTH, HEIGHT, WIDTH, HEIGHT, escape(series.name()), LEFT, escape(series.name()), format(latest),
                escape(series.unit()), WIDTH - LEFT, format(max), LEFT, HEIGHT - BOTTOM, WIDTH - LEFT, HEIGHT - BOTTOM,
                points.toString().trim());
    }

    static String format(double value) {
        return value >= 100 || value == Math.rint(value)
                ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
