package io.lodestone.server.commands;

import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.Errors;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.tracking.ClientTracking;
import io.lodestone.engine.util.Bytes;
import io.lodestone.server.client.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO (server-assisted client-side caching; the
 * table and the invalidations are the engine's {@link io.lodestone.engine.tracking.Tracking}).
 * Option checks and their order are Redis 7.0's.
 */
final class ClientTrackingCommands {
    private static final CommandError SINGLE_REDIRECT =
            new CommandError("ERR A client can only redirect to a single other client");
    private static final CommandError NO_REDIRECT_TARGET =
            new CommandError("ERR The client ID you want redirect to does not exist");
    private static final CommandError PREFIX_WITHOUT_BCAST =
            new CommandError("ERR PREFIX option requires BCAST mode to be enabled");
    private static final CommandError SWITCH_BCAST = new CommandError("ERR You can't switch BCAST mode on/off before "
            + "disabling tracking for this client, and then re-enabling it with a different mode.");
    private static final CommandError OPT_WITH_BCAST =
            new CommandError("ERR OPTIN and OPTOUT are not compatible with BCAST");
    private static final CommandError OPTIN_AND_OPTOUT =
            new CommandError("ERR You can't specify both OPTIN mode and OPTOUT mode");
    private static final CommandError SWITCH_OPT = new CommandError("ERR You can't switch OPTIN/OPTOUT mode before "
            + "disabling tracking for this client, and then re-enabling it with a different mode.");
    private static final CommandError CACHING_NOT_TRACKING = new CommandError("ERR CLIENT CACHING can be called only "
            + "when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
    private static final CommandError CACHING_YES_WITHOUT_OPTIN =
            new CommandError("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
    private static final CommandError CACHING_NO_WITHOUT_OPTOUT =
            new CommandError("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");

    private ClientTrackingCommands() {}

    /** CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX prefix [PREFIX prefix ...]] [OPTIN] [OPTOUT] [NOLOOP] */
    static void tracking(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        Connection self = (Connection) ctx;
        long redirect = 0;
        boolean bcast = false;
        boolean optin = false;
        boolean optout = false;
        boolean noloop = false;
        List<byte[]> prefixes = new ArrayList<>();
        for (int i = 3; i < argv.length; i++) {
            boolean more = i + 1 < argv.length;
            byte[] option = argv[i];
            if (Bytes.is(option, "redirect") && more) {
                i++;
                if (redirect != 0) {
                    throw SINGLE_REDIRECT;
                }
                redirect = Bytes.parseLong(argv[i]);
                // the target must exist now, even if it may go later
                if (self.server().clients().get(redirect) == null) {
                    throw NO_REDIRECT_TARGET;
                }
            } else if (Bytes.is(option, "bcast")) {
                bcast = true;
            } else if (Bytes.is(option, "optin")) {
                optin = true;
            } else if (Bytes.is(option, "optout")) {
                optout = true;
            } else if (Bytes.is(option, "noloop")) {
                noloop = true;
            } else if (Bytes.is(option, "prefix") && more) {
                prefixes.add(argv[++i]);
            } else {
                throw Errors.SYNTAX;
            }
        }
        var tracking = self.engine().tracking();
        if (Bytes.is(argv[2], "off")) {
            tracking.disable(self);
            out.ok();
            return;
        }
        if (!Bytes.is(argv[2], "on")) {
            throw Errors.SYNTAX;
        }
        if (!bcast && !prefixes.isEmpty()) {
            throw PREFIX_WITHOUT_BCAST;
        }
        ClientTracking current = self.existingTracking();
        boolean on = current != null && current.on();
        if (on && current.bcast() != bcast) {
            throw SWITCH_BCAST;
        }
        if (bcast && (optin || optout)) {
            throw OPT_WITH_BCAST;
        }
        if (optin && optout) {
            throw OPTIN_AND_OPTOUT;
        }
        if (on && ((optin && current.optout()) || (optout && current.optin()))) {
            throw SWITCH_OPT;
        }
        if (bcast) {
            checkPrefixCollisions(on ? current.prefixes() : List.of(), prefixes);
        }
        tracking.enable(self, redirect, bcast, optin, optout, noloop, prefixes);
        out.ok();
    }

    /** A client's prefixes may not overlap: none may start another, already registered or given. */
    private static void checkPrefixCollisions(List<byte[]> existing, List<byte[]> given) {
        for (int i = 0; i < given.size(); i++) {
            byte[] p = given.get(i);
            for (byte[] e : existing) {
                if (overlap(e, p)) {
                    throw new CommandError("ERR Prefix '" + Bytes.string(p) + "' overlaps with an existing prefix '"
                            + Bytes.string(e) + "'. Prefixes for a single client must not overlap.");
                }
            }
            for (int j = i + 1; j < given.size(); j++) {
                if (overlap(p, given.get(j))) {
                    throw new CommandError("ERR Prefix '" + Bytes.string(p) + "' overlaps with another provided prefix '"
                            + Bytes.string(given.get(j)) + "'. Prefixes for a single client must not overlap.");
                }
            }
        }
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, n, b, 0, n);
    }

    /** CLIENT CACHING YES|NO: whether the next command's keys are tracked (OPTIN / OPTOUT modes). */
    static void caching(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ClientTracking t = ctx.existingTracking();
        if (t == null || !t.on()) {
            throw CACHING_NOT_TRACKING;
        }
        if (Bytes.is(argv[2], "yes")) {
            if (!t.optin()) {
                throw CACHING_YES_WITHOUT_OPTIN;
            }
        } else if (Bytes.is(argv[2], "no")) {
            if (!t.optout()) {
                throw CACHING_NO_WITHOUT_OPTOUT;
            }
        } else {
            throw Errors.SYNTAX;
        }
        t.giveCaching();
        out.ok();
    }

    /** CLIENT GETREDIR: the redirect target's id, 0 for none, -1 when tracking is off. */
    static void getredir(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.integer(redirect(ctx));
    }

    /** The redir= of CLIENT LIST and GETREDIR's reply. */
    static long redirect(CommandContext ctx) {
        ClientTracking t = ctx.existingTracking();
        return t != null && t.on() ? t.redirect() : -1;
    }

    /** CLIENT TRACKINGINFO: flags (a set), redirect, prefixes. */
    static void trackinginfo(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        ClientTracking t = ctx.existingTracking();
        boolean on = t != null && t.on();
        List<String> flags = new ArrayList<>();
        flags.add(on ? "on" : "off");
        if (on) {
            if (t.bcast()) {
                flags.add("bcast");
            }
            if (t.optin()) {
                flags.add("optin");
                if (t.cachingGiven()) {
                    flags.add("caching-yes");
                }
            }
            if (t.optout()) {
                flags.add("optout");
                if (t.cachingGiven()) {
                    flags.add("caching-no");
                }
            }
            if (t.noloop()) {
                flags.add("noloop");
            }
            if (t.brokenRedirect()) {
                flags.add("broken_redirect");
            }
        }
        out.mapHeader(3);
        out.bulk("flags");
        out.setHeader(flags.size());
        for (String f : flags) {
            out.bulk(f);
        }
        out.bulk("redirect");
        out.integer(redirect(ctx));
        out.bulk("prefixes");
        List<byte[]> prefixes = on ? new ArrayList<>(t.prefixes()) : new ArrayList<>();
        prefixes.sort(Arrays::compareUnsigned); // Redis lists them from its radix tree, in byte order
        out.arrayHeader(prefixes.size());
        for (byte[] p : prefixes) {
            out.bulk(p);
        }
    }

    /** CLIENT LIST's flag letters for tracking: t (on), R (redirect target gone), B (BCAST). */
    static void appendFlags(StringBuilder f, CommandContext c) {
        ClientTracking t = c.existingTracking();
        if (t != null && t.on()) {
            f.append('t');
            if (t.brokenRedirect()) {
                f.append('R');
            }
            if (t.bcast()) {
                f.append('B');
            }
        }
    }
}
