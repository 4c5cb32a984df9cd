package io.lodestone.engine.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One command, declared once: name, arity (Redis's sign convention: negative means "at least"),
 * flags, ACL categories, key specs, documentation and handler. Dispatch, COMMAND INFO/DOCS,
 * routing and propagation all read it.
 */
public final class CommandSpec {
    private final String name;
    private final String fullName;
    private final byte[] nameBytes;
    private final int arity;
    private final Set<CommandFlag> flags;
    private final long flagMask;
    private final List<String> aclCategories;
    private final List<String> tips;
    private final List<KeySpec> keySpecs;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final String group;
    private final String since;
    private final String summary;
    private final String complexity;
    private final CommandHandler handler;
    private final KeysFunction keysFunction;
    private final CommandGate gate;
    private final Map<String, CommandSpec> subcommands;
    private final CommandStats stats = new CommandStats();

    private CommandSpec(Builder b, String parent) {
        this.name = b.name;
        this.fullName = parent == null ? b.name : parent + "|" + b.name;
        this.nameBytes = b.name.getBytes(StandardCharsets.US_ASCII);
        this.arity = b.arity;
        LegacyKeys derived = LegacyKeys.derive(b.keySpecs);
        EnumSet<CommandFlag> allFlags = EnumSet.noneOf(CommandFlag.class);
        allFlags.addAll(b.flags);
        if (derived.movable()) {
            allFlags.add(CommandFlag.MOVABLEKEYS);
        }
        this.flags = Collections.unmodifiableSet(allFlags);
        long mask = 0;
        for (CommandFlag f : allFlags) {
            mask |= f.bit();
        }
        this.flagMask = mask;
        this.aclCategories = List.copyOf(b.aclCategories);
        this.tips = List.copyOf(b.tips);
        this.keySpecs = List.copyOf(b.keySpecs);
        int[] legacy = b.legacy != null ? b.legacy : new int[] {derived.first(), derived.last(), derived.step()};
        this.firstKey = legacy[0];
        this.lastKey = legacy[1];
        this.keyStep = legacy[2];
        this.group = b.group;
        this.since = b.since;
        this.summary = b.summary;
        this.complexity = b.complexity;
        this.handler = b.handler;
        this.keysFunction = b.keysFunction;
        this.gate = b.gate;
        Map<String, CommandSpec> subs = new LinkedHashMap<>();
        for (Builder sub : b.subcommands) {
            if (sub.group == null) {
                sub.group = b.group;
            }
            subs.put(sub.name, new CommandSpec(sub, b.name));
        }
        this.subcommands = Collections.unmodifiableMap(subs);
    }

    /**
     * The legacy first/last/step triple, derived from the key specs as Redis 7 does: a single plain
     * range is taken as it is; otherwise the plain ranges (fixed index, step 1) that follow one
     * another are merged. Whatever the triple cannot express (keyword or key-count searches, other
     * steps, gaps, incomplete specs) makes the command "movablekeys": clients must ask COMMAND
     * GETKEYS for its keys.
     */
    private record LegacyKeys(int first, int last, int step, boolean movable) {
        static LegacyKeys derive(List<KeySpec> specs) {
            if (specs.isEmpty()) {
                return new LegacyKeys(0, 0, 0, false);
            }
            if (specs.size() == 1 && specs.get(0).isIndexRange()) {
                KeySpec only = specs.get(0);
                return new LegacyKeys(only.beginIndex(), absoluteLast(only), only.step(), only.hasFlag("INCOMPLETE"));
            }
            boolean movable = false;
            int first = Integer.MAX_VALUE;
            int last = 0;
            for (KeySpec spec : specs) {
                boolean adjacent = last == 0 || last == spec.beginIndex() - 1;
                if (!spec.isIndexRange() || spec.step() != 1 || !adjacent) {
                    movable = true;
                    continue;
                }
                movable |= spec.hasFlag("INCOMPLETE");
                first = Math.min(first, spec.beginIndex());
                // a last key counted from the end (negative) lies beyond any fixed index
                last = Integer.compareUnsigned(last, absoluteLast(spec)) >= 0 ? last : absoluteLast(spec);
            }
            if (first == Integer.MAX_VALUE) {
                return new LegacyKeys(0, 0, 0, true);
            }
            return new LegacyKeys(first, last, 1, movable);
        }

        private static int absoluteLast(KeySpec spec) {
            return spec.lastKey() < 0 ? spec.lastKey() : spec.beginIndex() + spec.lastKey();
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** {@code get}, or {@code config|get} for a subcommand. */
    public String fullName() {
        return fullName;
    }

    public byte[] nameBytes() {
        return nameBytes;
    }

    public int arity() {
        return arity;
    }

    public boolean arityAccepts(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    public Set<CommandFlag> flags() {
        return flags;
    }

    public boolean has(CommandFlag flag) {
        return (flagMask & flag.bit()) != 0;
    }

    public List<String> aclCategories() {
        return aclCategories;
    }

    /** Hints for clients and proxies, as COMMAND INFO lists them, e.g. {@code nondeterministic_output}. */
    public List<String> tips() {
        return tips;
    }

    public List<KeySpec> keySpecs() {
        return keySpecs;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public String group() {
        return group;
    }

    public String since() {
        return since;
    }

    public String summary() {
        return summary;
    }

    public String complexity() {
        return complexity;
    }

    public CommandHandler handler() {
        return handler;
    }

    /** Calls, time, rejections and failures of this command (INFO commandstats, latencystats). */
    public CommandStats stats() {
        return stats;
    }

    /** Finds keys where the specs cannot say exactly (see {@link KeysFunction}), or null. */
    public KeysFunction keysFunction() {
        return keysFunction;
    }

    /** The check made before the command runs (see {@link CommandGate}), or null. */
    public CommandGate gate() {
        return gate;
    }

    public Map<String, CommandSpec> subcommands() {
        return subcommands;
    }

    public boolean hasSubcommands() {
        return !subcommands.isEmpty();
    }

    /** The subcommand named by {@code arg} (case-insensitive), or null. */
    public CommandSpec subcommand(byte[] arg) {
        return subcommands.get(new String(arg, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return fullName;
    }

    /** Fluent declaration, used by each command group's {@code specs()}. */
    public static final class Builder {
        private final String name;
        private int arity;
        private final EnumSet<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
        private final List<String> aclCategories = new ArrayList<>();
        private final List<KeySpec> keySpecs = new ArrayList<>();
        private final List<String> tips = new ArrayList<>();
        private int[] legacy;
        private String group;
        private String since = "1.0.0";
        private String summary = "";
        private String complexity = "";
        private CommandHandler handler;
        private KeysFunction keysFunction;
        private CommandGate gate;
        private final List<Builder> subcommands = new ArrayList<>();

        private Builder(String name) {
            this.name = name.toLowerCase(Locale.ROOT);
        }

        public Builder arity(int arity) {
            this.arity = arity;
            return this;
        }

        public Builder flags(CommandFlag... flags) {
            this.flags.addAll(List.of(flags));
            return this;
        }

        /** ACL categories without the '@', e.g. {@code "write", "string", "slow"}. */
        public Builder acl(String... categories) {
            for (String c : categories) {
                aclCategories.add(c.startsWith("@") ? c : "@" + c);
            }
            return this;
        }

        /** Command tips, e.g. {@code "nondeterministic_output"}, {@code "request_policy:all_shards"}. */
        public Builder tips(String... tips) {
            this.tips.addAll(List.of(tips));
            return this;
        }

        public Builder key(KeySpec spec) {
            keySpecs.add(spec);
            return this;
        }

        /** Overrides the legacy first/last/step triple where Redis does not derive it from the specs. */
        public Builder legacyKeys(int first, int last, int step) {
            this.legacy = new int[] {first, last, step};
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder since(String since) {
            this.since = since;
            return this;
        }

        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        public Builder complexity(String complexity) {
            this.complexity = complexity;
            return this;
        }

        public Builder handler(CommandHandler handler) {
            this.handler = handler;
            return this;
        }

        /** The escape hatch for keys or key flags the specs cannot state (see {@link KeysFunction}). */
        public Builder keysFunction(KeysFunction keysFunction) {
            this.keysFunction = keysFunction;
            return this;
        }

        /** A check made after arity and before authentication (see {@link CommandGate}). */
        public Builder gate(CommandGate gate) {
            this.gate = gate;
            return this;
        }

        public Builder subcommand(Builder sub) {
            subcommands.add(sub);
            return this;
        }

        public CommandSpec build() {
            if (handler == null && subcommands.isEmpty()) {
                throw new IllegalStateException("command " + name + " has no handler");
            }
            return new CommandSpec(this, null);
        }
    }
}
