package io.rldt.core.config;

/** A bad configuration value: names the key, the value given and what is allowed. */
public final class ConfigException extends IllegalArgumentException {
    private final String key;

    public ConfigException(String key, String value, String expected) {
        super("config '" + key + "' = " + value + " is invalid: expected " + expected);
        this.key = key;
    }

    public ConfigException(String message) {
        super(message);
        this.key = null;
    }

    /** The offending key (dotted), or null when the error is not about one key. */
    public String key() { return key; }
}
