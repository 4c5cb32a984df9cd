package io.lodestone.server.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lodestone.engine.command.CommandError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact bytes of every reply type in RESP2 and RESP3 (as redis-server 7.0 sends them). */
class RespReplyWriterTest {

    /** What {@code write} produces with protocol {@code protocol}, as ISO-8859-1 text. */
    private static String written(int protocol, Consumer<RespReplyWriter> write) {
        RespReplyWriter writer = new RespReplyWriter();
        writer.setProtocol(protocol);
        ByteBuf buf = Unpooled.buffer(4); // small: the writer must grow it
        try {
            writer.setBuffer(buf);
            write.accept(writer);
            return buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            writer.setBuffer(null);
            buf.release();
        }
    }

    private static void both(String expected, Consumer<RespReplyWriter> write) {
        assertEquals(expected, written(2, write), "RESP2");
        assertEquals(expected, written(3, write), "RESP3");
    }

    @Test
    void protocolIsTwoUntilHello() {
        assertEquals(2, new RespReplyWriter().protocol());
    }

    @Test
    void ok() {
        both("+OK\r\n", RespReplyWriter::ok);
    }

    @Test
    void simpleString() {
        both("+PONG\r\n", w -> w.simple("PONG"));
    }

    @Test
    void error() {
        both("-ERR unknown command\r\n", w -> w.error(new CommandError("ERR unknown command")));
        both("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                w -> w.error(new CommandError("WRONGTYPE Operation against a key holding the wrong kind of value")));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, -2, 1023, 1024, 1025, 123456789, Long.MAX_VALUE, Long.MIN_VALUE, -1000})
    void integer(long value) {
        both(":" + value + "\r\n", w -> w.integer(value));
    }

    @Test
    void bulk() {
        both("$3\r\nbar\r\n", w -> w.bulk("bar".getBytes(StandardCharsets.US_ASCII)));
        both("$0\r\n\r\n", w -> w.bulk(new byte[0]));
        both("$4\r\n\0\r\n\u00ff\r\n", w -> w.bulk(new byte[] {0, '\r', '\n', (byte) 0xFF}));
        both("$2\r\nel\r\n", w -> w.bulk("hello".getBytes(StandardCharsets.US_ASCII), 1, 2));
        both("$2\r\n\u00c3\u00a9\r\n", w -> w.bulk("\u00e9")); // text is UTF-8
    }

    @Test
    void longBulkHeader() {
        byte[] big = new byte[5000];
        String text = written(2, w -> w.bulk(big));
        assertEquals("$5000\r\n", text.substring(0, 7));
        assertEquals(7 + 5000 + 2, text.length());
    }

    @Test
    void nullBulk() {
        assertEquals("$-1\r\n", written(2, RespReplyWriter::nullBulk));
        assertEquals("_\r\n", written(3, RespReplyWriter::nullBulk));
    }

    @Test
    void nullArray() {
        assertEquals("*-1\r\n", written(2, RespReplyWriter::nullArray));
        assertEquals("_\r\n", written(3, RespReplyWriter::nullArray));
    }

    @Test
    void array() {
        both("*2\r\n$1\r\na\r\n:1\r\n", w -> {
            w.arrayHeader(2);
            w.bulk("a");
            w.integer(1);
        });
        both("*0\r\n", RespReplyWriter::emptyArray);
        both("*1500\r\n", w -> w.arrayHeader(1500));
    }

    @Test
    void map() {
        Consumer<RespReplyWriter> pair = w -> {
            w.mapHeader(1);
            w.bulk("k");
            w.bulk("v");
        };
        assertEquals("*2\r\n$1\r\nk\r\n$1\r\nv\r\n", written(2, pair));
        assertEquals("%1\r\n$1\r\nk\r\n$1\r\nv\r\n", written(3, pair));
        assertEquals("*0\r\n", written(2, w -> w.mapHeader(0)));
        assertEquals("%0\r\n", written(3, w -> w.mapHeader(0)));
    }

    @Test
    void set() {
        assertEquals("*3\r\n", written(2, w -> w.setHeader(3)));
        assertEquals("~3\r\n", written(3, w -> w.setHeader(3)));
    }

    @Test
    void push() {
        assertEquals("*3\r\n", written(2, w -> w.pushHeader(3)));
        assertEquals(">3\r\n", written(3, w -> w.pushHeader(3)));
    }

    @Test
    void doubleValue() {
        assertEquals("$1\r\n3\r\n", written(2, w -> w.doubleValue(3.0)));
        assertEquals(",3\r\n", written(3, w -> w.doubleValue(3.0)));
        assertEquals("$3\r\n1.5\r\n", written(2, w -> w.doubleValue(1.5)));
        assertEquals(",1.5\r\n", written(3, w -> w.doubleValue(1.5)));
        assertEquals("$3\r\ninf\r\n", written(2, w -> w.doubleValue(Double.POSITIVE_INFINITY)));
        assertEquals(",inf\r\n", written(3, w -> w.doubleValue(Double.POSITIVE_INFINITY)));
        assertEquals("$4\r\n-inf\r\n", written(2, w -> w.doubleValue(Double.NEGATIVE_INFINITY)));
        assertEquals(",-inf\r\n", written(3, w -> w.doubleValue(Double.NEGATIVE_INFINITY)));
        assertEquals("$19\r\n0.10000000000000001\r\n", written(2, w -> w.doubleValue(0.1)));
        assertEquals(",0.10000000000000001\r\n", written(3, w -> w.doubleValue(0.1)));
    }

    @Test
    void bool() {
        assertEquals(":1\r\n", written(2, w -> w.bool(true)));
        assertEquals(":0\r\n", written(2, w -> w.bool(false)));
        assertEquals("#t\r\n", written(3, w -> w.bool(true)));
        assertEquals("#f\r\n", written(3, w -> w.bool(false)));
    }

    @Test
    void verbatim() {
        assertEquals("$11\r\nSome string\r\n", written(2, w -> w.verbatim("txt", "Some string")));
        assertEquals("=15\r\ntxt:Some string\r\n", written(3, w -> w.verbatim("txt", "Some string")));
        assertEquals("=6\r\ntxt:\u00c3\u00a9\r\n", written(3, w -> w.verbatim("txt", "\u00e9")));
    }

    @Test
    void helloMapFoldsToFlatArrayInResp2() {
        Consumer<RespReplyWriter> hello = w -> {
            w.mapHeader(2);
            w.bulk("proto");
            w.integer(w.protocol());
            w.bulk("modules");
            w.emptyArray();
        };
        assertEquals("*4\r\n$5\r\nproto\r\n:2\r\n$7\r\nmodules\r\n*0\r\n", written(2, hello));
        assertEquals("%2\r\n$5\r\nproto\r\n:3\r\n$7\r\nmodules\r\n*0\r\n", written(3, hello));
    }
}
