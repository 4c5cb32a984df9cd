package io.lodestone.engine.command;

import io.lodestone.engine.EngineConfig;
import io.lodestone.engine.testing.EngineHarness;
import io.lodestone.engine.testing.ReplyRecorder.Err;
import io.lodestone.engine.util.DoubleFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Runs random sorted set commands against the engine and a real redis-server side by side and
 * prints every reply that differs. Not a unit test (it needs a server): run by hand, e.g.
 * {@code java -cp target/classes:target/test-classes io.lodestone.engine.command.SortedSetDifferentialProbe PORT COUNT SEED PROTO}.
 * The server must be empty; it is flushed first.
 */
public final class SortedSetDifferentialProbe {
    /** Every set compact (listpack), where Redis's lexicographic ranges over mixed scores are deterministic. */
    private static final boolean ALL_COMPACT = System.getProperty("allCompact") != null;
    private final Random random;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream outStream;
    private final EngineHarness h;
    private final int protocol;
    private String[] previous = {};
    private String[] last = {};

    private SortedSetDifferentialProbe(int port, long seed, int protocol) throws IOException {
        this.random = new Random(seed);
        this.socket = new Socket("127.0.0.1", port);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.outStream = socket.getOutputStream();
        EngineConfig config = EngineConfig.defaults();
        config.setZsetMaxListpackEntries(ALL_COMPACT ? 1000 : 16);
        this.h = new EngineHarness(config);
        this.protocol = protocol;
        h.useProtocol(protocol);
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        int protocol = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        SortedSetDifferentialProbe p = new SortedSetDifferentialProbe(port, seed, protocol);
        p.redis("FLUSHALL");
        p.redis("CONFIG", "SET", "zset-max-listpack-entries", ALL_COMPACT ? "1000" : "16");
        if (protocol == 3) {
            p.redis("HELLO", "3");
        }
        int diffs = 0;
        for (int i = 0; i < count; i++) {
            String[] cmd = p.randomCommand();
            if (i > 0) {
                p.previous = p.last;
            }
            p.last = cmd;
            Object expected = p.redis(cmd);
            Object actual = normalize(p.h.exec(cmd), protocol);
            if (cmd[0].equals("ZSCAN")) {
                expected = sortedPairs(expected);
                actual = sortedPairs(actual);
            }
            if (!String.valueOf(expected).equals(String.valueOf(actual))) {
                if (diffs == 0 && System.getProperty("stopAtFirst") != null) {
                    System.out.println("FIRST DIFF #" + i + " " + String.join(" ", cmd));
                    System.out.println("  redis: " + expected);
                    System.out.println("  ours : " + actual);
                    System.out.println("previous: " + String.join(" ", p.previous));
                    for (String k : new String[] {"z0", "z1", "z2", "z3", "l0", "l1"}) {
                        System.out.println(k + " redis: " + p.redis("ZRANGE", k, "0", "-1", "WITHSCORES"));
                        System.out.println(k + " ours : " + normalize(p.h.exec("ZRANGE", k, "0", "-1", "WITHSCORES"), protocol));
                    }
                    return;
                }
                diffs++;
                if (diffs <= 40) {
                    System.out.println("DIFF #" + i + " " + String.join(" ", cmd));
                    System.out.println("  redis: " + expected);
                    System.out.println("  ours : " + actual);
                }
            }
        }
        System.out.println(count + " commands, " + diffs + " differences");
        p.socket.close();
    }

    // ---- generator -------------------------------------------------------------------------------

    /** A destination: never the string key nor "nokey" (they must stay what they are). */
    private String dst() {
        return "z" + random.nextInt(4);
    }

    /** A key to write to: sometimes the string key (WRONGTYPE), else a destination. */
    private String writeKey() {
        return random.nextInt(10) == 0 ? "str" : "z" + random.nextInt(4);
    }

    /** Keys for lexicographic commands: "l" keys hold members of equal scores. */
    private String lexKey() {
        if (ALL_COMPACT) {
            return key();
        }
        int r = random.nextInt(10);
        return r == 0 ? "str" : r == 1 ? "nokey" : "l" + random.nextInt(2);
    }

    private String key() {
        int r = random.nextInt(10);
        if (r == 0) {
            return "str";
        }
        if (r == 1) {
            return "nokey";
        }
        return "z" + random.nextInt(4);
    }

    private String member() {
        int r = random.nextInt(100);
        if (r < 3) {
            return "";
        }
        if (r < 6 && !ALL_COMPACT) {
            return "m" + "x".repeat(70);
        }
        return "m" + random.nextInt(40);
    }

    /** One of {@code specials}, each with chance 1 in {@code outOf}; else what {@code otherwise} makes. */
    private String pick(int outOf, Supplier<String> otherwise, String... specials) {
        int r = random.nextInt(outOf);
        return r < specials.length ? specials[r] : otherwise.get();
    }

    private String score() {
        return pick(40, () -> Integer.toString(random.nextInt(20) - 5),
                "inf", "-inf", "nan", "abc", "0.1", "1e-5", "-0", "1.5e17", "(1");
    }

    private String rangeScore() {
        return pick(30, () -> Integer.toString(random.nextInt(20) - 5), "-inf", "+inf", "(3", "(-2", "x", "(", "");
    }

    private String lex() {
        return pick(20, () -> (random.nextBoolean() ? "[" : "(") + "m" + random.nextInt(40), "-", "+", "x", "(", "[");
    }

    private String index() {
        return Integer.toString(random.nextInt(50) - 25);
    }

    private String[] randomCommand() {
        List<String> c = new ArrayList<>();
        int op = random.nextInt(40);
        switch (op) {
            case 0, 1, 2, 3, 4, 5 -> {
                c.add("ZADD");
                String k = random.nextInt(4) == 0 ? "l" + random.nextInt(2) : writeKey();
                c.add(k);
                String[] opts = {"NX", "XX", "GT", "LT", "CH", "INCR"};
                int nopts = k.startsWith("l") ? 0 : random.nextInt(3);
                for (int i = 0; i < nopts; i++) {
                    c.add(opts[random.nextInt(opts.length)]);
                }
                int pairs = random.nextInt(6) + 1;
                if (random.nextInt(10) == 0) {
                    pairs = random.nextInt(30) + 1;
                }
                for (int i = 0; i < pairs; i++) {
                    c.add(k.startsWith("l") ? "0" : random.nextInt(8) == 0 ? score() : Integer.toString(random.nextInt(10)));
                    c.add(random.nextInt(4) == 0 ? "s" + random.nextInt(60) : member());
                }
                if (random.nextInt(20) == 0) {
                    c.remove(c.size() - 1);
                }
            }
            case 6 -> add(c, "ZINCRBY", writeKey(), score(), member());
            case 7 -> {
                add(c, "ZREM", key());
                for (int i = random.nextInt(4) + 1; i > 0; i--) {
                    c.add(member());
                }
            }
            case 8 -> add(c, "ZCARD", key());
            case 9 -> add(c, "ZCOUNT", key(), rangeScore(), rangeScore());
            case 10 -> add(c, "ZLEXCOUNT", lexKey(), lex(), lex());
            case 11 -> add(c, "ZSCORE", key(), member());
            case 12 -> add(c, "ZMSCORE", key(), member(), member());
            case 13 -> add(c, random.nextBoolean() ? "ZRANK" : "ZREVRANK", key(), member());
            case 14, 15, 16 -> {
                c.add("ZRANGE");
                addRange(c);
                if (random.nextInt(3) == 0) {
                    c.add("WITHSCORES");
                }
                if (random.nextInt(20) == 0) {
                    c.add("FOO");
                }
            }
            case 17 -> {
                add(c, "ZRANGESTORE", dst());
                addRange(c);
            }
            case 18 -> {
                add(c, random.nextBoolean() ? "ZRANGEBYSCORE" : "ZREVRANGEBYSCORE", key(), rangeScore(), rangeScore());
                if (random.nextBoolean()) {
                    c.add("WITHSCORES");
                }
                if (random.nextInt(3) == 0) {
                    add(c, "LIMIT", Integer.toString(random.nextInt(8) - 1), Integer.toString(random.nextInt(8) - 2));
                }
            }
            case 19 -> {
                add(c, random.nextBoolean() ? "ZRANGEBYLEX" : "ZREVRANGEBYLEX", lexKey(), lex(), lex());
                if (random.nextInt(3) == 0) {
                    add(c, "LIMIT", Integer.toString(random.nextInt(8) - 1), Integer.toString(random.nextInt(8) - 2));
                }
            }
            case 20 -> {
                add(c, "ZREVRANGE", key(), index(), index());
                if (random.nextBoolean()) {
                    c.add("WITHSCORES");
                }
            }
            case 21 -> add(c, "ZREMRANGEBYRANK", key(), index(), index());
            case 22 -> add(c, "ZREMRANGEBYSCORE", key(), rangeScore(), rangeScore());
            case 23 -> add(c, "ZREMRANGEBYLEX", lexKey(), lex(), lex());
            case 24, 25 -> {
                add(c, random.nextBoolean() ? "ZPOPMIN" : "ZPOPMAX", key());
                if (random.nextBoolean()) {
                    c.add(Integer.toString(random.nextInt(6) - 1));
                }
            }
            case 26 -> {
                int n = random.nextInt(3) + 1;
                add(c, "ZMPOP", Integer.toString(n));
                for (int i = 0; i < n; i++) {
                    c.add(key());
                }
                c.add(random.nextBoolean() ? "MIN" : "MAX");
                if (random.nextBoolean()) {
                    add(c, "COUNT", Integer.toString(random.nextInt(6)));
                }
            }
            case 27 -> add(c, "ZRANDMEMBER", "nokey", "5", "WITHSCORES");
            case 28, 29, 30, 31, 32, 33 -> {
                String[] ops = {"ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE", "ZINTERCARD"};
                String name = ops[random.nextInt(ops.length)];
                c.add(name);
                boolean store = name.endsWith("STORE");
                if (store) {
                    c.add(dst());
                }
                int n = random.nextInt(3) + 1;
                c.add(Integer.toString(n));
                for (int i = 0; i < n; i++) {
                    c.add(key());
                }
                boolean weighted = !name.startsWith("ZDIFF") && !name.equals("ZINTERCARD");
                if (weighted && random.nextInt(3) == 0) {
                    c.add("WEIGHTS");
                    for (int i = 0; i < n; i++) {
                        c.add(random.nextInt(6) == 0 ? "inf" : Integer.toString(random.nextInt(5) - 2));
                    }
                }
                if (weighted && random.nextInt(3) == 0) {
                    add(c, "AGGREGATE", new String[] {"SUM", "MIN", "MAX"}[random.nextInt(3)]);
                }
                if (!store && !name.equals("ZINTERCARD") && random.nextBoolean()) {
                    c.add("WITHSCORES");
                }
                if (name.equals("ZINTERCARD") && random.nextBoolean()) {
                    add(c, "LIMIT", Integer.toString(random.nextInt(4)));
                }
            }
            case 34 -> add(c, "ZSCAN", key(), "0", "COUNT", "1000");
            case 35 -> add(c, "ZSCAN", key(), "0", "MATCH", "m1*", "COUNT", "1000");
            case 36 -> add(c, "SET", "str", "x");
            case 37 -> add(c, "DEL", dst());
            case 38 -> add(c, "OBJECT", "ENCODING", key());
            default -> add(c, "ZRANGE", key(), "0", "-1", "WITHSCORES");
        }
        return c.toArray(new String[0]);
    }

    /** A ZSCAN reply with its pairs sorted, since hash order is not comparable. */
    private static Object sortedPairs(Object reply) {
        if (!(reply instanceof List<?> list) || list.size() != 2 || !(list.get(1) instanceof List<?> items)) {
            return reply;
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            pairs.add(items.get(i) + "=" + items.get(i + 1));
        }
        java.util.Collections.sort(pairs);
        return List.of(list.get(0), pairs);
    }

    /** ZRANGE's arguments from the key on: a rank, score or lex range, maybe REV and LIMIT. */
    private void addRange(List<String> c) {
        int kind = random.nextInt(3);
        c.add(kind == 2 ? lexKey() : key());
        if (kind == 0) {
            add(c, index(), index());
        } else if (kind == 1) {
            add(c, rangeScore(), rangeScore(), "BYSCORE");
        } else {
            add(c, lex(), lex(), "BYLEX");
        }
        if (random.nextBoolean()) {
            c.add("REV");
        }
        if (random.nextInt(3) == 0) {
            add(c, "LIMIT", Integer.toString(random.nextInt(8) - 1), Integer.toString(random.nextInt(8) - 2));
        }
    }

    private static void add(List<String> c, String... words) {
        c.addAll(List.of(words));
    }

    // ---- normalizing replies to one form -------------------------------------------------------

    /** Engine reply as RESP would carry it: doubles as their text in RESP2, errors as "-..." */
    private static Object normalize(Object reply, int protocol) {
        if (reply instanceof Err e) {
            return "-" + e.message();
        }
        if (reply instanceof Double d) {
            return protocol == 2 ? DoubleFormat.g17(d) : "," + DoubleFormat.g17(d);
        }
        if (reply instanceof Long l) {
            return ":" + l;
        }
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                out.add(normalize(o, protocol));
            }
            return out;
        }
        return reply;
    }

    private Object redis(String... cmd) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append('*').append(cmd.length).append("\r\n");
        for (String a : cmd) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
        }
        outStream.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        outStream.flush();
        return read();
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                return "-" + line;
            case ':':
                return ":" + line;
            case ',':
                return "," + line;
            case '_':
                return null;
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n + 2);
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*':
            case '~':
            case '%': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                if (type == '%') {
                    n *= 2;
                }
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(read());
                }
                return list;
            }
            default:
                throw new IOException("unexpected type " + (char) type + line);
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            sb.append((char) c);
        }
        in.read();
        return sb.toString();
    }
}
