package io.chronik.core.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key of the node: its name, how its value is written, its default and its
 * documentation. {@link ConfigKeys#ALL} is the single table that parsing, validation, the shipped
 * {@code conf/chronik.properties} and the effective-config view all read.
 *
 * @param name          the key, e.g. {@code wal.flush.policy}
 * @param type          how values are parsed and formatted
 * @param defaultValue  the value when no source sets the key
 * @param doc           one or two sentences for admins
 * @param secret        whether the effective-config view masks the value
 * @param <T>           the value's type
 */
public record ConfigKey<T>(String name, ValueType<T> type, DefaultValue<T> defaultValue, String doc, boolean secret) {

    /** The prefix of every environment variable that sets a key. */
    public static final String ENV_PREFIX = "CHRONIK_";

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(doc, "doc");
    }

    /** How a key gets its value when nothing sets it. */
    public sealed interface DefaultValue<T> {
        /** Words for {@code chronik.properties}: the literal value, or how it is derived. */
        String describe();
    }

    /** A fixed default, written in the key's text form. */
    public record Literal<T>(String text) implements DefaultValue<T> {
        @Override
        public String describe() {
            return text;
        }
    }

    /**
     * A default computed from keys earlier in the table or from the installation (e.g.
     * {@code kafka.advertised.listener} defaults to {@code kafka.listener}).
     */
    public record Derived<T>(String description, Function<ConfigResolution, T> compute) implements DefaultValue<T> {
        @Override
        public String describe() {
            return description;
        }
    }

    static <T> ConfigKey<T> of(String name, ValueType<T> type, String defaultText, String doc) {
        return new ConfigKey<>(name, type, new Literal<>(defaultText), doc, false);
    }

    static <T> ConfigKey<T> derived(String name, ValueType<T> type, String description,
                                    Function<ConfigResolution, T> compute, String doc) {
        return new ConfigKey<>(name, type, new Derived<>(description, compute), doc, false);
    }

    /**
     * The environment variable that sets this key: {@code CHRONIK_} followed by the key in upper
     * case with every {@code .} and {@code -} replaced by {@code _} ({@code wal.flush.policy} is
     * {@code CHRONIK_WAL_FLUSH_POLICY}).
     */
    public String environmentVariable() {
        return environmentVariable(name);
    }

    /** The environment variable form of any key, by the rule of {@link #environmentVariable()}. */
    public static String environmentVariable(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
