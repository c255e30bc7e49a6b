package io.chronik.spi;

import io.chronik.api.ChronikException;

/** A plugin could not be loaded, selected or started. The message names the plugin and the problem. */
public class PluginException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
