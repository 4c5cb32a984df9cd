package io.lodestone.server;

import io.lodestone.server.config.ServerConfig;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code daemonize yes}. A JVM cannot fork, so the process starts a copy of itself (same java,
 * same JVM options and class path, same arguments) marked by {@link #CHILD_ENV}, detached from the
 * terminal, and exits; the copy is the server. Standard input is empty for the child (it gets
 * the config text the parent read, if "-" was given); its output goes to the log file, or nowhere.
 */
final class Daemon {
    /** Set in the child's environment: it is the daemon and must not launch another. */
    static final String CHILD_ENV = "LODESTONE_DAEMONIZED";

    private Daemon() {}

    static boolean isChild() {
        return System.getenv(CHILD_ENV) != null;
    }

    /** Starts the detached copy of this process; returns once it runs. */
    static Process launch(String[] args, byte[] stdinConfig, ServerConfig config) throws IOException {
        List<String> command = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString()); // a session of its own: no controlling terminal, no SIGHUP
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));

        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put(CHILD_ENV, "1");
        if (config.logfile().isEmpty()) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            File log = config.resolve(config.logfile()).toFile();
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
            pb.redirectError(ProcessBuilder.Redirect.appendTo(log));
        }
        if (stdinConfig == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process child = pb.start();
        if (stdinConfig != null) {
            try (OutputStream in = child.getOutputStream()) {
                in.write(stdinConfig);
            }
        }
        return child;
    }
}
