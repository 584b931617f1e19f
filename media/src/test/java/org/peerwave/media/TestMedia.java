package org.peerwave.media;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.peerwave.engine.testing.ExternalTool;

/**
 * Test videos made with Debian's ffmpeg on first use and kept under {@code target/test-media}:
 * <ul>
 *   <li>{@link #mp4()}: 60 s of H.264 (640×360, 25 fps, a key frame every second, about 800 kbit/s)
 *       and AAC, with its index ({@code moov}) at the end, as ffmpeg writes by default — a player must
 *       read the file's tail before the first frame;</li>
 *   <li>{@link #mkv()}: 30 s of H.264 with two AAC tracks ("Main", "Commentary") and an English
 *       subtitle track.</li>
 * </ul>
 */
public final class TestMedia {

    public static final long MP4_SECONDS = 60;
    public static final long MKV_SECONDS = 30;
    private static final Path DIR = Path.of("target", "test-media").toAbsolutePath();

    private TestMedia() {
    }

    public static synchronized Path mp4() throws IOException, InterruptedException {
        Path out = DIR.resolve("movie-moov-at-end.mp4");
        if (!Files.exists(out)) {
            generate(out, List.of("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                    "-t", Long.toString(MP4_SECONDS), "-map", "0:v", "-map", "1:a"), List.of());
        }
        return out;
    }

    public static synchronized Path mkv() throws IOException, InterruptedException {
        Path out = DIR.resolve("movie-with-subtitles.mkv");
        if (!Files.exists(out)) {
            Files.createDirectories(DIR);
            Path srt = DIR.resolve("subtitles.srt");
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < MKV_SECONDS / 3; i++) {
                s.append(i + 1).append('\n')
                        .append(String.format("00:00:%02d,000 --> 00:00:%02d,500%n", i * 3, i * 3 + 2))
                        .append("Subtitle line ").append(i + 1).append("\n\n");
            }
            Files.writeString(srt, s.toString(), StandardCharsets.UTF_8);
            generate(out, List.of("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                    "-f", "lavfi", "-i", "sine=frequency=880:sample_rate=44100",
                    "-i", srt.toString(),
                    "-t", Long.toString(MKV_SECONDS), "-map", "0:v", "-map", "1:a", "-map", "2:a", "-map", "3:s"),
                    List.of("-c:s", "srt", "-metadata:s:a:0", "title=Main", "-metadata:s:a:1", "title=Commentary",
                            "-metadata:s:s:0", "language=eng", "-metadata:s:s:0", "title=English"));
        }
        return out;
    }

    private static void generate(Path out, List<String> inputs, List<String> extra)
            throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        Path tmp = out.resolveSibling(out.getFileName() + ".part" + out.getFileName().toString()
                .substring(out.getFileName().toString().lastIndexOf('.')));
        List<String> cmd = new ArrayList<>(List.of(ffmpeg(), "-y", "-hide_banner", "-loglevel", "error"));
        cmd.addAll(inputs);
        cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-b:v", "800k", "-maxrate", "800k", "-bufsize", "1600k", "-g", "25", "-keyint_min", "25",
                "-c:a", "aac", "-b:a", "64k"));
        cmd.addAll(extra);
        cmd.add(tmp.toString());
        ExternalTool.run(Duration.ofMinutes(3), cmd);
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String ffmpeg() {
        if (!Files.isExecutable(Path.of("/usr/bin/ffmpeg"))) {
            throw new AssertionError("ffmpeg is not installed (Debian package ffmpeg; .ci/run installs it)");
        }
        return "/usr/bin/ffmpeg";
    }

    /** The types of an ISO-BMFF file's top-level boxes, in file order ("ftyp", "mdat", "moov", ...). */
    public static List<String> topLevelBoxes(Path mp4) throws IOException {
        List<String> types = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(mp4.toFile(), "r")) {
            long pos = 0;
            long len = f.length();
            while (pos + 8 <= len) {
                f.seek(pos);
                long size = f.readInt() & 0xFFFFFFFFL;
                byte[] type = new byte[4];
                f.readFully(type);
                if (size == 1) {
                    size = f.readLong();
                } else if (size == 0) {
                    size = len - pos;
                }
                if (size < 8) {
                    throw new IOException("bad box size " + size + " at " + pos);
                }
                types.add(new String(type, StandardCharsets.ISO_8859_1));
                pos += size;
            }
        }
        return types;
    }
}
