package org.peerwave.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stream server's pure parts: Range parsing, the Host check, media types, URL encoding. */
class ByteRangeAndHostTest {

    private static ByteRange partial(long first, long last) {
        return new ByteRange(ByteRange.Kind.PARTIAL, first, last);
    }

    @Test
    void rangesOfAThousandByteFile() {
        assertThat(ByteRange.parse(null, 1000)).isEqualTo(ByteRange.whole(1000));
        assertThat(ByteRange.parse("bytes=0-99", 1000)).isEqualTo(partial(0, 99));
        assertThat(ByteRange.parse("bytes=500-", 1000)).isEqualTo(partial(500, 999));
        assertThat(ByteRange.parse("bytes=-100", 1000)).isEqualTo(partial(900, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).isEqualTo(partial(0, 999));
        assertThat(ByteRange.parse("bytes=990-5000", 1000)).isEqualTo(partial(990, 999));
        assertThat(ByteRange.parse("BYTES= 1-1 ", 1000)).isEqualTo(partial(1, 1));
        assertThat(ByteRange.parse("bytes=999-999", 1000).length()).isEqualTo(1);
        assertThat(ByteRange.parse("bytes=1000-", 1000).kind()).isEqualTo(ByteRange.Kind.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=-0", 1000).kind()).isEqualTo(ByteRange.Kind.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=0-", 0).kind()).isEqualTo(ByteRange.Kind.UNSATISFIABLE);
        // ignored: the whole file
        for (String h : new String[] {"items=0-1", "bytes=5-1", "bytes=a-b", "bytes=0-1,5-6", "bytes=", "bytes=5",
                "bytes=99999999999999999999-", "bytes=--1", "bytes=+1-2"}) {
            assertThat(ByteRange.parse(h, 1000)).as(h).isEqualTo(ByteRange.whole(1000));
        }
    }

    @Test
    void onlyLoopbackHostsPass() {
        for (String ok : new String[] {"localhost", "LOCALHOST:8080", "localhost.", "127.0.0.1", "127.0.0.1:41234",
                "127.1.2.3:80", "[::1]", "[::1]:9000"}) {
            assertThat(StreamServer.isLoopbackHost(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"evil.example", "evil.example:80", "127.0.0.1.evil.example", "localhost.evil",
                "128.0.0.1", "127.0.0", "127.0.0.256", "[::2]", "[::1", "[::1]x", "localhost:", "localhost:abc",
                "0.0.0.0", "192.168.1.5:80", "", "::1"}) {
            assertThat(StreamServer.isLoopbackHost(bad)).as(bad).isFalse();
        }
        assertThat(StreamServer.isLoopbackHost(null)).isFalse();
    }

    @Test
    void mediaTypesAndNames() {
        assertThat(StreamServer.contentType("a.MKV")).isEqualTo("video/x-matroska");
        assertThat(StreamServer.contentType("a.mp4")).isEqualTo("video/mp4");
        assertThat(StreamServer.contentType("a.webm")).isEqualTo("video/webm");
        assertThat(StreamServer.contentType("a.mp3")).isEqualTo("audio/mpeg");
        assertThat(StreamServer.contentType("a.m4a")).isEqualTo("audio/mp4");
        assertThat(StreamServer.contentType("a.ogg")).isEqualTo("audio/ogg");
        assertThat(StreamServer.contentType("a.flac")).isEqualTo("audio/flac");
        assertThat(StreamServer.contentType("a.srt")).isEqualTo("application/x-subrip");
        assertThat(StreamServer.contentType("a.vtt")).isEqualTo("text/vtt");
        assertThat(StreamServer.contentType("a.avi")).isEqualTo("video/x-msvideo");
        assertThat(StreamServer.contentType("a.mov")).isEqualTo("video/quicktime");
        assertThat(StreamServer.contentType("README")).isEqualTo("application/octet-stream");
        assertThat(StreamServer.encodeSegment("a b/é+?.mkv")).isEqualTo("a%20b%2F%C3%A9%2B%3F.mkv");
    }
}
