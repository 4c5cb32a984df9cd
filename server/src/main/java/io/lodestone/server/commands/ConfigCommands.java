package io.lodestone.server.commands;

import static io.lodestone.engine.command.CommandFlag.ADMIN;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.Engine;
import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.Errors;
import io.lodestone.engine.monitor.SlowLog;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.server.LodestoneServer;
import io.lodestone.server.client.Connection;
import io.lodestone.server.config.BadValueException;
import io.lodestone.server.config.ConfigRewriter;
import io.lodestone.server.config.Directive;
import io.lodestone.server.config.Directives;
import io.lodestone.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP. Every directive comes from the one table,
 * {@link Directives}, which the config file parser reads too.
 */
public final class ConfigCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigCommands.class);
    /** Directives whose values CONFIG SET hides from the slow log (Redis's sensitive configs). */
    private static final Set<String> SENSITIVE = Set.of("requirepass", "masterauth");
    private static final CommandError NO_CONFIG_FILE = new CommandError("ERR The server is running without a config file");
    private static final String[] HELP = {
        "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
        "HELP",
        "    Prints this help.",
    };

    private ConfigCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(CommandSpec.builder("config").arity(-2).acl("slow").group("server").since("2.0.0")
                .summary("A container for server configuration commands").complexity("Depends on subcommand.")
                .subcommand(CommandSpec.builder("resetstat").arity(2).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                        .acl("admin", "slow", "dangerous").since("2.0.0")
                        .summary("Reset the stats returned by INFO").complexity("O(1)")
                        .handler(ConfigCommands::resetstat))
                .subcommand(CommandSpec.builder("get").arity(-3).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                        .acl("admin", "slow", "dangerous").since("2.0.0")
                        .summary("Get the values of configuration parameters")
                        .complexity("O(N) when N is the number of configuration parameters provided")
                        .handler(ConfigCommands::get))
                .subcommand(CommandSpec.builder("rewrite").arity(2).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                        .acl("admin", "slow", "dangerous").since("2.8.0")
                        .summary("Rewrite the configuration file with the in memory configuration").complexity("O(1)")
                        .handler(ConfigCommands::rewrite))
                .subcommand(CommandSpec.builder("help").arity(2).flags(LOADING, STALE).acl("slow").since("5.0.0")
                        .summary("Show helpful text about the different subcommands").complexity("O(1)")
                        .handler(ConfigCommands::help))
                .subcommand(CommandSpec.builder("set").arity(-4).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                        .acl("admin", "slow", "dangerous").tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .since("2.0.0").summary("Set configuration parameters to the given values")
                        .complexity("O(N) when N is the number of configuration parameters provided")
                        .handler(ConfigCommands::set))
                .build());
    }

    /** CONFIG GET parameter [parameter ...]: a map of every matching directive to its value. */
    static void get(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ServerConfig config = server(ctx).config();
        List<String> patterns = new ArrayList<>(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            patterns.add(text(argv[i]));
        }
        Map<String, Directive<?>> found = Directives.matching(patterns);
        out.mapHeader(found.size());
        for (Map.Entry<String, Directive<?>> e : found.entrySet()) {
            out.bulk(e.getKey());
            out.bulk(e.getValue().get(config));
        }
    }

    /**
     * CONFIG SET parameter value [parameter value ...]: all or nothing. Every name and value is
     * checked before anything changes; if binding new listeners fails, every value goes back.
     */
    static void set(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if ((argv.length & 1) != 0) {
            throw Errors.SYNTAX;
        }
        Connection client = (Connection) ctx;
        LodestoneServer server = client.server();
        ServerConfig config = server.config();
        int count = (argv.length - 2) / 2;
        String[] names = new String[count];
        byte[][] valueArgs = new byte[count][];
        Directive<?>[] directives = new Directive<?>[count];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String name = text(argv[2 + 2 * i]);
            Directive<?> d = Directives.lookup(name);
            valueArgs[i] = argv[3 + 2 * i];
            if (d != null && SENSITIVE.contains(d.name())) {
                argv[3 + 2 * i] = SlowLog.REDACTED; // the slow log never shows a password
            }
            if (d == null) {
                if (Directives.isNotSupportedYet(name)) {
                    throw failed(name, "not supported yet");
                }
                throw new CommandError("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
            }
            if (d.access() == Directive.Access.IMMUTABLE) {
                throw failed(name, "can't set immutable config");
            }
            if (d.access() == Directive.Access.PROTECTED && !protectedConfigsAllowed(client)) {
                throw failed(name, "can't set protected config");
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw failed(name, "duplicate parameter");
            }
            names[i] = name;
            directives[i] = d;
        }
        Path workingDir = Path.of(config.dir());
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = directives[i].parse(List.of(text(valueArgs[i])), workingDir);
            } catch (BadValueException e) {
                throw failed(names[i], e.getMessage());
            }
        }
        Object[] previous = new Object[count];
        int rebindCause = -1;
        for (int i = 0; i < count; i++) {
            previous[i] = directives[i].value(config);
            directives[i].apply(config, values[i]);
            if (rebindCause < 0 && directives[i].rebinds() && !Objects.equals(previous[i], values[i])) {
                rebindCause = i;
            }
        }
        if (rebindCause >= 0) {
            try {
                server.rebind();
            } catch (RuntimeException e) {
                LOG.warn("CONFIG SET {}: {}", names[rebindCause], e.getMessage());
                for (int i = count - 1; i >= 0; i--) {
                    directives[i].apply(config, previous[i]);
                }
                try {
                    server.rebind();
                } catch (RuntimeException again) {
                    LOG.warn("Could not bind the previous listeners again: {}", again.getMessage());
                }
                throw failed(names[rebindCause], directives[rebindCause].rebindFailure());
            }
        }
        for (int i = 0; i < count; i++) {
            if (Objects.equals(previous[i], values[i])) {
                continue;
            }
            String failure = directives[i].runOnSet(server.engine());
            if (failure != null) {
                for (int j = count - 1; j >= 0; j--) {
                    directives[j].apply(config, previous[j]);
                }
                throw failed(names[i], failure);
            }
        }
        out.ok();
    }

    /** CONFIG RESETSTAT: zeroes the counters INFO shows. */
    static void resetstat(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        LodestoneServer server = server(ctx);
        Engine engine = server.engine();
        engine.stats().reset();
        engine.keyspace().resetHitStats();
        server.clients().resetStats();
        out.ok();
    }

    /** CONFIG REWRITE: writes the running configuration back into the config file. */
    static void rewrite(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ServerConfig config = server(ctx).config();
        String file = config.configFile();
        if (file == null) {
            throw NO_CONFIG_FILE;
        }
        try {
            ConfigRewriter.rewriteFile(Path.of(file), config);
        } catch (IOException e) {
            LOG.warn("CONFIG REWRITE failed: {}", e.toString());
            throw new CommandError("ERR Rewriting config file: " + e.getMessage());
        }
        LOG.info("CONFIG REWRITE executed with success.");
        out.ok();
    }

    /** CONFIG HELP */
    static void help(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.arrayHeader(HELP.length);
        for (String line : HELP) {
            out.simple(line);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static LodestoneServer server(CommandContext ctx) {
        return ((Connection) ctx).server();
    }

    /** enable-protected-configs: yes, or local for clients on the loopback interface. */
    private static boolean protectedConfigsAllowed(Connection client) {
        return switch (client.server().config().enableProtectedConfigs()) {
            case "yes" -> true;
            case "local" -> client.isLocal();
            default -> false;
        };
    }

    private static CommandError failed(String name, String reason) {
        return new CommandError("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }

    private static String text(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8);
    }
}
