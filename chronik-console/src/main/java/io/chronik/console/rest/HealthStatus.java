package io.chronik.console.rest;

/** The body of {@code /health}: {@code {"status":"UP"}} while the console's server answers. */
public record HealthStatus(String status) {

    public static final HealthStatus UP = new HealthStatus("UP");
}
