package io.lodestone.server.commands;

import static io.lodestone.engine.command.CommandFlag.ALLOW_BUSY;
import static io.lodestone.engine.command.CommandFlag.FAST;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.NO_AUTH;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.Errors;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import io.lodestone.server.LodestoneServer;
import io.lodestone.server.client.Connection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Connection commands: PING ECHO QUIT HELLO AUTH (Redis's "connection" group). */
public final class ConnectionCommands {
    private static final CommandError NO_PASSWORD_SET = new CommandError("ERR AUTH <password> called without any "
            + "password configured for the default user. Are you sure your configuration is correct?");
    private static final CommandError PROTOCOL_VERSION =
            new CommandError("ERR Protocol version is not an integer or out of range");
    private static final CommandError NOPROTO = new CommandError("NOPROTO unsupported protocol version");
    private static final CommandError HELLO_NOAUTH = new CommandError("NOAUTH HELLO must be called with the client "
            + "already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to "
            + "authenticate the client and select the RESP protocol version at the same time");
    static final CommandError BAD_CLIENT_NAME =
            new CommandError("ERR Client names cannot contain spaces, newlines or special characters.");

    private static final byte[] PONG = {'p', 'o', 'n', 'g'};
    private static final byte[] EMPTY = {};

    private ConnectionCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("ping").arity(-1).flags(FAST).acl("fast", "connection")
                        .tips("request_policy:all_shards", "response_policy:all_succeeded")
                        .group("connection").since("1.0.0").summary("Ping the server").complexity("O(1)")
                        .handler(ConnectionCommands::ping).build(),
                CommandSpec.builder("echo").arity(2).flags(LOADING, STALE, FAST).acl("fast", "connection")
                        .group("connection").since("1.0.0").summary("Echo the given string").complexity("O(1)")
                        .handler(ConnectionCommands::echo).build(),
                CommandSpec.builder("quit").arity(-1).flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
                        .acl("fast", "connection").group("connection").since("1.0.0")
                        .summary("Close the connection").complexity("O(1)")
                        .handler(ConnectionCommands::quit).build(),
                CommandSpec.builder("hello").arity(-1).flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
                        .acl("fast", "connection").group("connection").since("6.0.0")
                        .summary("Handshake with Redis").complexity("O(1)")
                        .handler(ConnectionCommands::hello).build(),
                CommandSpec.builder("reset").arity(1).flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
                        .acl("fast", "connection").group("connection").since("6.2.0")
                        .summary("Reset the connection").complexity("O(1)")
                        .handler(ConnectionCommands::reset).build(),
                CommandSpec.builder("auth").arity(-2).flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
                        .acl("fast", "connection").group("connection").since("1.0.0")
                        .summary("Authenticate to the server").complexity("O(N) where N is the number of passwords defined for the user")
                        .handler(ConnectionCommands::auth).build());
    }

    /** PING [message] */
    static void ping(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (argv.length > 2) {
            throw Errors.arity("ping");
        }
        if (ctx.subscriptionCount() > 0 && out.protocol() == 2) {
            // a subscribed RESP2 client reads every reply as a message: PING answers in that form
            out.arrayHeader(2);
            out.bulk(PONG);
            out.bulk(argv.length == 1 ? EMPTY : argv[1]);
        } else if (argv.length == 1) {
            out.simple("PONG");
        } else {
            out.bulk(argv[1]);
        }
    }

    /**
     * RESET: the connection as it was when it connected: out of MULTI with no watched keys, no
     * subscriptions, database 0, RESP2, no name, replies on, and authenticated only if no password
     * is required.
     */
    static void reset(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Connection c = (Connection) ctx;
        c.releaseEngineState();
        c.select(0);
        c.setProtocol(2);
        c.setAuthenticated(!c.server().config().requiresAuth());
        c.setName("");
        c.replyOn();
        out.simple("RESET");
    }

    /** ECHO message */
    static void echo(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.bulk(argv[1]);
    }

    /** QUIT: replies OK, then the connection closes. */
    static void quit(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.ok();
        ((Connection) ctx).setCloseAfterReply();
    }

    /** AUTH [username] password */
    static void auth(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (argv.length > 3) {
            throw Errors.SYNTAX;
        }
        Connection c = (Connection) ctx;
        if (argv.length == 2 && !c.server().config().requiresAuth()) {
            throw NO_PASSWORD_SET;
        }
        byte[] user = argv.length == 3 ? argv[1] : null;
        authenticate(c, user, argv[argv.length - 1]);
        out.ok();
    }

    /** HELLO [protover [AUTH username password] [SETNAME clientname]] */
    static void hello(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Connection c = (Connection) ctx;
        int protocol = c.protocol();
        int i = 1;
        if (argv.length >= 2) {
            long version;
            try {
                version = Bytes.parseLong(argv[1]);
            } catch (CommandError e) {
                throw PROTOCOL_VERSION;
            }
            if (version < 2 || version > 3) {
                throw NOPROTO;
            }
            protocol = (int) version;
            i = 2;
        }
        byte[] user = null;
        byte[] password = null;
        String name = null;
        for (; i < argv.length; i++) {
            boolean more = i + 1 < argv.length;
            if (Bytes.is(argv[i], "auth") && i + 2 < argv.length) {
                user = argv[i + 1];
                password = argv[i + 2];
                i += 2;
            } else if (Bytes.is(argv[i], "setname") && more) {
                name = validClientName(argv[++i]);
            } else {
                throw new CommandError("ERR Syntax error in HELLO option '" + Bytes.string(argv[i]) + "'");
            }
        }
        if (password != null) {
            authenticate(c, user, password);
        }
        if (!c.isAuthenticated()) {
            throw HELLO_NOAUTH;
        }
        if (name != null) {
            c.setName(name);
        }
        c.setProtocol(protocol);
        out.mapHeader(7);
        out.bulk("server");
        out.bulk("redis");
        out.bulk("version");
        out.bulk(LodestoneServer.REDIS_VERSION);
        out.bulk("proto");
        out.integer(protocol);
        out.bulk("id");
        out.integer(c.id());
        out.bulk("mode");
        out.bulk("standalone");
        out.bulk("role");
        out.bulk("master");
        out.bulk("modules");
        out.emptyArray();
    }

    /** Checks a password for the only user, "default"; sets the client authenticated or throws WRONGPASS. */
    private static void authenticate(Connection c, byte[] user, byte[] password) {
        String required = c.server().config().requirepass();
        boolean userOk = user == null || Bytes.is(user, "default") && new String(user, StandardCharsets.UTF_8).equals("default");
        boolean passwordOk = required.isEmpty()
                || MessageDigest.isEqual(required.getBytes(StandardCharsets.UTF_8), password);
        if (!userOk || !passwordOk) {
            throw Errors.WRONGPASS;
        }
        c.setAuthenticated(true);
    }

    /** A client name as Redis accepts it: printable ASCII without spaces; empty clears the name. */
    static String validClientName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw BAD_CLIENT_NAME;
            }
        }
        return new String(name, StandardCharsets.US_ASCII);
    }
}
