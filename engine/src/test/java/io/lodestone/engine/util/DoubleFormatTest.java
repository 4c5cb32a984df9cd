package io.lodestone.engine.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DoubleFormatTest {
    @Test
    void matchesPrintfPercent17g() {
        // expected strings are what glibc's printf("%.17g") prints
        assertEquals("1.5", DoubleFormat.g17(1.5));
        assertEquals("0.10000000000000001", DoubleFormat.g17(0.1));
        assertEquals("3", DoubleFormat.g17(3.0));
        assertEquals("-2", DoubleFormat.g17(-2.0));
        assertEquals("1e+17", DoubleFormat.g17(1e17));
        assertEquals("1.0000000000000001e-05", DoubleFormat.g17(1e-5));
        assertEquals("0.0001", DoubleFormat.g17(1e-4));
        assertEquals("1.7976931348623157e+308", DoubleFormat.g17(Double.MAX_VALUE));
        assertEquals("inf", DoubleFormat.g17(Double.POSITIVE_INFINITY));
        assertEquals("-inf", DoubleFormat.g17(Double.NEGATIVE_INFINITY));
        assertEquals("3.1415926535897931", DoubleFormat.g17(Math.PI));
        assertEquals("12345678901234568", DoubleFormat.g17(12345678901234567.0));
    }
}
