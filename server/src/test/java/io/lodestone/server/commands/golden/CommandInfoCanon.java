package io.lodestone.server.commands.golden;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical text form of COMMAND INFO and COMMAND DOCS entries (RESP2 replies), shared by the
 * golden capture tool and the golden test: one block of lines per command or subcommand, sets
 * sorted (their order carries no meaning), key specs in order (their index does).
 *
 * <pre>
 * [get]
 * arity: 2
 * flags: fast readonly
 * keys: 1 1 1
 * acl: @fast @read @string
 * tips:
 * spec: flags=RO,access begin=index(1) find=range(0,1,0)
 * group: string
 * since: 1.0.0
 * </pre>
 */
public final class CommandInfoCanon {
    private CommandInfoCanon() {}

    /** Blocks by full command name, from the reply of {@code COMMAND INFO} (all) and {@code COMMAND DOCS} (all). */
    public static Map<String, List<String>> blocks(List<?> infoReply, List<?> docsReply) {
        Map<String, List<String>> blocks = new TreeMap<>();
        for (Object entry : infoReply) {
            if (entry != null) {
                addInfo(blocks, (List<?>) entry);
            }
        }
        Map<String, Object> docs = pairs(docsReply);
        for (Map.Entry<String, Object> d : docs.entrySet()) {
            addDocs(blocks, d.getKey(), pairs((List<?>) d.getValue()));
        }
        return blocks;
    }

    private static void addInfo(Map<String, List<String>> blocks, List<?> e) {
        String name = (String) e.get(0);
        List<String> lines = blocks.computeIfAbsent(name, k -> new ArrayList<>());
        lines.add("arity: " + e.get(1));
        lines.add("flags:" + sortedWords((List<?>) e.get(2)));
        lines.add("keys: " + e.get(3) + " " + e.get(4) + " " + e.get(5));
        lines.add("acl:" + sortedWords((List<?>) e.get(6)));
        lines.add("tips:" + sortedWords((List<?>) e.get(7)));
        for (Object specObj : (List<?>) e.get(8)) {
            Map<String, Object> spec = pairs((List<?>) specObj);
            if (spec.containsKey("notes")) {
                lines.add("spec-notes: " + spec.get("notes"));
            }
            lines.add("spec: flags=" + String.join(",", sorted((List<?>) spec.get("flags")))
                    + " begin=" + search(pairs((List<?>) spec.get("begin_search")))
                    + " find=" + search(pairs((List<?>) spec.get("find_keys"))));
        }
        for (Object sub : (List<?>) e.get(9)) {
            addInfo(blocks, (List<?>) sub);
        }
    }

    private static void addDocs(Map<String, List<String>> blocks, String name, Map<String, Object> doc) {
        List<String> lines = blocks.computeIfAbsent(name, k -> new ArrayList<>());
        lines.add("group: " + doc.get("group"));
        lines.add("since: " + doc.get("since"));
        Object subs = doc.get("subcommands");
        if (subs != null) {
            for (Map.Entry<String, Object> s : pairs((List<?>) subs).entrySet()) {
                addDocs(blocks, s.getKey(), pairs((List<?>) s.getValue()));
            }
        }
    }

    /** {@code index(1)}, {@code keyword(KEYS,-2)}, {@code range(0,1,0)}, {@code keynum(0,1,1)}, {@code unknown}. */
    private static String search(Map<String, Object> search) {
        String type = (String) search.get("type");
        Map<String, Object> spec = pairs((List<?>) search.get("spec"));
        List<String> values = new ArrayList<>();
        for (Object v : spec.values()) {
            values.add(String.valueOf(v));
        }
        return values.isEmpty() ? type : type + "(" + String.join(",", values) + ")";
    }

    private static String sortedWords(List<?> items) {
        StringBuilder sb = new StringBuilder();
        for (String s : sorted(items)) {
            sb.append(' ').append(s);
        }
        return sb.toString();
    }

    private static List<String> sorted(List<?> items) {
        List<String> out = new ArrayList<>();
        for (Object o : items) {
            out.add(String.valueOf(o));
        }
        out.sort(null);
        return out;
    }

    /** A RESP2 flat key/value list as an ordered map. */
    static Map<String, Object> pairs(List<?> flat) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(String.valueOf(flat.get(i)), flat.get(i + 1));
        }
        return map;
    }

    // ---- the golden file -----------------------------------------------------------------------

    public static void write(Path file, String header, Map<String, List<String>> blocks) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String h : header.split("\n")) {
            sb.append("# ").append(h).append('\n');
        }
        for (Map.Entry<String, List<String>> b : blocks.entrySet()) {
            sb.append('\n').append('[').append(b.getKey()).append("]\n");
            for (String line : b.getValue()) {
                sb.append(line).append('\n');
            }
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    public static Map<String, List<String>> read(List<String> fileLines) {
        Map<String, List<String>> blocks = new TreeMap<>();
        List<String> current = null;
        for (String line : fileLines) {
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = new ArrayList<>();
                blocks.put(line.substring(1, line.length() - 1), current);
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }
}
