package io.lodestone.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One redis.conf directive, declared once in {@link Directives}: its name and aliases, value
 * type, default, whether CONFIG SET may change it, and how it reads and writes the setting.
 * The config file parser, CONFIG GET, CONFIG SET and CONFIG REWRITE all go through it.
 *
 * @param <T> the value's type (see {@link ValueType})
 */
public final class Directive<T> {
    /** Whether CONFIG SET may change a directive. */
    public enum Access {
        /** CONFIG SET applies it at once. */
        MUTABLE,
        /** Only the config file and the command line set it ("can't set immutable config"). */
        IMMUTABLE,
        /** CONFIG SET only where {@code enable-protected-configs} allows ("can't set protected config"). */
        PROTECTED
    }

    private final String name;
    private final List<String> aliases;
    private final ValueType<T> type;
    private final Supplier<T> defaultValue;
    private final Access access;
    private final Function<ServerConfig, T> getter;
    private final BiConsumer<ServerConfig, T> setter;
    private final boolean alwaysRewrite;
    private final String rebindFailure;
    private final java.util.function.BinaryOperator<T> accumulate;
    private final Function<io.lodestone.engine.Engine, String> onSet;

    private Directive(Builder<T> b) {
        this.name = Objects.requireNonNull(b.name);
        this.aliases = List.of(b.aliases);
        this.type = Objects.requireNonNull(b.type);
        this.defaultValue = Objects.requireNonNull(b.defaultValue, () -> name + ": no default");
        this.access = b.access;
        this.getter = Objects.requireNonNull(b.getter, () -> name + ": no getter");
        this.setter = Objects.requireNonNull(b.setter, () -> name + ": no setter");
        this.alwaysRewrite = b.alwaysRewrite;
        this.rebindFailure = b.rebindFailure;
        this.accumulate = b.accumulate;
        this.onSet = b.onSet;
    }

    public static <T> Builder<T> builder(String name, ValueType<T> type) {
        return new Builder<>(name, type);
    }

    public String name() {
        return name;
    }

    /** Older names that still work (e.g. hash-max-ziplist-entries), in the file and in CONFIG GET/SET. */
    public List<String> aliases() {
        return aliases;
    }

    public ValueType<T> type() {
        return type;
    }

    public Access access() {
        return access;
    }

    public T defaultValue() {
        return defaultValue.get();
    }

    /** True when changing it at runtime means binding the listeners again (port, bind). */
    public boolean rebinds() {
        return rebindFailure != null;
    }

    /** The reason CONFIG SET gives when binding the new listeners fails, in Redis's words. */
    public String rebindFailure() {
        return rebindFailure;
    }

    /**
     * What CONFIG SET does after changing this setting (Redis's apply functions), under the engine
     * lock: null when it worked, else CONFIG SET's failure reason (the old value is then restored).
     * Settings without such an action return null at once.
     */
    public String runOnSet(io.lodestone.engine.Engine engine) {
        return onSet == null ? null : onSet.apply(engine);
    }

    /** Whether CONFIG REWRITE writes it even at its default (dir: the default depends on where we started). */
    public boolean alwaysRewrite() {
        return alwaysRewrite;
    }

    /**
     * The value of this directive given twice in a config file, {@code earlier} then {@code later}:
     * the directive's own rule where it has one (save lines add up), else its type's (an
     * output-buffer limit line sets one client class), else the later line's value.
     */
    @SuppressWarnings("unchecked")
    public Object combine(Object earlier, Object later) {
        return accumulate != null ? accumulate.apply((T) earlier, (T) later) : type.merge((T) earlier, (T) later);
    }

    public boolean acceptsArgCount(int count) {
        return count >= type.minArgs() && count <= type.maxArgs();
    }

    public T parse(List<String> args, Path workingDir) throws BadValueException {
        return type.parse(args, workingDir);
    }

    /** The current setting. */
    public T value(ServerConfig config) {
        return getter.apply(config);
    }

    /** Applies a value produced by {@link #parse} (or {@link #value}) of this directive. */
    @SuppressWarnings("unchecked")
    public void apply(ServerConfig config, Object value) {
        setter.accept(config, (T) value);
    }

    public void applyDefault(ServerConfig config) {
        setter.accept(config, defaultValue.get());
    }

    /** The setting as CONFIG GET prints it. */
    public String get(ServerConfig config) {
        return type.format(getter.apply(config));
    }

    /** The setting as a config file line, as CONFIG REWRITE writes it. */
    public String fileLine(ServerConfig config) {
        String args = type.rewrite(getter.apply(config));
        return args.isEmpty() ? name : name + " " + args;
    }

    public boolean isDefault(ServerConfig config) {
        return type.format(getter.apply(config)).equals(type.format(defaultValue.get()));
    }

    @Override
    public String toString() {
        return name;
    }

    /** Declares a directive; see {@link Directives} for the table. */
    public static final class Builder<T> {
        private final String name;
        private final ValueType<T> type;
        private String[] aliases = new String[0];
        private Supplier<T> defaultValue;
        private Access access = Access.MUTABLE;
        private Function<ServerConfig, T> getter;
        private BiConsumer<ServerConfig, T> setter;
        private boolean alwaysRewrite;
        private String rebindFailure;
        private java.util.function.BinaryOperator<T> accumulate;
        private Function<io.lodestone.engine.Engine, String> onSet;

        private Builder(String name, ValueType<T> type) {
            this.name = name;
            this.type = type;
        }

        public Builder<T> aliases(String... aliases) {
            this.aliases = aliases;
            return this;
        }

        public Builder<T> byDefault(T value) {
            this.defaultValue = () -> value;
            return this;
        }

        /** A default computed when it is needed (dir: the directory we were started in). */
        public Builder<T> byDefault(Supplier<T> value) {
            this.defaultValue = value;
            return this;
        }

        public Builder<T> immutable() {
            this.access = Access.IMMUTABLE;
            return this;
        }

        public Builder<T> protectedConfig() {
            this.access = Access.PROTECTED;
            return this;
        }

        public Builder<T> alwaysRewrite() {
            this.alwaysRewrite = true;
            return this;
        }

        /** Runs {@code action} when CONFIG SET changes it; see {@link Directive#runOnSet}. */
        public Builder<T> onSet(Function<io.lodestone.engine.Engine, String> action) {
            this.onSet = action;
            return this;
        }

        /** Changing it at runtime rebinds the listeners; {@code failure} is CONFIG SET's reason when that fails. */
        public Builder<T> rebinds(String failure) {
            this.rebindFailure = failure;
            return this;
        }

        /** Repeated lines in a config file combine with this (earlier, later) instead of replacing. */
        public Builder<T> accumulates(java.util.function.BinaryOperator<T> combine) {
            this.accumulate = combine;
            return this;
        }

        public Directive<T> on(Function<ServerConfig, T> getter, BiConsumer<ServerConfig, T> setter) {
            this.getter = getter;
            this.setter = setter;
            return new Directive<>(this);
        }
    }
}
