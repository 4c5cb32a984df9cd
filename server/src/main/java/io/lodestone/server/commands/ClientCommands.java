package io.lodestone.server.commands;

import static io.lodestone.engine.command.CommandFlag.ADMIN;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.Errors;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import io.lodestone.server.client.ClientPause;
import io.lodestone.server.client.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT and its subcommands (Redis's "connection" group): ID, SETNAME, GETNAME, LIST, INFO, KILL,
 * PAUSE, UNPAUSE, NO-EVICT, REPLY, HELP. Every client is of type "normal" and user "default" until replication,
 * pub/sub and ACLs exist. Commands that read other clients run under the engine lock, like all
 * commands, so what they see of them is consistent.
 */
public final class ClientCommands {
    private static final CommandError NO_SUCH_CLIENT = new CommandError("ERR No such client");
    private static final CommandError BAD_CLIENT_ID = new CommandError("ERR client-id should be greater than 0");
    private static final CommandError INVALID_CLIENT_ID = new CommandError("ERR Invalid client ID");
    private static final CommandError TIMEOUT_NOT_INTEGER = new CommandError("ERR timeout is not an integer or out of range");
    private static final CommandError TIMEOUT_NEGATIVE = new CommandError("ERR timeout is negative");
    private static final CommandError BAD_PAUSE_MODE = new CommandError("ERR CLIENT PAUSE mode must be WRITE or ALL");

    private static final String[] HELP = {
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
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
                .subcommand(adminSub("no-evict", 3).since("7.0.0")
                        .summary("Set client eviction mode for the current connection").complexity("O(1)")
                        .handler(ClientCommands::noEvict))
                .subcommand(adminSub("pause", -3).since("2.9.50")
                        .summary("Stop processing commands from clients for some time")
                        .complexity("O(1)").handler(ClientCommands::pause))
                .subcommand(adminSub("unpause", 2).since("6.2.0")
                        .summary("Resume processing of clients that were paused")
                        .complexity("O(N) Where N is the number of paused clients").handler(ClientCommands::unpause))
                .subcommand(sub("reply", 3).since("3.2.0")
                        .summary("Instruct the server whether to reply to commands").complexity("O(1)")
                        .handler(ClientCommands::reply))
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

    /** CLIENT HELP */
    static void help(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.arrayHeader(HELP.length);
        for (String line : HELP) {
            out.simple(line);
        }
    }

    // ---- CLIENT PAUSE / UNPAUSE -------------------------------------------------------------------

    /**
     * CLIENT PAUSE timeout [WRITE|ALL]: holds back every client's commands (or those that may
     * write) for timeout milliseconds. A pause in effect takes the new mode and the later deadline.
     */
    static void pause(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Connection self = (Connection) ctx;
        if (argv.length > 4) {
            throw new CommandError("ERR unknown subcommand or wrong number of arguments for '"
                    + Bytes.string(argv[1]) + "'. Try CLIENT HELP.");
        }
        // Redis's order: the mode, then the timeout
        ClientPause.Mode mode = ClientPause.Mode.ALL;
        if (argv.length == 4) {
            if (Bytes.is(argv[3], "write")) {
                mode = ClientPause.Mode.WRITE;
            } else if (!Bytes.is(argv[3], "all")) {
                throw BAD_PAUSE_MODE;
            }
        }
        long timeout = Bytes.parseLong(argv[2], TIMEOUT_NOT_INTEGER);
        if (timeout < 0) {
            throw TIMEOUT_NEGATIVE;
        }
        // wraps past Long.MAX_VALUE into the past as in Redis 7.0, where such a pause ends at once
        long deadline = ctx.now() + timeout;
        self.server().clientPause().pause(mode, deadline);
        self.server().schedulePauseEnd(self.server().clientPause().deadlineMillis());
        out.ok();
    }

    /** CLIENT UNPAUSE: ends the pause; the held clients run what they sent, in the order they were held. */
    static void unpause(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ((Connection) ctx).server().clientPause().unpause();
        out.ok();
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
                if (type == ClientType.NORMAL) {
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
     * rbp = the largest so far, oll/omem = replies queued on the socket. Nothing is ever in MULTI
     * or subscribed yet.
     */
    static void describe(StringBuilder sb, Connection c, Connection caller, byte[][] callerArgv) {
        long now = c.server().engine().clock().millis();
        long argvMem = 0;
        if (c == caller) {
            for (byte[] a : callerArgv) {
                argvMem += a.length; // the command being run, as Redis counts it
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
                .append(" sub=0 psub=0 ssub=0 multi=-1")
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
                .append(" user=default redir=-1")
                .append(" resp=").append(c.protocol())
                .append('\n');
    }

    /** Redis's flag letters that apply: c (closing after this reply), e (no-evict); N if none. */
    private static String flags(Connection c) {
        StringBuilder f = new StringBuilder(2);
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
                    && (type == null || type == ClientType.NORMAL) // every client is normal for now
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
    }
}
