package io.lodestone.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the server configuration from the command line, as redis-server takes it:
 * {@code lodestone-server [configfile|-] [--directive arg ...]}. The file is read first (with its
 * includes), then standard input when "-" is given, then the {@code --directive} overrides, as
 * if they were lines appended after the file. The first problem stops the load with a
 * {@link ConfigException} of the form {@code <file>:<line>: <directive>: <reason>} followed by the
 * offending line.
 */
public final class ConfigLoader {
    /** The source name that errors in {@code --directive} overrides carry. */
    public static final String COMMAND_LINE = "<command line>";
    /** The source name of a configuration read from standard input ("-"). */
    public static final String STDIN = "<stdin>";

    private Path workingDir = Path.of("").toAbsolutePath();
    private final Map<Directive<?>, Object> staged = new HashMap<>();
    private final Deque<Path> openFiles = new ArrayDeque<>();

    private ConfigLoader() {}

    /** What the command line asks for: a config file, standard input, and override lines. */
    public record CommandLine(String configFile, boolean readsStdin, List<String> overrides) {
        /**
         * Splits the arguments as redis-server does. A first argument not starting with '-' is
         * the config file; "-" as the first or last argument reads standard input; each
         * {@code --name} starts an override line and the arguments after it are its values
         * (quoted, so spaces survive). {@code "--port 6380"} in one argument also works.
         */
        public static CommandLine parse(String[] args) {
            String configFile = null;
            boolean stdin = false;
            List<String> lines = new ArrayList<>();
            StringBuilder line = null;
            boolean lastHasValue = true;
            int j = 0;
            if (args.length > 0 && !args[0].startsWith("-")) {
                configFile = args[0];
                j = 1;
            }
            for (; j < args.length; j++) {
                String arg = args[j];
                boolean last = j == args.length - 1;
                if (arg.equals("-") && (j == 0 || last)) {
                    stdin = true;
                } else if (lastHasValue && arg.startsWith("--")) {
                    if (line != null) {
                        lines.add(line.toString());
                    }
                    line = new StringBuilder(arg.substring(2)).append(' ');
                    List<String> words = ConfigArgs.split(arg);
                    // "--name" alone: the next argument is its value even if it starts with "--"
                    lastHasValue = words == null || words.size() != 1;
                    if (!lastHasValue && arg.equalsIgnoreCase("--save") && (last || args[j + 1].startsWith("--"))) {
                        line.append("\"\""); // "--save" without a value means save "", as in Redis
                        lastHasValue = true;
                    }
                } else {
                    if (line == null) {
                        line = new StringBuilder();
                    }
                    line.append(ConfigArgs.quote(arg)).append(' ');
                    lastHasValue = true;
                }
            }
            if (line != null) {
                lines.add(line.toString());
            }
            return new CommandLine(configFile, stdin, List.copyOf(lines));
        }
    }

    /** Loads the configuration the arguments describe, reading {@code System.in} if they say "-". */
    public static ServerConfig load(String[] args) throws ConfigException {
        CommandLine commandLine = CommandLine.parse(args);
        return load(commandLine, commandLine.readsStdin() ? readAll(System.in) : null);
    }

    /** @param stdin what standard input held when the command line reads it, else null */
    public static ServerConfig load(CommandLine commandLine, byte[] stdin) throws ConfigException {
        ConfigLoader loader = new ConfigLoader();
        String configFile = null;
        if (commandLine.configFile() != null) {
            Path file = loader.workingDir.resolve(commandLine.configFile()).normalize();
            configFile = file.toString();
            String text;
            try {
                text = read(file);
            } catch (IOException e) {
                throw new ConfigException("Fatal error, can't open config file '" + commandLine.configFile()
                        + "': " + reason(e));
            }
            loader.openFiles.push(realPath(file));
            loader.parseText(commandLine.configFile(), text);
            loader.openFiles.pop();
        }
        if (stdin != null) {
            loader.parseText(STDIN, new String(stdin, StandardCharsets.UTF_8));
        }
        List<String> overrides = commandLine.overrides();
        for (int i = 0; i < overrides.size(); i++) {
            loader.parseLine(COMMAND_LINE, i + 1, overrides.get(i));
        }
        ServerConfig config = loader.build();
        config.setConfigFile(configFile);
        return config;
    }

    /** The settings in table order, so that {@code databases} is known before the engine tunables. */
    private ServerConfig build() {
        ServerConfig config = new ServerConfig();
        for (Directive<?> d : Directives.ALL) {
            if (staged.containsKey(d)) {
                d.apply(config, staged.get(d));
            }
        }
        if (config.daemonize() && config.pidfile().isEmpty()) {
            config.setPidfile(Directives.DEFAULT_PIDFILE); // as Redis does when daemonized without one
        }
        return config;
    }

    // ---- lines --------------------------------------------------------------------------------

    private void parseText(String source, String text) throws ConfigException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            parseLine(source, i + 1, lines[i]);
        }
    }

    private void parseLine(String source, int lineNumber, String rawLine) throws ConfigException {
        String line = trim(rawLine);
        if (line.isEmpty() || line.charAt(0) == '#') {
            return;
        }
        List<String> args = ConfigArgs.split(line);
        if (args == null) {
            throw error(source, lineNumber, firstWord(line), "Unbalanced quotes in configuration line", line);
        }
        if (args.isEmpty()) {
            return;
        }
        String name = args.get(0).toLowerCase(Locale.ROOT);
        List<String> values = args.subList(1, args.size());
        if (name.equals("include")) {
            if (values.size() != 1) {
                throw error(source, lineNumber, name, "wrong number of arguments", line);
            }
            include(source, lineNumber, line, values.get(0));
            return;
        }
        Directive<?> directive = Directives.lookup(name);
        if (directive == null) {
            String reason = Directives.isNotSupportedYet(name) ? "not supported yet" : "unknown directive";
            throw error(source, lineNumber, name, reason, line);
        }
        if (!directive.acceptsArgCount(values.size())) {
            throw error(source, lineNumber, name, "wrong number of arguments", line);
        }
        Object value;
        try {
            value = directive.parse(values, workingDir);
        } catch (BadValueException e) {
            throw error(source, lineNumber, name, e.getMessage(), line);
        }
        staged.merge(directive, value, directive::combine);
        if (directive.name().equals("dir")) {
            workingDir = Path.of((String) value); // Redis chdirs here: later relative paths follow
        }
    }

    // ---- include ------------------------------------------------------------------------------

    /**
     * {@code include path}: relative to the working directory (which {@code dir} changes); a
     * pattern with * ? or [ in its file name includes every match in name order, possibly none.
     */
    private void include(String source, int lineNumber, String line, String target) throws ConfigException {
        Path path = workingDir.resolve(target).normalize();
        String fileName = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!NameGlob.hasWildcards(fileName)) {
            includeFile(source, lineNumber, line, target, path);
            return;
        }
        List<Path> matches = new ArrayList<>();
        Path parent = path.getParent();
        if (parent != null && Files.isDirectory(parent)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(parent)) {
                for (Path p : dir) {
                    if (NameGlob.matches(fileName, p.getFileName().toString(), false) && Files.isRegularFile(p)) {
                        matches.add(p);
                    }
                }
            } catch (IOException e) {
                throw error(source, lineNumber, "include", "can't open config file '" + target + "': " + reason(e), line);
            }
        }
        matches.sort(null);
        for (Path p : matches) {
            includeFile(source, lineNumber, line, p.toString(), p);
        }
    }

    private void includeFile(String source, int lineNumber, String line, String shownName, Path path)
            throws ConfigException {
        String text;
        Path real;
        try {
            text = read(path);
            real = path.toRealPath();
        } catch (IOException e) {
            throw error(source, lineNumber, "include", "can't open config file '" + shownName + "': " + reason(e), line);
        }
        if (openFiles.contains(real)) {
            throw error(source, lineNumber, "include", "include loop: '" + shownName + "' is already being read", line);
        }
        openFiles.push(real);
        parseText(shownName, text);
        openFiles.pop();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static ConfigException error(String source, int line, String directive, String reason, String text) {
        return new ConfigException(source + ":" + line + ": " + directive + ": " + reason + "\n>>> '" + text + "'");
    }

    /** Redis trims " \t\r\n" around each line before looking at it. */
    private static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isTrimmed(s.charAt(start))) {
            start++;
        }
        while (end > start && isTrimmed(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isTrimmed(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String firstWord(String line) {
        int end = 0;
        while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
            end++;
        }
        return line.substring(0, end).toLowerCase(Locale.ROOT);
    }

    private static String read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("Is a directory");
        }
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file;
        }
    }

    private static byte[] readAll(InputStream in) throws ConfigException {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ConfigException("Fatal error, can't read the config from standard input: " + e.getMessage());
        }
    }

    /** The C library's words for the usual failures, as Redis prints strerror. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage();
    }
}
