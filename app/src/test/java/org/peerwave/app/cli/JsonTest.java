package org.peerwave.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesWhatJsonRequires() {
        assertThat(Json.write("a\"b\\c/d")).isEqualTo("\"a\\\"b\\\\c/d\"");
        assertThat(Json.write("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
        assertThat(Json.write("\u0000\u0001\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001f\u007f\"");
        assertThat(Json.write("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
    }

    @Test
    void keepsNonAsciiAsItIs() {
        assertThat(Json.write("Ünïcødé 日本語 \uD83C\uDFB5")).isEqualTo("\"Ünïcødé 日本語 \uD83C\uDFB5\"");
    }

    @Test
    void escapesUnpairedSurrogates() {
        assertThat(Json.write("a\uD800b\uDC00")).isEqualTo("\"a\\ud800b\\udc00\"");
    }

    @Test
    void roundTripsEveryControlCharacter() {
        StringBuilder sb = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            sb.append(c);
        }
        assertThat(MiniJson.parse(Json.write(sb.toString()))).isEqualTo(sb.toString());
    }

    @Test
    void scalarsAndContainers() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("s", "x");
        o.put("n", 42L);
        o.put("i", -7L);
        o.put("t", true);
        o.put("z", null);
        o.put("empty", List.of());
        o.put("tiers", List.of(List.of("a", "b"), List.of("c")));
        o.put("files", List.of(Map.of("path", "p")));
        assertThat(Json.write(o)).isEqualTo("""
                {
                  "s": "x",
                  "n": 42,
                  "i": -7,
                  "t": true,
                  "z": null,
                  "empty": [],
                  "tiers": [
                    ["a", "b"],
                    ["c"]
                  ],
                  "files": [
                    {"path": "p"}
                  ]
                }""");
        assertThat(MiniJson.parse(Json.write(o))).isEqualTo(o);
    }

    @Test
    void listsMayHoldNull() {
        assertThat(Json.write(new ArrayList<>(Arrays.asList("a", null)))).isEqualTo("[\"a\", null]");
        assertThat(Json.write(Map.of())).isEqualTo("{}");
        assertThat(Json.write(List.of(-7, 3L))).isEqualTo("[-7, 3]");
    }

    @Test
    void rejectsWhatItCannotWrite() {
        assertThatThrownBy(() -> Json.write(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
