package io.rldt.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * TOML files and {@code key=value} overrides mapped one to one onto a config record ({@link RldtConfig},
 * {@link SacConfig}): each nested record is a table ({@code [policy]}), each record component a key. Unknown
 * keys and bad values are rejected with the dotted key, the value and what is allowed. The methods without a
 * {@code Class} argument are the {@link RldtConfig} forms.
 */
public final class ConfigToml {
    private static final TomlMapper MAPPER = TomlMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // loop.envs = 2.5 is an error, not 2
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS) // "3" is not 3
            .build();

    /** A dotted key of identifiers: {@code seed}, {@code loop.envs}. */
    private static final java.util.regex.Pattern KEY =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    /** Config files are a few kilobytes; a huge one is a wrong path. */
    private static final long MAX_FILE = 1 << 20;

    private ConfigToml() {}

    /**
     * The whole config as TOML: top-level keys first, then one table per record ({@code [task]}, {@code [policy]},
     * ...) in declaration order; non-finite numbers as TOML's {@code nan}, {@code inf}, {@code -inf}. Reading
     * it back with {@link #parse} gives an equal record.
     */
    public static String write(Object cfg) {
        ObjectNode tree = MAPPER.valueToTree(cfg);
        StringBuilder out = new StringBuilder();
        writeTable(out, tree, "");
        return out.toString();
    }

    private static void writeTable(StringBuilder out, ObjectNode node, String path) {
        if (!path.isEmpty()) out.append(out.isEmpty() ? "" : "\n").append('[').append(path).append("]\n");
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isObject()) out.append(e.getKey()).append(" = ").append(scalar(e.getValue())).append('\n');
        });
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                writeTable(out, (ObjectNode) e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
            }
        });
    }

    private static String scalar(JsonNode v) {
        if (v.isTextual()) {
            return "\"" + v.textValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (v.isFloatingPointNumber()) {
            double d = v.doubleValue();
            if (Double.isNaN(d)) return "nan";
            if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
            return Double.toString(d);
        }
        if (v.isNumber() || v.isBoolean()) return v.asText();
        throw new IllegalStateException("config value " + v + " has no TOML form");
    }

    /** A full config from TOML text (every key present, as written by {@link #write}). */
    public static RldtConfig parse(String toml) {
        return parse(toml, RldtConfig.class);
    }

    /** A full config record of {@code type} from TOML text. */
    public static <T> T parse(String toml, Class<T> type) {
        try {
            return convert(MAPPER.readTree(toml), type);
        } catch (JsonProcessingException e) {
            throw new ConfigException("config file is not valid TOML: " + e.getOriginalMessage());
        }
    }

    /**
     * Whether a run directory's {@code config.toml} describes the run {@code cfg} would make. Keys the file lacks
     * (settings added after the run started) count as their value in {@code cfg}, which for a new setting is its
     * default, the behaviour the run had; every key the file has must match. A file that is not a config of
     * this kind is not the same run.
     */
    public static boolean sameRun(String existingToml, RldtConfig cfg) {
        return sameRun(existingToml, cfg, RldtConfig.class);
    }

    /**
     * Whether two configs pretrain the same policy (task, policy, pretraining and seed equal): a run directory's
     * {@code pretrained.safetensors} made under one serves the other.
     */
    public static boolean samePretraining(RldtConfig a, RldtConfig b) {
        return a.task().equals(b.task()) && a.policy().equals(b.policy()) && a.pretrain().equals(b.pretrain())
                && a.seed() == b.seed();
    }

    /**
     * What differs between a run directory's {@code config.toml} and {@code cfg}, for the refusal message: e.g.
     * {@code "critic.lambda is 0.0 in the run, 0.95 now"}, at most five keys, or "" when the file cannot be read
     * as this kind of config.
     */
    public static <T> String differences(String existingToml, T cfg, Class<T> type) {
        try {
            List<String> out = new java.util.ArrayList<>();
            diff(MAPPER.valueToTree(merge(cfg, existingToml, type)), MAPPER.valueToTree(cfg), "", out);
            String shown = String.join("; ", out.subList(0, Math.min(5, out.size())));
            return out.size() > 5 ? shown + "; and " + (out.size() - 5) + " more" : shown;
        } catch (IllegalArgumentException unreadable) { // ConfigException included
            return "";
        }
    }

    private static void diff(JsonNode run, JsonNode now, String path, List<String> out) {
        if (run != null && run.isObject() && now.isObject()) {
            for (var it = now.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                diff(run.get(name), now.get(name), path.isEmpty() ? name : path + "." + name, out);
            }
        } else if (run == null || !run.equals(now)) {
            out.add(path + " is " + (run == null ? "absent" : run.toString()) + " in the run, " + now + " now");
        }
    }

    /** {@link #sameRun(String, RldtConfig)} for any config record type (on-policy baselines, SAC). */
    public static <T> boolean sameRun(String existingToml, T cfg, Class<T> type) {
        try {
            return merge(cfg, existingToml, type).equals(cfg);
        } catch (ConfigException e) {
            return false;
        }
    }

    /**
     * A run directory's {@code config.toml}, written by this or an earlier version: keys the file lacks take
     * their default value (the {@code gym-paper} preset's, which are the defaults for every key written since).
     */
    public static RldtConfig readRun(String toml) {
        return merge(Presets.gymPaper("Hopper-v4"), toml);
    }

    /**
     * {@code base} with the keys present in {@code toml} replaced (a partial file is fine): this is how
     * presets, config files and {@code --set} overrides stack.
     */
    public static RldtConfig merge(RldtConfig base, String toml) {
        return merge(base, toml, RldtConfig.class);
    }

    /** {@code base} with the keys present in {@code toml} replaced, for any config record type. */
    public static <T> T merge(T base, String toml, Class<T> type) {
        try {
            ObjectNode tree = MAPPER.valueToTree(base);
            JsonNode patch = MAPPER.readTree(toml);
            mergeInto(tree, patch, "");
            return convert(tree, type);
        } catch (JsonProcessingException e) {
            throw new ConfigException("config is not valid TOML: " + e.getOriginalMessage());
        }
    }

    public static RldtConfig load(RldtConfig base, Path file) throws IOException {
        return load(base, file, RldtConfig.class);
    }

    public static <T> T load(T base, Path file, Class<T> type) throws IOException {
        if (!Files.exists(file)) throw new ConfigException("config file " + file + " does not exist");
        if (!Files.isRegularFile(file)) throw new ConfigException("config file " + file + " is not a regular file");
        if (Files.size(file) > MAX_FILE) {
            throw new ConfigException("config file " + file + " has " + Files.size(file) + " bytes; a config is at most " + MAX_FILE);
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException("config file " + file + " is not UTF-8 text (TOML files are UTF-8)");
        }
        try {
            return merge(base, text, type);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    /** Applies {@code section.key=value} overrides; the value is parsed as a TOML value (strings may be bare). */
    public static RldtConfig override(RldtConfig base, List<String> assignments) {
        return override(base, assignments, RldtConfig.class);
    }

    public static <T> T override(T base, List<String> assignments, Class<T> type) {
        T cfg = base;
        for (String a : assignments) {
            String toml = overrideDocument(a);
            String key = a.substring(0, a.indexOf('=')).trim(), value = a.substring(a.indexOf('=') + 1).trim();
            String[] parts = key.split("\\.");
            try {
                cfg = merge(cfg, toml, type);
            } catch (ConfigException e) {
                // range checks and unknown keys already name the key; a value of the wrong type does not
                if (e.key() != null || e.getMessage().contains("is unknown; known keys here")
                        || e.getMessage().startsWith("config needs")) {
                    throw e;
                }
                throw new ConfigException(key, value, expectedType(cfg, parts));
            }
        }
        return cfg;
    }

    /** One {@code section.key=value} override as a TOML document ({@code [section]\nkey = value}). */
    private static String overrideDocument(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) throw new ConfigException("override '" + assignment + "' is not of the form section.key=value");
        String key = assignment.substring(0, eq).trim(), value = assignment.substring(eq + 1).trim();
        if (!KEY.matcher(key).matches()) {
            throw new ConfigException("override '" + assignment + "': '" + key + "' is not a key; expected section.key=value, "
                    + "e.g. loop.envs=8");
        }
        if (value.contains("\n") || value.contains("\r")) {
            throw new ConfigException("override for '" + key + "' spans several lines; give one value per --set");
        }
        String[] parts = key.split("\\.");
        String line = parts[parts.length - 1] + " = " + tomlValue(value);
        return parts.length == 1 ? line : "[" + String.join(".", java.util.Arrays.copyOf(parts, parts.length - 1)) + "]\n" + line;
    }

    /**
     * The text of {@code key} (dotted, e.g. {@code task.env}) once the TOML {@code file} (may be null) and then the
     * {@code assignments} are laid over {@code base}, without building the record, so nothing is validated: a
     * caller picks a preset by it before that preset's own checks apply. Where the file or an assignment cannot be
     * read, or the key is not a plain value, it is skipped and the base's value stands (the full resolution then
     * reports the problem).
     */
    public static String peek(Object base, Path file, List<String> assignments, String key) {
        ObjectNode tree = MAPPER.valueToTree(base);
        List<String> documents = new java.util.ArrayList<>();
        try {
            if (file != null && Files.isRegularFile(file) && Files.size(file) <= MAX_FILE) documents.add(Files.readString(file));
        } catch (IOException | RuntimeException unreadable) {
            // the full resolution names it
        }
        for (String a : assignments) {
            try {
                documents.add(overrideDocument(a));
            } catch (ConfigException malformed) {
                // the full resolution names it
            }
        }
        for (String d : documents) {
            try {
                mergeInto(tree, MAPPER.readTree(d), "");
            } catch (JsonProcessingException | ConfigException unreadable) {
                // the full resolution names it
            }
        }
        JsonNode node = at(tree, key);
        if (node == null || !node.isValueNode()) node = at(MAPPER.valueToTree(base), key);
        return node == null ? null : node.asText();
    }

    private static JsonNode at(JsonNode root, String dottedKey) {
        JsonNode node = root;
        for (String part : dottedKey.split("\\.")) node = node == null ? null : node.get(part);
        return node;
    }

    /** What the current value at {@code path} says about the type a new value must have. */
    private static String expectedType(Object cfg, String[] path) {
        JsonNode node = MAPPER.valueToTree(cfg);
        for (String p : path) node = node == null ? null : node.get(p);
        if (node == null) return "a valid value";
        if (node.isBoolean()) return "true or false";
        if (node.isIntegralNumber()) return "an integer";
        if (node.isNumber()) return "a number (nan, inf and -inf allowed)";
        if (node.isTextual()) return "a string";
        return "a valid value";
    }

    /**
     * An override's value as TOML: whatever TOML itself reads as a value ({@code 1_000}, {@code +3}, {@code 0x10},
     * {@code 1e-3}, {@code -inf}, {@code 'quoted'}, {@code {a = 1}}) is taken as is, so {@code --set} and a
     * config file accept the same literals; Java's {@code NaN}/{@code Infinity} spellings are mapped; anything
     * else is a bare string ({@code task.env=Hopper-v4}).
     */
    private static String tomlValue(String v) {
        if (v.equalsIgnoreCase("NaN")) return "nan";
        if (v.equalsIgnoreCase("Infinity") || v.equalsIgnoreCase("+Infinity")) return "inf";
        if (v.equalsIgnoreCase("-Infinity")) return "-inf";
        try {
            JsonNode t = v.isEmpty() ? null : MAPPER.readTree("v = " + v);
            if (t != null && t.size() == 1 && t.has("v")) return v; // one value, not "1\nseed = 3"
        } catch (JsonProcessingException e) {
            // not a TOML value: a bare string
        }
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void mergeInto(ObjectNode tree, JsonNode patch, String path) {
        patch.fields().forEachRemaining(e -> {
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode existing = tree.get(e.getKey());
            if (existing == null) {
                throw new ConfigException("config key '" + key + "' is unknown; known keys here: "
                        + iterableToString(tree.fieldNames()));
            }
            if (existing.isObject()) {
                if (!e.getValue().isObject()) {
                    throw new ConfigException(key, e.getValue().toString(), "a table [" + key + "]");
                }
                mergeInto((ObjectNode) existing, e.getValue(), key);
            } else {
                if (e.getValue().isObject()) throw new ConfigException(key, "a table", "a single value");
                tree.set(e.getKey(), e.getValue());
            }
        });
    }

    private static String iterableToString(java.util.Iterator<String> it) {
        java.util.List<String> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return String.join(", ", l);
    }

    private static <T> T convert(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("config key '" + path(e) + "' is unknown; known keys here: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof ConfigException)) cause = cause.getCause();
            if (cause instanceof ConfigException ce) throw ce;
            throw new ConfigException("config key '" + path(e) + "': " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException("config: " + e.getOriginalMessage());
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(JsonMappingException.Reference::getFieldName).collect(Collectors.joining("."));
    }
}
