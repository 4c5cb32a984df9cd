package io.lodestone.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a directive's arguments become a value and how the value is written back: CONFIG GET's
 * text and CONFIG REWRITE's file syntax. The reasons of {@link BadValueException} are Redis 7.0's.
 *
 * @param <T> the parsed value: Long, Boolean, String or List of String
 */
public abstract class ValueType<T> {
    /** Arguments the directive takes after its name (most take exactly one). */
    public int minArgs() {
        return 1;
    }

    public int maxArgs() {
        return 1;
    }

    /** @param workingDir the directory relative paths resolve against (Redis's cwd after {@code dir}) */
    public abstract T parse(List<String> args, Path workingDir) throws BadValueException;

    /** The value as CONFIG GET prints it. */
    public abstract String format(T value);

    /**
     * The value of a directive given on several config lines: most take the last one, while
     * {@code client-output-buffer-limit} (one line per client class) adds each line to the others.
     */
    public T merge(T earlier, T later) {
        return later;
    }

    /** The value's arguments as CONFIG REWRITE writes them into the file. */
    public String rewrite(T value) {
        return format(value);
    }

    // ---- the types ----------------------------------------------------------------------------

    /** A plain decimal integer in {@code [min, max]}, strict as Redis's string2ll (no sign, no leading zero). */
    public static ValueType<Long> integer(long min, long max) {
        return new Numeric(min, max, false);
    }

    /** A byte count with an optional unit (b, k=1000, kb=1024, m, mb, g, gb; any case), in {@code [min, max]}. */
    public static ValueType<Long> memory(long min, long max) {
        return new Numeric(min, max, true);
    }

    public static final ValueType<Boolean> YES_NO = new ValueType<>() {
        @Override
        public Boolean parse(List<String> args, Path workingDir) throws BadValueException {
            String v = args.get(0);
            if (v.equalsIgnoreCase("yes")) {
                return true;
            }
            if (v.equalsIgnoreCase("no")) {
                return false;
            }
            throw new BadValueException("argument must be 'yes' or 'no'");
        }

        @Override
        public String format(Boolean value) {
            return value ? "yes" : "no";
        }
    };

    /** One of a fixed set of words, case-insensitive; stored in lower case. */
    public static ValueType<String> choice(String... values) {
        List<String> allowed = List.of(values);
        String reason = "argument(s) must be one of the following: " + String.join(", ", allowed);
        return new ValueType<>() {
            @Override
            public String parse(List<String> args, Path workingDir) throws BadValueException {
                String v = args.get(0).toLowerCase(Locale.ROOT);
                if (!allowed.contains(v)) {
                    throw new BadValueException(reason);
                }
                return v;
            }

            @Override
            public String format(String value) {
                return value;
            }
        };
    }

    /** Any string (may be empty); written back in double quotes. */
    public static final ValueType<String> TEXT = new ValueType<>() {
        @Override
        public String parse(List<String> args, Path workingDir) {
            return args.get(0);
        }

        @Override
        public String format(String value) {
            return value;
        }

        @Override
        public String rewrite(String value) {
            return ConfigArgs.quote(value);
        }
    };

    /**
     * notify-keyspace-events: a string of class characters, kept as the engine's class bits;
     * CONFIG GET shows them normalized as Redis does ("KEA" reads back "AKE").
     */
    public static final ValueType<Integer> KEYSPACE_EVENTS = new ValueType<>() {
        @Override
        public Integer parse(List<String> args, Path workingDir) throws BadValueException {
            int flags = io.lodestone.engine.pubsub.Notifier.parseFlags(args.get(0));
            if (flags < 0) {
                throw new BadValueException(io.lodestone.engine.pubsub.Notifier.INVALID_FLAGS);
            }
            return flags;
        }

        @Override
        public String format(Integer value) {
            return io.lodestone.engine.pubsub.Notifier.formatFlags(value);
        }

        @Override
        public String rewrite(Integer value) {
            return ConfigArgs.quote(format(value));
        }
    };

    /**
     * client-output-buffer-limit: groups of {@code <class> <hard> <soft> <seconds>}, as several
     * arguments (a config line) or one argument of words (CONFIG SET). A value holds only the
     * classes it names; the setting merges it into the current limits.
     */
    public static final ValueType<OutputBufferLimits> OUTPUT_BUFFER_LIMITS = new ValueType<>() {
        @Override
        public int minArgs() {
            return 0;
        }

        @Override
        public int maxArgs() {
            return Integer.MAX_VALUE;
        }

        @Override
        public OutputBufferLimits parse(List<String> args, Path workingDir) throws BadValueException {
            List<String> words = args;
            if (args.size() == 1) {
                words = new ArrayList<>();
                for (String w : args.get(0).split(" ")) {
                    if (!w.isEmpty()) {
                        words.add(w);
                    }
                }
            }
            return OutputBufferLimits.parse(words);
        }

        @Override
        public String format(OutputBufferLimits value) {
            return value.format();
        }

        @Override
        public OutputBufferLimits merge(OutputBufferLimits earlier, OutputBufferLimits later) {
            return earlier.with(later);
        }
    };

    /**
     * An existing directory, stored as its absolute real path: {@code dir} changes the working
     * directory (Redis chdirs), so later relative paths resolve against it.
     */
    public static final ValueType<String> DIRECTORY = new ValueType<>() {
        @Override
        public String parse(List<String> args, Path workingDir) throws BadValueException {
            Path p;
            try {
                p = workingDir.resolve(args.get(0));
            } catch (java.nio.file.InvalidPathException e) {
                throw new BadValueException("No such file or directory");
            }
            if (!Files.exists(p)) {
                throw new BadValueException("No such file or directory");
            }
            if (!Files.isDirectory(p)) {
                throw new BadValueException("Not a directory");
            }
            if (!Files.isExecutable(p)) {
                throw new BadValueException("Permission denied");
            }
            try {
                return p.toRealPath().toString();
            } catch (java.io.IOException e) {
                throw new BadValueException("No such file or directory");
            }
        }

        @Override
        public String format(String value) {
            return value;
        }

        @Override
        public String rewrite(String value) {
            return ConfigArgs.quote(value);
        }
    };

    /** The words of the arguments, each split on spaces (CONFIG SET passes "a b" as one argument). */
    private static List<String> splitWords(List<String> args) {
        List<String> words = new ArrayList<>();
        for (String a : args) {
            for (String w : a.split(" ")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
        return words;
    }

    /**
     * Up to {@code max} words (bind's addresses). A single argument holding several words is split
     * on spaces, as Redis does for {@code --bind "a b"} and CONFIG SET.
     */
    public static ValueType<List<String>> words(int max, String tooMany) {
        return new ValueType<>() {
            @Override
            public int minArgs() {
                return 0;
            }

            @Override
            public int maxArgs() {
                return Integer.MAX_VALUE;
            }

            @Override
            public List<String> parse(List<String> args, Path workingDir) throws BadValueException {
                List<String> words = args.size() == 1 ? splitWords(args) : args;
                if (words.size() > max) {
                    throw new BadValueException(tooMany);
                }
                return List.copyOf(words);
            }

            @Override
            public String format(List<String> value) {
                return String.join(" ", value);
            }
        };
    }

    /**
     * The {@code save} rules: pairs of seconds (at least 1) and changes (at least 0), as the words of
     * one argument (CONFIG SET save "3600 1 300 100") or as separate arguments (a file line); a
     * single empty argument means no rules. Stored as the list of the pairs' numbers.
     */
    public static final ValueType<List<Long>> SAVE_RULES = new ValueType<>() {
        @Override
        public int minArgs() {
            return 1;
        }

        @Override
        public int maxArgs() {
            return Integer.MAX_VALUE;
        }

        @Override
        public List<Long> parse(List<String> args, Path workingDir) throws BadValueException {
            List<String> words = splitWords(args);
            if (words.size() % 2 != 0) {
                throw new BadValueException("Invalid save parameters");
            }
            List<Long> pairs = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                long v;
                try {
                    v = Long.parseLong(words.get(i));
                } catch (NumberFormatException e) {
                    throw new BadValueException("Invalid save parameters");
                }
                if (i % 2 == 0 ? v < 1 : v < 0) {
                    throw new BadValueException("Invalid save parameters");
                }
                pairs.add(v);
            }
            return List.copyOf(pairs);
        }

        @Override
        public String format(List<Long> value) {
            StringBuilder sb = new StringBuilder();
            for (long v : value) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(v);
            }
            return sb.toString();
        }

        @Override
        public String rewrite(List<Long> value) {
            return value.isEmpty() ? "\"\"" : format(value);
        }
    };

    /** A file name without any directory part (dbfilename), possibly empty as Redis allows. */
    public static final ValueType<String> FILE_NAME = new ValueType<>() {
        @Override
        public String parse(List<String> args, Path workingDir) throws BadValueException {
            String v = args.get(0);
            if (v.contains("/")) {
                throw new BadValueException("dbfilename can't be a path, just a filename");
            }
            return v;
        }

        @Override
        public String format(String value) {
            return value;
        }

        @Override
        public String rewrite(String value) {
            return ConfigArgs.quote(value);
        }
    };

    // ---- numbers ------------------------------------------------------------------------------

    private static final class Numeric extends ValueType<Long> {
        private static final long KB = 1024;
        private static final long MB = KB * 1024;
        private static final long GB = MB * 1024;

        private final long min;
        private final long max;
        private final boolean memory;

        Numeric(long min, long max, boolean memory) {
            this.min = min;
            this.max = max;
            this.memory = memory;
        }

        @Override
        public Long parse(List<String> args, Path workingDir) throws BadValueException {
            String v = args.get(0);
            long value = memory ? parseMemory(v) : parseInteger(v);
            if (value < min || value > max) {
                throw new BadValueException("argument must be between " + min + " and "
                        + Long.toUnsignedString(max) + " inclusive");
            }
            return value;
        }

        /** string2ll's rules: optional '-', then digits without a leading zero (except "0" itself). */
        private static long parseInteger(String v) throws BadValueException {
            BadValueException bad = new BadValueException("argument couldn't be parsed into an integer");
            int n = v.length();
            int i = 0;
            boolean negative = false;
            if (n > 0 && v.charAt(0) == '-') {
                negative = true;
                i = 1;
            }
            if (i == n || (v.charAt(i) == '0' && n - i > 1) || (negative && v.charAt(i) == '0')) {
                throw bad;
            }
            long value = 0;
            for (; i < n; i++) {
                char c = v.charAt(i);
                if (c < '0' || c > '9') {
                    throw bad;
                }
                int digit = c - '0';
                // accumulate negatively so that Long.MIN_VALUE fits
                if (value < (Long.MIN_VALUE + digit) / 10) {
                    throw bad;
                }
                value = value * 10 - digit;
            }
            if (!negative) {
                if (value == Long.MIN_VALUE) {
                    throw bad;
                }
                value = -value;
            }
            return value;
        }

        /**
         * Digits (possibly none, leading zeros allowed) and an optional unit. A number too large
         * to hold becomes -1, so that the range check reports it as Redis does.
         */
        private static long parseMemory(String v) throws BadValueException {
            int digitsEnd = 0;
            while (digitsEnd < v.length() && v.charAt(digitsEnd) >= '0' && v.charAt(digitsEnd) <= '9') {
                digitsEnd++;
            }
            long multiplier = switch (v.substring(digitsEnd).toLowerCase(Locale.ROOT)) {
                case "", "b" -> 1;
                case "k" -> 1000;
                case "kb" -> KB;
                case "m" -> 1000L * 1000;
                case "mb" -> MB;
                case "g" -> 1000L * 1000 * 1000;
                case "gb" -> GB;
                default -> throw new BadValueException("argument must be a memory value");
            };
            long value = 0;
            for (int i = 0; i < digitsEnd; i++) {
                int digit = v.charAt(i) - '0';
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    return -1;
                }
                value = value * 10 + digit;
            }
            if (value > Long.MAX_VALUE / multiplier) {
                return -1;
            }
            return value * multiplier;
        }

        @Override
        public String format(Long value) {
            return Long.toString(value);
        }

        /** Memory values go back with the largest binary unit that divides them, as Redis writes them. */
        @Override
        public String rewrite(Long value) {
            long v = value;
            if (!memory || v == 0) {
                return Long.toString(v);
            }
            if (v % GB == 0) {
                return v / GB + "gb";
            }
            if (v % MB == 0) {
                return v / MB + "mb";
            }
            if (v % KB == 0) {
                return v / KB + "kb";
            }
            return Long.toString(v);
        }
    }
}
