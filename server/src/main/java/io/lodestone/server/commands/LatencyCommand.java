package io.lodestone.server.commands;

import static io.lodestone.engine.command.CommandFlag.ADMIN;
import static io.lodestone.engine.command.CommandFlag.LOADING;
import static io.lodestone.engine.command.CommandFlag.NOSCRIPT;
import static io.lodestone.engine.command.CommandFlag.STALE;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.command.CommandContext;
import io.lodestone.engine.command.CommandError;
import io.lodestone.engine.command.CommandSpec;
import io.lodestone.engine.command.CommandTable;
import io.lodestone.engine.monitor.LatencyMonitor;
import io.lodestone.engine.reply.ReplyWriter;
import io.lodestone.engine.util.Bytes;
import io.lodestone.engine.util.LatencyHistogram;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LATENCY LATEST / HISTORY / RESET / DOCTOR / HISTOGRAM / HELP. The engine's {@link LatencyMonitor}
 * samples the {@code command} and {@code fast-command} events once latency-monitor-threshold is set;
 * HISTOGRAM reads the per-command latency distributions that INFO latencystats uses. GRAPH is not
 * built: it answers as an unknown subcommand.
 */
public final class LatencyCommand {
    private static final String[] HELP = {
        "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
        "    If no commands are specified then all histograms are replied.",
        "HELP",
        "    Prints this help.",
    };

    private static final String DISABLED = "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this "
            + "Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable "
            + "it. If we weren't in a deep space mission I'd suggest to take a look at "
            + "https://redis.io/topics/latency-monitor.\n";
    private static final String NO_SPIKES = "Dave, no latency spike was observed during the lifetime of this Redis "
            + "instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, "
            + "and think things over.\n";

    private LatencyCommand() {}

    public static List<CommandSpec> specs() {
        return List.of(CommandSpec.builder("latency").arity(-2).acl("slow").group("server").since("2.8.13")
                .summary("A container for latency diagnostics commands").complexity("Depends on subcommand.")
                .subcommand(report("doctor", 2).summary("Return a human readable latency analysis report.")
                        .complexity("O(1)").handler(LatencyCommand::doctor))
                .subcommand(report("histogram", -2).since("7.0.0")
                        .summary("Return the cumulative distribution of latencies of a subset of commands or all.")
                        .complexity("O(N) where N is the number of commands with latency information being retrieved.")
                        .handler(LatencyCommand::histogram))
                .subcommand(report("history", 3).summary("Return timestamp-latency samples for the event.")
                        .complexity("O(1)").handler(LatencyCommand::history))
                .subcommand(report("latest", 2).summary("Return the latest latency samples for all events.")
                        .complexity("O(1)").handler(LatencyCommand::latest))
                .subcommand(CommandSpec.builder("reset").arity(-2).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                        .acl("admin", "slow", "dangerous").tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .since("2.8.13").summary("Reset latency data for one or more events.").complexity("O(1)")
                        .handler(LatencyCommand::reset))
                .subcommand(CommandSpec.builder("help").arity(2).flags(LOADING, STALE).acl("slow").since("2.8.13")
                        .summary("Show helpful text about the different subcommands.").complexity("O(1)")
                        .handler(LatencyCommand::help))
                .build());
    }

    /** A reporting subcommand: admin, answered by every node of a cluster in its own way. */
    private static CommandSpec.Builder report(String name, int arity) {
        return CommandSpec.builder(name).arity(arity).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                .acl("admin", "slow", "dangerous")
                .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special").since("2.8.13");
    }

    /** LATENCY LATEST: [event, unix time of the latest spike, its milliseconds, the worst ever] per event. */
    static void latest(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        var events = ctx.engine().latencyMonitor().events();
        out.arrayHeader(events.size());
        for (LatencyMonitor.Series s : events) {
            out.arrayHeader(4);
            out.bulk(s.event());
            out.integer(s.latest().unixSeconds());
            out.integer(s.latest().millis());
            out.integer(s.max());
        }
    }

    /** LATENCY HISTORY event: [unix time, milliseconds] per sample, oldest first; empty for an unknown event. */
    static void history(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        LatencyMonitor.Series s = ctx.engine().latencyMonitor().get(Bytes.string(argv[2]));
        if (s == null) {
            out.arrayHeader(0);
            return;
        }
        out.arrayHeader(s.samples().size());
        for (LatencyMonitor.Sample sample : s.samples()) {
            out.arrayHeader(2);
            out.integer(sample.unixSeconds());
            out.integer(sample.millis());
        }
    }

    /** LATENCY RESET [event ...]: the number of events whose samples were dropped. */
    static void reset(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        LatencyMonitor monitor = ctx.engine().latencyMonitor();
        if (argv.length == 2) {
            out.integer(monitor.reset());
            return;
        }
        List<String> names = new ArrayList<>(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            names.add(Bytes.string(argv[i]));
        }
        out.integer(monitor.reset(names));
    }

    /**
     * LATENCY HISTOGRAM [command ...]: for each command that ran (all of them without arguments; a
     * container's subcommands for a container), its calls and the cumulative count of calls at or
     * below each power of two of microseconds. Redis's buckets come from its HDR histogram, so
     * their bounds may differ slightly from the exact powers of two given here.
     */
    static void histogram(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        CommandTable table = ctx.engine().commands();
        Map<String, CommandSpec> chosen = new LinkedHashMap<>();
        if (argv.length == 2) {
            for (CommandSpec spec : table.all()) {
                addWithSubcommands(chosen, spec);
            }
        } else {
            for (int i = 2; i < argv.length; i++) {
                CommandSpec spec = lookup(table, Bytes.string(argv[i]));
                if (spec != null) {
                    addWithSubcommands(chosen, spec);
                }
            }
        }
        List<CommandSpec> ran = new ArrayList<>();
        for (CommandSpec spec : chosen.values()) {
            if (spec.stats().latency() != null && spec.stats().latency().count() > 0) {
                ran.add(spec);
            }
        }
        out.mapHeader(ran.size());
        for (CommandSpec spec : ran) {
            LatencyHistogram h = spec.stats().latency();
            out.bulk(spec.fullName());
            out.mapHeader(2);
            out.bulk("calls");
            out.integer(h.count());
            out.bulk("histogram_usec");
            List<long[]> buckets = new ArrayList<>();
            long previous = 0;
            for (long micros = 1; previous < h.count() && micros > 0; micros <<= 1) {
                long atOrBelow = h.countAtOrBelow(micros * 1000);
                if (atOrBelow > previous) {
                    buckets.add(new long[] {micros, atOrBelow});
                    previous = atOrBelow;
                }
            }
            out.mapHeader(buckets.size());
            for (long[] b : buckets) {
                out.integer(b[0]);
                out.integer(b[1]);
            }
        }
    }

    private static void addWithSubcommands(Map<String, CommandSpec> chosen, CommandSpec spec) {
        if (spec.hasSubcommands()) {
            for (CommandSpec sub : spec.subcommands().values()) {
                chosen.putIfAbsent(sub.fullName(), sub);
            }
        } else {
            chosen.putIfAbsent(spec.fullName(), spec);
        }
    }

    /** A command by name, {@code container|sub} for a subcommand (any case), or null. */
    private static CommandSpec lookup(CommandTable table, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        CommandSpec spec = table.lookup((bar < 0 ? lower : lower.substring(0, bar)).getBytes(StandardCharsets.UTF_8));
        if (spec == null || bar < 0) {
            return spec;
        }
        return spec.subcommand(lower.substring(bar + 1).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * LATENCY DOCTOR: a report in Redis's words. Per event: the number of spikes, their average and
     * mean deviation, the average period between them and the worst ever; then the advice that
     * applies to command latency (the slow log's threshold, large objects).
     */
    static void doctor(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        EngineConfig config = ctx.engine().config();
        var events = ctx.engine().latencyMonitor().events();
        if (events.isEmpty()) {
            out.verbatim("txt", config.latencyMonitorThreshold() == 0 ? DISABLED : NO_SPIKES);
            return;
        }
        long nowSeconds = ctx.engine().clock().millis() / 1000;
        StringBuilder report = new StringBuilder("Dave, I have observed latency spikes in this Redis instance. "
                + "You don't mind talking about it, do you Dave?\n\n");
        int n = 0;
        for (LatencyMonitor.Series s : events) {
            List<LatencyMonitor.Sample> samples = s.samples();
            long sum = 0;
            for (LatencyMonitor.Sample x : samples) {
                sum += x.millis();
            }
            long average = sum / samples.size();
            long deviation = 0;
            for (LatencyMonitor.Sample x : samples) {
                deviation += Math.abs(x.millis() - average);
            }
            deviation /= samples.size();
            // seconds since the first spike, per spike (Redis counts a spike of this very second as one)
            long span = Math.max(1, nowSeconds - samples.get(0).unixSeconds());
            double period = (double) span / samples.size();
            report.append(++n).append(". ").append(s.event()).append(": ").append(samples.size())
                    .append(" latency spikes (average ").append(average).append("ms, mean deviation ").append(deviation)
                    .append("ms, period ").append(String.format(Locale.ROOT, "%.2f", period))
                    .append(" sec). Worst all time event ").append(s.max()).append("ms.\n");
        }
        report.append("\nI have a few advices for you:\n\n");
        long threshold = config.latencyMonitorThreshold();
        if (config.slowlogLogSlowerThan() / 1000 > threshold) {
            report.append("- Your current Slow Log configuration only logs events that are slower than your configured "
                    + "latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ")
                    .append(threshold * 1000).append("'.\n");
        }
        report.append("- Check your Slow Log to understand what are the commands you are running which are too slow "
                + "to execute. Please check https://redis.io/commands/slowlog for more information.\n");
        report.append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking "
                + "operation. If you have very large objects that are often deleted, expired, or evicted, try to "
                + "fragment those objects into multiple smaller objects.\n");
        out.verbatim("txt", report.toString());
    }

    /** LATENCY HELP */
    static void help(CommandContext ctx, byte[][] argv, ReplyWriter out) {
        out.arrayHeader(HELP.length);
        for (String line : HELP) {
            out.simple(line);
        }
    }
}
