package io.lodestone.server.commands;

import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.CommandFlag;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.CommandTable;
import io.lodestone.engine.command.Errors;
import io.lodestone.engine.command.KeyFinder;
import io.lodestone.engine.command.KeySpec;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * COMMAND and its subcommands: the command table as Redis 7.0 describes its own, built only from
 * the {@link CommandSpec}s, so clients (redis-cli hints, cluster clients locating keys) see what
 * Lodestone really accepts. Reply shapes follow Redis 7.0 in RESP2 and RESP3, sets included.
 */
public final class CommandCommands {
    private static final CommandError INVALID_COMMAND = new CommandError("ERR Invalid command specified");
    private static final CommandError NO_KEY_ARGUMENTS = new CommandError("ERR The command has no key arguments");
    private static final CommandError INVALID_ARGUMENT_COUNT =
            new CommandError("ERR Invalid number of arguments specified for command");
    private static final CommandError INVALID_ARGUMENTS = new CommandError("ERR Invalid arguments specified for command");

    /** ACL categories in the order Redis lists them. */
    private static final List<String> ACL_ORDER = List.of("@keyspace", "@read", "@write", "@set", "@sortedset",
            "@list", "@hash", "@string", "@bitmap", "@hyperloglog", "@geo", "@stream", "@pubsub", "@admin", "@fast",
            "@slow", "@blocking", "@dangerous", "@connection", "@transaction", "@scripting");
    /** Key-spec flags in the order, and the letter case, Redis shows them. */
    private static final List<String> KEY_FLAG_ORDER = List.of("RW", "RO", "OW", "RM", "access", "update", "insert",
            "delete", "not_key", "incomplete", "variable_flags");

    private static final String[] HELP = {
        "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
        "HELP",
        "    Prints this help.",
    };

    private CommandCommands() {}

    public static List<CommandSpec> specs() {
        String perLookup = "O(N) where N is the number of commands to look up";
        String perArgument = "O(N) where N is the number of arguments to the command";
        return List.of(CommandSpec.builder("command").arity(-1).flags(LOADING, STALE).acl("slow", "connection")
                .tips("nondeterministic_output_order").group("server").since("2.8.13")
                .summary("Get array of Redis command details")
                .complexity("O(N) where N is the total number of Redis commands")
                .handler(CommandCommands::all)
                .subcommand(sub("count", 2).since("2.8.13").summary("Get total number of Redis commands")
                        .complexity("O(1)").handler(CommandCommands::count))
                .subcommand(sub("info", -2).tips("nondeterministic_output_order").since("2.8.13")
                        .summary("Get array of specific Redis command details, or all when no argument is given.")
                        .complexity(perLookup).handler(CommandCommands::info))
                .subcommand(sub("docs", -2).tips("nondeterministic_output_order").since("7.0.0")
                        .summary("Get array of specific Redis command documentation")
                        .complexity(perLookup).handler(CommandCommands::docs))
                .subcommand(sub("list", -2).tips("nondeterministic_output_order").since("7.0.0")
                        .summary("Get an array of Redis command names")
                        .complexity("O(N) where N is the total number of Redis commands")
                        .handler(CommandCommands::list))
                .subcommand(sub("getkeys", -4).since("2.8.13").summary("Extract keys given a full Redis command")
                        .complexity(perArgument).handler(CommandCommands::getKeys))
                .subcommand(sub("getkeysandflags", -4).since("7.0.0")
                        .summary("Extract keys and access flags given a full Redis command")
                        .complexity(perArgument).handler(CommandCommands::getKeysAndFlags))
                .subcommand(sub("help", 2).since("5.0.0").summary("Show helpful text about the different subcommands")
                        .complexity("O(1)").handler(CommandCommands::help))
                .build());
    }

    private static CommandSpec.Builder sub(String name, int arity) {
        return CommandSpec.builder(name).arity(arity).flags(LOADING, STALE).acl("slow", "connection");
    }

    // ---- handlers ------------------------------------------------------------------------------

    /** COMMAND: every command's details. */
    static void all(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        List<CommandSpec> all = ctx.engine().commands().all();
        out.arrayHeader(all.size());
        for (CommandSpec spec : all) {
            writeInfo(out, spec);
        }
    }

    /** COMMAND COUNT: the number of commands (subcommands not counted). */
    static void count(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.integer(ctx.engine().commands().size());
    }

    /** COMMAND INFO [command-name ...]: details of each (null for unknown names), or of all. */
    static void info(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (argv.length == 2) {
            all(ctx, argv, out);
            return;
        }
        CommandTable table = ctx.engine().commands();
        out.arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            CommandSpec spec = lookup(table, argv[i]);
            if (spec == null) {
                out.nullBulk(); // $-1 in RESP2, as Redis writes it
            } else {
                writeInfo(out, spec);
            }
        }
    }

    /** COMMAND DOCS [command-name ...]: a map of name to documentation; unknown names are left out. */
    static void docs(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        CommandTable table = ctx.engine().commands();
        List<CommandSpec> found = new ArrayList<>();
        if (argv.length == 2) {
            found.addAll(table.all());
        } else {
            for (int i = 2; i < argv.length; i++) {
                CommandSpec spec = lookup(table, argv[i]);
                if (spec != null) {
                    found.add(spec);
                }
            }
        }
        out.mapHeader(found.size());
        for (CommandSpec spec : found) {
            out.bulk(spec.fullName());
            writeDocs(out, spec);
        }
    }

    /** COMMAND LIST [FILTERBY MODULE module | ACLCAT category | PATTERN pattern]: names, subcommands included. */
    static void list(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Predicate<CommandSpec> filter;
        if (argv.length == 2) {
            filter = spec -> true;
        } else if (argv.length == 5 && Bytes.is(argv[2], "filterby")) {
            String value = Bytes.string(argv[4]);
            if (Bytes.is(argv[3], "module")) {
                filter = spec -> false; // no command comes from a module
            } else if (Bytes.is(argv[3], "aclcat")) {
                String category = "@" + value.toLowerCase(Locale.ROOT);
                filter = spec -> spec.aclCategories().contains(category);
            } else if (Bytes.is(argv[3], "pattern")) {
                filter = spec -> globMatchIgnoreCase(value, spec.fullName());
            } else {
                throw Errors.SYNTAX;
            }
        } else {
            throw Errors.SYNTAX;
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : ctx.engine().commands().all()) {
            if (filter.test(spec)) {
                names.add(spec.fullName());
            }
            for (CommandSpec sub : spec.subcommands().values()) {
                if (filter.test(sub)) {
                    names.add(sub.fullName());
                }
            }
        }
        out.arrayHeader(names.size());
        for (String name : names) {
            out.bulk(name);
        }
    }

    /** COMMAND GETKEYS command [arg ...]: the keys the command would access. */
    static void getKeys(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        List<KeyFinder.KeyPosition> keys = keysOf(ctx, argv);
        byte[][] command = Arrays.copyOfRange(argv, 2, argv.length);
        out.arrayHeader(keys.size());
        for (KeyFinder.KeyPosition key : keys) {
            out.bulk(command[key.index()]);
        }
    }

    /** COMMAND GETKEYSANDFLAGS command [arg ...]: each key with its access flags. */
    static void getKeysAndFlags(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        List<KeyFinder.KeyPosition> keys = keysOf(ctx, argv);
        byte[][] command = Arrays.copyOfRange(argv, 2, argv.length);
        out.arrayHeader(keys.size());
        for (KeyFinder.KeyPosition key : keys) {
            out.arrayHeader(2);
            out.bulk(command[key.index()]);
            List<String> flags = keyFlags(key.flags());
            out.setHeader(flags.size());
            for (String flag : flags) {
                out.simple(flag);
            }
        }
    }

    /** COMMAND HELP */
    static void help(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.arrayHeader(HELP.length);
        for (String line : HELP) {
            out.simple(line);
        }
    }

    /** The checks and errors of Redis's GETKEYS, in its order, then the keys from the specs. */
    private static List<KeyFinder.KeyPosition> keysOf(CommandContext ctx, byte[][] argv) {
        byte[][] command = Arrays.copyOfRange(argv, 2, argv.length);
        CommandSpec spec = ctx.engine().commands().lookup(command[0]);
        if (spec != null && spec.hasSubcommands() && command.length >= 2) {
            spec = spec.subcommand(command[1]);
        }
        if (spec == null) {
            throw INVALID_COMMAND;
        }
        if (!KeyFinder.hasKeys(spec)) {
            throw NO_KEY_ARGUMENTS;
        }
        if (!spec.arityAccepts(command.length)) {
            throw INVALID_ARGUMENT_COUNT;
        }
        List<KeyFinder.KeyPosition> keys = KeyFinder.find(spec, command, false);
        if (keys == null || keys.isEmpty()) {
            if (spec.has(CommandFlag.NO_MANDATORY_KEYS)) {
                return List.of();
            }
            throw INVALID_ARGUMENTS;
        }
        return keys;
    }

    /** A command by name, or a subcommand by {@code container|sub}, in any letter case; null if unknown. */
    static CommandSpec lookup(CommandTable table, byte[] name) {
        int bar = -1;
        for (int i = 0; i < name.length; i++) {
            if (name[i] == '|') {
                if (bar >= 0) {
                    return null; // Redis has no deeper nesting
                }
                bar = i;
            }
        }
        if (bar < 0) {
            return table.lookup(name);
        }
        CommandSpec container = table.lookup(Arrays.copyOf(name, bar));
        if (container == null || !container.hasSubcommands()) {
            return null;
        }
        return container.subcommand(Arrays.copyOfRange(name, bar + 1, name.length));
    }

    // ---- reply builders ------------------------------------------------------------------------

    /**
     * One COMMAND INFO entry: name, arity, flags, first key, last key, step, ACL categories, tips,
     * key specs, subcommands. Flags, categories, tips and key specs are sets in RESP3, as in Redis;
     * subcommands an array (an empty set when there are none, as Redis writes it).
     */
    static void writeInfo(ReplyWriter out, CommandSpec spec) {
        out.arrayHeader(10);
        out.bulk(spec.fullName());
        out.integer(spec.arity());
        out.setHeader(spec.flags().size());
        for (CommandFlag flag : spec.flags()) { // enum order is Redis's order
            out.simple(flag.wireName());
        }
        out.integer(spec.firstKey());
        out.integer(spec.lastKey());
        out.integer(spec.keyStep());
        List<String> categories = new ArrayList<>(spec.aclCategories());
        categories.sort(Comparator.comparingInt(CommandCommands::aclRank));
        out.setHeader(categories.size());
        for (String category : categories) {
            out.simple(category);
        }
        out.setHeader(spec.tips().size());
        for (String tip : spec.tips()) {
            out.bulk(tip);
        }
        out.setHeader(spec.keySpecs().size());
        for (KeySpec key : spec.keySpecs()) {
            writeKeySpec(out, key);
        }
        if (spec.hasSubcommands()) {
            out.arrayHeader(spec.subcommands().size());
            for (CommandSpec sub : spec.subcommands().values()) {
                writeInfo(out, sub);
            }
        } else {
            out.setHeader(0);
        }
    }

    private static void writeKeySpec(ReplyWriter out, KeySpec key) {
        boolean notes = key.notes() != null && !key.notes().isEmpty();
        out.mapHeader(notes ? 4 : 3);
        if (notes) {
            out.bulk("notes");
            out.bulk(key.notes());
        }
        out.bulk("flags");
        List<String> flags = keyFlags(key.flags());
        out.setHeader(flags.size());
        for (String flag : flags) {
            out.simple(flag);
        }
        out.bulk("begin_search");
        out.mapHeader(2);
        out.bulk("type");
        switch (key.begin()) {
            case INDEX -> {
                out.bulk("index");
                out.bulk("spec");
                out.mapHeader(1);
                out.bulk("index");
                out.integer(key.beginIndex());
            }
            case KEYWORD -> {
                out.bulk("keyword");
                out.bulk("spec");
                out.mapHeader(2);
                out.bulk("keyword");
                out.bulk(key.keyword());
                out.bulk("startfrom");
                out.integer(key.beginIndex());
            }
            case UNKNOWN -> {
                out.bulk("unknown");
                out.bulk("spec");
                out.mapHeader(0);
            }
        }
        out.bulk("find_keys");
        out.mapHeader(2);
        out.bulk("type");
        switch (key.find()) {
            case RANGE -> {
                out.bulk("range");
                out.bulk("spec");
                out.mapHeader(3);
                out.bulk("lastkey");
                out.integer(key.lastKey());
                out.bulk("keystep");
                out.integer(key.step());
                out.bulk("limit");
                out.integer(key.limit());
            }
            case KEYNUM -> {
                out.bulk("keynum");
                out.bulk("spec");
                out.mapHeader(3);
                out.bulk("keynumidx");
                out.integer(key.keyNumIndex());
                out.bulk("firstkey");
                out.integer(key.firstKey());
                out.bulk("keystep");
                out.integer(key.step());
            }
            case UNKNOWN -> {
                out.bulk("unknown");
                out.bulk("spec");
                out.mapHeader(0);
            }
        }
    }

    /** One COMMAND DOCS entry: summary, since, group, complexity (those declared), subcommands. */
    static void writeDocs(ReplyWriter out, CommandSpec spec) {
        String[][] fields = {
            {"summary", spec.summary()}, {"since", spec.since()}, {"group", spec.group()},
            {"complexity", spec.complexity()},
        };
        int count = spec.hasSubcommands() ? 1 : 0;
        for (String[] f : fields) {
            if (f[1] != null && !f[1].isEmpty()) {
                count++;
            }
        }
        out.mapHeader(count);
        for (String[] f : fields) {
            if (f[1] != null && !f[1].isEmpty()) {
                out.bulk(f[0]);
                out.bulk(f[1]);
            }
        }
        if (spec.hasSubcommands()) {
            out.bulk("subcommands");
            out.mapHeader(spec.subcommands().size());
            for (CommandSpec sub : spec.subcommands().values()) {
                out.bulk(sub.fullName());
                writeDocs(out, sub);
            }
        }
    }

    /** Key-spec flags in Redis's order and letter case ({@code RW}, {@code access}...). */
    static List<String> keyFlags(List<String> declared) {
        List<String> flags = new ArrayList<>();
        for (String canonical : KEY_FLAG_ORDER) {
            for (String flag : declared) {
                if (flag.equalsIgnoreCase(canonical)) {
                    flags.add(canonical);
                    break;
                }
            }
        }
        for (String flag : declared) { // anything Redis 7.0 does not know goes last, as declared
            boolean known = false;
            for (String canonical : KEY_FLAG_ORDER) {
                known |= flag.equalsIgnoreCase(canonical);
            }
            if (!known) {
                flags.add(flag);
            }
        }
        return flags;
    }

    private static int aclRank(String category) {
        int rank = ACL_ORDER.indexOf(category);
        return rank < 0 ? ACL_ORDER.size() : rank;
    }

    // ---- glob ----------------------------------------------------------------------------------

    /**
     * Glob matching as Redis's COMMAND LIST FILTERBY PATTERN does it, ignoring letter case:
     * {@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]} and {@code \} escapes.
     */
    static boolean globMatchIgnoreCase(String pattern, String text) {
        return glob(pattern.toLowerCase(Locale.ROOT), 0, text.toLowerCase(Locale.ROOT), 0);
    }

    private static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length()) {
                        return true;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (glob(p, pi + 1, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    si++;
                    pi++;
                }
                case '[' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    int end = pi + 1;
                    boolean negate = end < p.length() && p.charAt(end) == '^';
                    if (negate) {
                        end++;
                    }
                    boolean matched = false;
                    char ch = s.charAt(si);
                    while (end < p.length() && p.charAt(end) != ']') {
                        if (p.charAt(end) == '\\' && end + 1 < p.length()) {
                            matched |= p.charAt(end + 1) == ch;
                            end += 2;
                        } else if (end + 2 < p.length() && p.charAt(end + 1) == '-' && p.charAt(end + 2) != ']') {
                            char lo = (char) Math.min(p.charAt(end), p.charAt(end + 2));
                            char hi = (char) Math.max(p.charAt(end), p.charAt(end + 2));
                            matched |= ch >= lo && ch <= hi;
                            end += 3;
                        } else {
                            matched |= p.charAt(end) == ch;
                            end++;
                        }
                    }
                    if (matched == negate) {
                        return false;
                    }
                    pi = Math.min(end + 1, p.length()); // an unclosed class ends the pattern, as in Redis
                    si++;
                }
                default -> {
                    if (c == '\\' && pi + 1 < p.length()) {
                        pi++;
                        c = p.charAt(pi);
                    }
                    if (si >= s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    si++;
                    pi++;
                }
            }
        }
        return si == s.length();
    }
}
