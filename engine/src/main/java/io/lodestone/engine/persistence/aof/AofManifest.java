package io.lodestone.engine.persistence.aof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Redis 7's AOF manifest: which files make up the append-only file, in order. One base file (a
 * snapshot, RDB or commands), then the incremental files appended since, and history files
 * left over from earlier rewrites (deleted unless {@code aof-disable-auto-gc}). One line per
 * file: {@code file <name> seq <n> type <b|i|h>}; lines starting with '#' are comments.
 * Immutable: each change yields a new manifest, written to disk before it takes effect.
 */
public final class AofManifest {
    /** A file's role, as the manifest's {@code type} field spells it. */
    public enum Type {
        BASE('b'), INCR('i'), HISTORY('h');

        final char code;

        Type(char code) {
            this.code = code;
        }
    }

    /** One file of the AOF. */
    public record Entry(String name, long seq, Type type) {}

    private static final int MAX_LINE = 1024;
    private static final String INCR_SUFFIX = ".incr.aof";

    private final String prefix;
    private final Entry base;
    private final List<Entry> incrs;
    private final List<Entry> history;
    private final long baseSeq;
    private final long incrSeq;

    private AofManifest(String prefix, Entry base, List<Entry> incrs, List<Entry> history, long baseSeq, long incrSeq) {
        this.prefix = prefix;
        this.base = base;
        this.incrs = List.copyOf(incrs);
        this.history = List.copyOf(history);
        this.baseSeq = baseSeq;
        this.incrSeq = incrSeq;
    }

    /** A manifest with no files yet, naming new ones after {@code appendfilename}. */
    public static AofManifest empty(String appendfilename) {
        return new AofManifest(appendfilename, null, List.of(), List.of(), 0, 0);
    }

    /**
     * The manifest of an AOF from before Redis 7 (one file of commands, named {@code appendfilename}),
     * moved into the directory as the base, as Redis 7 upgrades it.
     */
    public static AofManifest upgradedFrom(String appendfilename) {
        return new AofManifest(appendfilename, new Entry(appendfilename, 1, Type.BASE), List.of(), List.of(), 1, 0);
    }

    /** The manifest's own file name: {@code <appendfilename>.manifest}. */
    public static String fileName(String appendfilename) {
        return appendfilename + ".manifest";
    }

    public Entry base() {
        return base;
    }

    public List<Entry> incrs() {
        return incrs;
    }

    public List<Entry> history() {
        return history;
    }

    /** The base, then the incremental files: what loading reads, in order. */
    public List<Entry> loadOrder() {
        List<Entry> all = new ArrayList<>(incrs.size() + 1);
        if (base != null) {
            all.add(base);
        }
        all.addAll(incrs);
        return Collections.unmodifiableList(all);
    }

    /** The file new writes go to: the last incremental file, or null. */
    public Entry lastIncr() {
        return incrs.isEmpty() ? null : incrs.get(incrs.size() - 1);
    }

    // ---- changes -------------------------------------------------------------------------------

    /** Adds a new incremental file (named after the next sequence number); writes then go to it. */
    public AofManifest withNewIncr() {
        long seq = incrSeq + 1;
        List<Entry> more = new ArrayList<>(incrs);
        more.add(new Entry(prefix + "." + seq + INCR_SUFFIX, seq, Type.INCR));
        return new AofManifest(prefix, base, more, history, baseSeq, seq);
    }

    /** The name the next base file will get. */
    public String nextBaseName(boolean rdb) {
        return prefix + "." + (baseSeq + 1) + ".base" + (rdb ? ".rdb" : ".aof");
    }

    /**
     * After a rewrite: {@code newBase} (named by {@link #nextBaseName}) replaces the base, and the
     * incremental files up to {@code lastCoveredIncrSeq} (those the rewrite's snapshot includes)
     * become history.
     */
    public AofManifest withRewrite(String newBase, boolean rdb, long lastCoveredIncrSeq) {
        long seq = baseSeq + 1;
        List<Entry> old = new ArrayList<>(history);
        if (base != null) {
            old.add(new Entry(base.name(), base.seq(), Type.HISTORY));
        }
        List<Entry> kept = new ArrayList<>();
        for (Entry incr : incrs) {
            if (incr.seq() <= lastCoveredIncrSeq) {
                old.add(new Entry(incr.name(), incr.seq(), Type.HISTORY));
            } else {
                kept.add(incr);
            }
        }
        return new AofManifest(prefix, new Entry(newBase, seq, Type.BASE), kept, old, seq, incrSeq);
    }

    /** The same files without the history ones (once they are deleted). */
    public AofManifest withoutHistory() {
        return new AofManifest(prefix, base, incrs, List.of(), baseSeq, incrSeq);
    }

    // ---- text ----------------------------------------------------------------------------------

    /** The manifest's text, as Redis writes it: base, history, then incremental files. */
    public byte[] format() {
        StringBuilder sb = new StringBuilder();
        if (base != null) {
            line(sb, base);
        }
        for (Entry e : history) {
            line(sb, e);
        }
        for (Entry e : incrs) {
            line(sb, e);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder sb, Entry e) {
        sb.append("file ").append(quoteIfNeeded(e.name())).append(" seq ").append(e.seq())
                .append(" type ").append(e.type().code).append('\n');
    }

    private static String quoteIfNeeded(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == '"' || c == '\'' || c == '\\' || c > '~') {
                return quote(name);
            }
        }
        return name;
    }

    private static String quote(String name) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\', '"' -> sb.append('\\').append((char) c);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < ' ' || c > '~') {
                        sb.append(String.format("\\x%02x", c));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Reads a manifest file; {@code appendfilename} names the files rewrites will add.
     *
     * @throws AofFormatException the file is not a valid manifest (the message names the line)
     */
    public static AofManifest read(Path path, String appendfilename) throws IOException, AofFormatException {
        byte[] bytes = Files.readAllBytes(path);
        return parse(bytes, path.getFileName().toString(), appendfilename);
    }

    static AofManifest parse(byte[] bytes, String fileName, String appendfilename) throws AofFormatException {
        Entry base = null;
        List<Entry> incrs = new ArrayList<>();
        List<Entry> history = new ArrayList<>();
        long baseSeq = 0;
        long incrSeq = 0;
        int lineNo = 0;
        int pos = 0;
        while (pos < bytes.length) {
            lineNo++;
            int end = pos;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            if (end - pos > MAX_LINE) {
                throw invalid(fileName, lineNo, "line longer than " + MAX_LINE + " bytes");
            }
            if (end == bytes.length) {
                throw invalid(fileName, lineNo, "the last line has no newline (truncated file?)");
            }
            String line = new String(bytes, pos, end - pos, StandardCharsets.UTF_8);
            pos = end + 1;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> words = split(line, fileName, lineNo);
            if (words.size() < 6 || words.size() % 2 != 0) {
                throw invalid(fileName, lineNo, "expected 'file <name> seq <n> type <b|i|h>'");
            }
            String name = null;
            String seqText = null;
            String typeText = null;
            for (int i = 0; i < words.size(); i += 2) {
                switch (words.get(i)) {
                    case "file" -> name = words.get(i + 1);
                    case "seq" -> seqText = words.get(i + 1);
                    case "type" -> typeText = words.get(i + 1);
                    default -> { } // unknown keys are skipped, as Redis does, for later versions' fields
                }
            }
            if (name == null || seqText == null || typeText == null) {
                throw invalid(fileName, lineNo, "missing file, seq or type");
            }
            if (name.isEmpty() || name.contains("/")) {
                throw invalid(fileName, lineNo, "bad file name '" + name + "'");
            }
            long seq;
            try {
                seq = Long.parseLong(seqText);
            } catch (NumberFormatException e) {
                throw invalid(fileName, lineNo, "bad sequence number '" + seqText + "'");
            }
            if (seq < 0) {
                throw invalid(fileName, lineNo, "bad sequence number '" + seqText + "'");
            }
            switch (typeText) {
                case "b" -> {
                    if (base != null) {
                        throw invalid(fileName, lineNo, "Found duplicate base file information");
                    }
                    base = new Entry(name, seq, Type.BASE);
                    baseSeq = Math.max(baseSeq, seq);
                }
                case "h" -> history.add(new Entry(name, seq, Type.HISTORY));
                case "i" -> {
                    if (seq <= incrSeq) {
                        throw invalid(fileName, lineNo, "Found a non-monotonic sequence number");
                    }
                    incrs.add(new Entry(name, seq, Type.INCR));
                    incrSeq = seq;
                }
                default -> throw invalid(fileName, lineNo, "Unknown AOF file type '" + typeText + "'");
            }
        }
        if (base == null && incrs.isEmpty()) {
            throw new AofFormatException("Found an empty AOF manifest (" + fileName + ")");
        }
        for (Entry h : history) {
            baseSeq = Math.max(baseSeq, h.type() == Type.HISTORY && h.name().contains(".base.") ? h.seq() : 0);
        }
        return new AofManifest(appendfilename, base, incrs, history, baseSeq, incrSeq);
    }

    private static AofFormatException invalid(String fileName, int line, String why) {
        return new AofFormatException("Invalid AOF manifest file format (" + fileName + " line " + line + "): " + why);
    }

    /** Splits a line into words; a word may be double-quoted with backslash escapes (sdssplitargs). */
    private static List<String> split(String line, String fileName, int lineNo) throws AofFormatException {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return words;
            }
            if (line.charAt(i) == '"') {
                java.io.ByteArrayOutputStream word = new java.io.ByteArrayOutputStream();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                    if (c == '\\' && i < n) {
                        char e = line.charAt(i++);
                        switch (e) {
                            case 'n' -> word.write('\n');
                            case 'r' -> word.write('\r');
                            case 't' -> word.write('\t');
                            case 'x' -> {
                                if (i + 2 > n) {
                                    throw invalid(fileName, lineNo, "unbalanced quotes");
                                }
                                word.write(Integer.parseInt(line.substring(i, i + 2), 16));
                                i += 2;
                            }
                            default -> word.write(e);
                        }
                    } else {
                        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                        word.write(b, 0, b.length);
                    }
                }
                if (!closed || (i < n && !Character.isWhitespace(line.charAt(i)))) {
                    throw invalid(fileName, lineNo, "unbalanced quotes");
                }
                words.add(word.toString(StandardCharsets.UTF_8));
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                words.add(line.substring(start, i));
            }
        }
    }
}
