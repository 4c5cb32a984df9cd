package io.lodestone.server.commands;

import static io.lodestone.engine.command.CommandFlag.ADMIN;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.Errors;
import io.lodestone.engine.pause.Pause;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import io.lodestone.server.client.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT and its subcommands (Redis's "connection" group): ID, SETNAME, GETNAME, LIST, INFO, KILL, UNBLOCK,
 * NO-EVICT, REPLY, PAUSE, UNPAUSE, TRACKING, HELP. A client is of type "pubsub" while it has subscriptions, else "normal"
 * (until replication exists), and user "default" (until ACLs exist). Commands that read other clients run under the engine lock, like all
 * commands, so what they see of them is consistent.
 */
public final class ClientCommands {
    private static final CommandError NO_SUCH_CLIENT = new CommandError("ERR No such client");
    private static final CommandError BAD_CLIENT_ID = new CommandError("ERR client-id should be greater than 0");
    private static final CommandError INVALID_CLIENT_ID = new CommandError("ERR Invalid client ID");
    private static final CommandError UNBLOCK_REASON =
            new CommandError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
    private static final CommandError UNBLOCK_ARITY = new CommandError(
            "ERR unknown subcommand or wrong number of arguments for 'unblock'. Try CLIENT HELP.");
    /** What a client unblocked with CLIENT UNBLOCK ... ERROR receives instead of its reply. */
    private static final CommandError UNBLOCKED = new CommandError("UNBLOCKED client unblocked via CLIENT UNBLOCK");
    private static final CommandError PAUSE_MODE = new CommandError("ERR CLIENT PAUSE mode must be WRITE or ALL");
    private static final CommandError TIMEOUT_NOT_INTEGER =
            new CommandError("ERR timeout is not an integer or out of range");
    private static final CommandError TIMEOUT_NEGATIVE = new CommandError("ERR timeout is negative");

    private static final String[] HELP = {
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        "HELP",
        "    Prints this help.",
    };

    private ClientCommands() {}

    public static List<CommandSpec> specs() {
        return List.of(CommandSpec.builder("client").arity(-2).acl("slow").group("connection").since("2.4.0")
                .summary("A container for client connection commands").complexity("Depends on subcommand.")
                .subcommand(sub("id", 2).since("5.0.0").summary("Returns the client ID for the current connection")
                        .complexity("O(1)").handler(ClientCommands::id))
                .subcommand(sub("setname", 3).since("2.6.9").summary("Set the current connection name")
                        .complexity("O(1)").handler(ClientCommands::setName))
                .subcommand(sub("getname", 2).since("2.6.9").summary("Get the current connection name")
                        .complexity("O(1)").handler(ClientCommands::getName))
                .subcommand(adminSub("list", -2).tips("nondeterministic_output").since("2.4.0")
                        .summary("Get the list of client connections")
                        .complexity("O(N) where N is the number of client connections")
                        .handler(ClientCommands::list))
                .subcommand(sub("info", 2).tips("nondeterministic_output").since("6.2.0")
                        .summary("Returns information about the current client connection.")
                        .complexity("O(1)").handler(ClientCommands::info))
                .subcommand(adminSub("kill", -3).since("2.4.0").summary("Kill the connection of a client")
                        .complexity("O(N) where N is the number of client connections")
                        .handler(ClientCommands::kill))
                .subcommand(adminSub("unblock", -3).since("5.0.0")
                        .summary("Unblock a client blocked in a blocking command from a different connection")
                        .complexity("O(log N) where N is the number of client connections")
                        .handler(ClientCommands::unblock))
                .subcommand(adminSub("no-evict", 3).since("7.0.0")
                        .summary("Set client eviction mode for the current connection").complexity("O(1)")
                        .handler(ClientCommands::noEvict))
                .subcommand(sub("reply", 3).since("3.2.0")
                        .summary("Instruct the server whether to reply to commands").complexity("O(1)")
                        .handler(ClientCommands::reply))
                .subcommand(adminSub("pause", -3).since("2.9.50")
                        .summary("Stop processing commands from clients for some time").complexity("O(1)")
                        .handler(ClientCommands::pause))
                .subcommand(adminSub("unpause", 2).since("6.2.0")
                        .summary("Resume processing of clients that were paused")
                        .complexity("O(N) Where N is the number of paused clients")
                        .handler(ClientCommands::unpause))
                .subcommand(sub("tracking", -3).since("6.0.0")
                        .summary("Enable or disable server assisted client side caching support")
                        .complexity("O(1). Some options may introduce additional complexity.")
                        .handler(ClientTrackingCommands::tracking))
                .subcommand(sub("caching", 3).since("6.0.0")
                        .summary("Instruct the server about tracking or not keys in the next request")
                        .complexity("O(1)").handler(ClientTrackingCommands::caching))
                .subcommand(sub("getredir", 2).since("6.0.0")
                        .summary("Get tracking notifications redirection client ID if any")
                        .complexity("O(1)").handler(ClientTrackingCommands::getredir))
                .subcommand(sub("trackinginfo", 2).since("6.2.0")
                        .summary("Return information about server assisted client side caching for the current connection")
                        .complexity("O(1)").handler(ClientTrackingCommands::trackinginfo))
                .subcommand(CommandSpec.builder("help").arity(2).flags(LOADING, STALE).acl("slow", "connection")
                        .since("5.0.0").summary("Show helpful text about the different subcommands")
                        .complexity("O(1)").handler(ClientCommands::help))
                .build());
    }

    /** A subcommand about the calling connection: noscript, loading, stale; @slow @connection. */
    private static CommandSpec.Builder sub(String name, int arity) {
        return CommandSpec.builder(name).arity(arity).flags(NOSCRIPT, LOADING, STALE).acl("slow", "connection");
    }

    /** A subcommand that reaches other connections: also admin and @dangerous. */
    private static CommandSpec.Builder adminSub(String name, int arity) {
        return CommandSpec.builder(name).arity(arity).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                .acl("admin", "slow", "dangerous", "connection");
    }

    // ---- about this connection -------------------------------------------------------------------

    /** CLIENT ID */
    static void id(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.integer(ctx.id());
    }

    /** CLIENT SETNAME name: printable ASCII without spaces; an empty name clears it. */
    static void setName(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ((Connection) ctx).setName(ConnectionCommands.validClientName(argv[2]));
        out.ok();
    }

    /** CLIENT GETNAME: the name, or null if none was set. */
    static void getName(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        String name = ((Connection) ctx).name();
        if (name.isEmpty()) {
            out.nullBulk();
        } else {
            out.bulk(name);
        }
    }

    /** CLIENT INFO: this connection's CLIENT LIST line. */
    static void info(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Connection self = (Connection) ctx;
        StringBuilder text = new StringBuilder(300);
        describe(text, self, self, argv);
        out.verbatim("txt", text.toString());
    }

    /** CLIENT NO-EVICT ON|OFF: there is no client eviction yet, but the flag shows in CLIENT LIST. */
    static void noEvict(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ((Connection) ctx).setNoEvict(onOff(argv[2]));
        out.ok();
    }

    /** CLIENT REPLY ON|OFF|SKIP: OFF and SKIP send no reply, not even to themselves. */
    static void reply(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Connection c = (Connection) ctx;
        byte[] mode = argv[2];
        if (Bytes.is(mode, "on")) {
            c.replyOn();
            out.ok();
        } else if (Bytes.is(mode, "off")) {
            c.replyOff();
        } else if (Bytes.is(mode, "skip")) {
            c.replySkipNext();
        } else {
            throw Errors.SYNTAX;
        }
    }

    /**
     * CLIENT PAUSE timeout [WRITE | ALL]: for timeout milliseconds, the commands of every client (ALL,
     * the default) or only those that write (WRITE) wait; see the engine's Pause.
     */
    static void pause(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (argv.length > 4) {
            throw new CommandError("ERR unknown subcommand or wrong number of arguments for '" + Bytes.string(argv[1])
                    + "'. Try CLIENT HELP.");
        }
        Pause.Mode mode = Pause.Mode.ALL;
        if (argv.length == 4) {
            if (Bytes.is(argv[3], "write")) {
                mode = Pause.Mode.WRITE;
            } else if (!Bytes.is(argv[3], "all")) {
                throw PAUSE_MODE;
            }
        }
        long timeout = Bytes.parseLong(argv[2], TIMEOUT_NOT_INTEGER);
        if (timeout < 0) {
            throw TIMEOUT_NEGATIVE;
        }
        long now = ctx.now();
        ctx.engine().pause().pause(mode, timeout > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeout);
        out.ok();
    }

    /** CLIENT UNPAUSE: the paused clients' commands run now. */
    static void unpause(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ctx.engine().pause().unpause();
        out.ok();
    }

    /** CLIENT HELP */
    static void help(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.arrayHeader(HELP.length);
        for (String line : HELP) {
            out.simple(line);
        }
    }

    private static boolean onOff(byte[] arg) {
        if (Bytes.is(arg, "on")) {
            return true;
        }
        if (Bytes.is(arg, "off")) {
            return false;
        }
        throw Errors.SYNTAX;
    }

    // ---- CLIENT UNBLOCK --------------------------------------------------------------------------

    /**
     * CLIENT UNBLOCK client-id [TIMEOUT|ERROR]: releases a client waiting in a blocking command, as
     * if it timed out (its timeout reply) or with an -UNBLOCKED error. Replies 1, or 0 if no such
     * client is blocked. The reason is checked before the id, as Redis does.
     */
    static void unblock(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        if (argv.length > 4) {
            throw UNBLOCK_ARITY;
        }
        CommandError error = null;
        if (argv.length == 4) {
            if (Bytes.is(argv[3], "error")) {
                error = UNBLOCKED;
            } else if (!Bytes.is(argv[3], "timeout")) {
                throw UNBLOCK_REASON;
            }
        }
        long id = Bytes.parseLong(argv[2]);
        Connection target = ((Connection) ctx).server().clients().get(id);
        boolean released = target != null && ctx.engine().blockedClients().unblock(target, error);
        out.integer(released ? 1 : 0);
    }

    // ---- CLIENT LIST -----------------------------------------------------------------------------

    /** CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID id [id ...]]: one line per client, oldest first. */
    static void list(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Connection self = (Connection) ctx;
        StringBuilder text = new StringBuilder();
        if (argv.length == 2) {
            for (Connection c : self.server().clients().all()) {
                describe(text, c, self, argv);
            }
        } else if (argv.length == 4 && Bytes.is(argv[2], "type")) {
            ClientType type = ClientType.parse(argv[3]);
            for (Connection c : self.server().clients().all()) {
                if (type == ClientType.of(c)) {
                    describe(text, c, self, argv);
                }
            }
        } else if (argv.length >= 4 && Bytes.is(argv[2], "id")) {
            // all ids are checked before any is listed, in the order given
            long[] ids = new long[argv.length - 3];
            for (int i = 3; i < argv.length; i++) {
                ids[i - 3] = Bytes.parseLong(argv[i], INVALID_CLIENT_ID);
            }
            for (long id : ids) {
                Connection c = self.server().clients().get(id);
                if (c != null) {
                    describe(text, c, self, argv);
                }
            }
        } else {
            throw Errors.SYNTAX;
        }
        out.verbatim("txt", text.toString());
    }

    /**
     * One CLIENT LIST line in Redis 7.0's format, newline-terminated. Lodestone's buffers map onto
     * Redis's as: qbuf = input received but not yet parsed, rbs = the last reply buffer's size,
     * rbp = the largest so far, oll/omem = replies queued on the socket.
     */
    static void describe(StringBuilder sb, Connection c, Connection caller, byte[][] callerArgv) {
        long now = c.server().engine().clock().millis();
        long argvMem = 0;
        byte[][] argv = c == caller ? callerArgv : c.blockState().argv(); // the command being run, or waiting
        if (argv != null) {
            for (byte[] a : argv) {
                argvMem += a.length;
            }
        }
        long qbuf = c.queryBufferBytes();
        long qbufFree = c.queryBufferFree();
        long omem = c.pendingOutputBytes();
        long rbs = c.replyBufferSize();
        sb.append("id=").append(c.id())
                .append(" addr=").append(c.remoteAddress())
                .append(" laddr=").append(c.localAddress())
                .append(" fd=").append(c.fd())
                .append(" name=").append(c.name())
                .append(" age=").append(Math.max(0, (now - c.createdMillis()) / 1000))
                .append(" idle=").append(Math.max(0, (now - c.lastInteractionMillis()) / 1000))
                .append(" flags=").append(flags(c))
                .append(" db=").append(c.dbIndex())
                .append(" sub=").append(c.subscriptionCount() == 0 ? 0 : c.subscriptions().channelCount())
                .append(" psub=").append(c.subscriptionCount() == 0 ? 0 : c.subscriptions().patternCount())
                .append(" ssub=0")
                .append(" multi=").append(c.inMulti() ? c.transaction().queuedCount() : -1)
                .append(" qbuf=").append(qbuf)
                .append(" qbuf-free=").append(qbufFree)
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=0")
                .append(" rbs=").append(rbs)
                .append(" rbp=").append(c.replyBufferPeak())
                .append(" obl=0")
                .append(" oll=").append(c.pendingOutputBuffers())
                .append(" omem=").append(omem)
                .append(" tot-mem=").append(qbuf + qbufFree + argvMem + rbs + omem)
                .append(" events=").append(omem > 0 ? "rw" : "r")
                .append(" cmd=").append(c.lastCommandName())
                .append(" user=default redir=").append(ClientTrackingCommands.redirect(c))
                .append(" resp=").append(c.protocol())
                .append('\n');
    }

    /**
     * Redis's flag letters that apply, in its order: O (monitor), P (subscribed), x (in MULTI), b (blocked),
     * d (a watched key was touched), c (closing after this reply), e (no-evict); N if none.
     */
    private static String flags(Connection c) {
        StringBuilder f = new StringBuilder(2);
        if (c.isMonitor()) {
            f.append('O');
        }
        if (c.subscriptionCount() > 0) {
            f.append('P');
        }
        if (c.inMulti()) {
            f.append('x');
        }
        if (c.blockState().isBlocked()) {
            f.append('b');
        }
        ClientTrackingCommands.appendFlags(f, c);
        if (c.existingTransaction() != null && c.existingTransaction().watchedKeyTouched()) {
            f.append('d');
        }
        if (c.closeAfterReply()) {
            f.append('c');
        }
        if (c.noEvict()) {
            f.append('e');
        }
        return f.length() == 0 ? "N" : f.toString();
    }

    // ---- CLIENT KILL -----------------------------------------------------------------------------

    /**
     * CLIENT KILL ip:port, or CLIENT KILL [ID id] [TYPE type] [USER user] [ADDR ip:port]
     * [LADDR ip:port] [SKIPME yes|no]: the old form replies OK or "No such client", the new one
     * the number of clients killed. The caller itself is closed after the reply.
     */
    static void kill(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Connection self = (Connection) ctx;
        if (argv.length == 3) {
            String addr = Bytes.string(argv[2]);
            for (Connection c : self.server().clients().all()) {
                if (c.remoteAddress().equals(addr)) {
                    killOne(self, c);
                    out.ok();
                    return;
                }
            }
            throw NO_SUCH_CLIENT;
        }
        KillFilter filter = KillFilter.parse(argv);
        List<Connection> victims = new ArrayList<>();
        for (Connection c : self.server().clients().all()) {
            if (filter.matches(c, self)) {
                victims.add(c);
            }
        }
        for (Connection c : victims) {
            killOne(self, c);
        }
        out.integer(victims.size());
    }

    private static void killOne(Connection self, Connection victim) {
        if (victim == self) {
            self.setCloseAfterReply(); // as Redis: the reply goes out first
        } else {
            victim.kill();
        }
    }

    /** The filters of the new CLIENT KILL form, all checked before anything is killed. */
    private record KillFilter(long id, ClientType type, String user, String addr, String laddr, boolean skipMe) {
        static KillFilter parse(byte[][] argv) {
            long id = 0;
            ClientType type = null;
            String user = null;
            String addr = null;
            String laddr = null;
            boolean skipMe = true;
            for (int i = 2; i < argv.length; i += 2) {
                if (i + 1 == argv.length) {
                    throw Errors.SYNTAX; // an option without its value, found in order as Redis does
                }
                byte[] option = argv[i];
                byte[] value = argv[i + 1];
                if (Bytes.is(option, "id")) {
                    id = Bytes.isLong(value) ? Bytes.parseLong(value) : 0;
                    if (id <= 0) {
                        throw BAD_CLIENT_ID;
                    }
                } else if (Bytes.is(option, "type")) {
                    type = ClientType.parse(value);
                } else if (Bytes.is(option, "addr")) {
                    addr = Bytes.string(value);
                } else if (Bytes.is(option, "laddr")) {
                    laddr = Bytes.string(value);
                } else if (Bytes.is(option, "user")) {
                    user = Bytes.string(value);
                    if (!user.equals("default")) {
                        throw new CommandError("ERR No such user '" + user + "'");
                    }
                } else if (Bytes.is(option, "skipme")) {
                    if (Bytes.is(value, "yes")) {
                        skipMe = true;
                    } else if (Bytes.is(value, "no")) {
                        skipMe = false;
                    } else {
                        throw Errors.SYNTAX;
                    }
                } else {
                    throw Errors.SYNTAX;
                }
            }
            return new KillFilter(id, type, user, addr, laddr, skipMe);
        }

        boolean matches(Connection c, Connection self) {
            return (id == 0 || c.id() == id)
                    && (type == null || type == ClientType.of(c))
                    && (user == null || user.equals("default")) // and authenticated as "default"
                    && (addr == null || c.remoteAddress().equals(addr))
                    && (laddr == null || c.localAddress().equals(laddr))
                    && !(skipMe && c == self);
        }
    }

    /** Client types of the TYPE filters; {@code slave} is the old name of {@code replica}. */
    private enum ClientType {
        NORMAL, MASTER, REPLICA, PUBSUB;

        static ClientType parse(byte[] name) {
            if (Bytes.is(name, "normal")) {
                return NORMAL;
            } else if (Bytes.is(name, "master")) {
                return MASTER;
            } else if (Bytes.is(name, "replica") || Bytes.is(name, "slave")) {
                return REPLICA;
            } else if (Bytes.is(name, "pubsub")) {
                return PUBSUB;
            }
            throw new CommandError("ERR Unknown client type '" + Bytes.string(name) + "'");
        }

        /** A client with subscriptions is of type pubsub; there are no replicas or masters yet. */
        static ClientType of(Connection c) {
            return c.subscriptionCount() > 0 ? PUBSUB : NORMAL;
        }
    }
}
