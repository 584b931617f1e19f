package org.peerwave.installers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Peerwave's icon, drawn here rather than kept as binary files: a blue rounded square with a white
 * arrow pointing down onto a wave. The same shapes are written as an SVG (the scalable icon) and
 * rendered with Java2D into the PNGs of the freedesktop hicolor theme, a Windows {@code .ico} and a
 * macOS {@code .icns} (both hold PNG images, which every supported OS version reads).
 *
 * <p>Run at build time: {@code java org.peerwave.installers.Icons OUT_DIR}. It writes
 * {@code OUT_DIR/hicolor/SIZExSIZE/apps/ID.png}, {@code OUT_DIR/hicolor/scalable/apps/ID.svg},
 * {@code OUT_DIR/peerwave.png} (the 256 px image jpackage embeds on Linux), {@code OUT_DIR/peerwave.ico}
 * and {@code OUT_DIR/peerwave.icns}.
 */
public final class Icons {

    /** The application id: desktop file, icon and AppStream component names. */
    public static final String APP_ID = "org.peerwave.Peerwave";

    /** The hicolor sizes installed on Linux. */
    public static final List<Integer> HICOLOR_SIZES = List.of(16, 22, 24, 32, 48, 64, 128, 256, 512);

    /** The sizes in the Windows icon (256 is the largest an .ico holds). */
    public static final List<Integer> ICO_SIZES = List.of(16, 24, 32, 48, 64, 128, 256);

    /** The macOS icon's entries: the OSType of each PNG and its size in pixels. */
    public static final List<IcnsEntry> ICNS_ENTRIES = List.of(
            new IcnsEntry("icp4", 16), new IcnsEntry("icp5", 32), new IcnsEntry("icp6", 64),
            new IcnsEntry("ic07", 128), new IcnsEntry("ic08", 256), new IcnsEntry("ic09", 512),
            new IcnsEntry("ic10", 1024), new IcnsEntry("ic11", 32), new IcnsEntry("ic12", 64),
            new IcnsEntry("ic13", 256), new IcnsEntry("ic14", 512));

    /** One image of an .icns file. */
    public record IcnsEntry(String type, int size) {
    }

    // The design, on a 256 x 256 canvas.
    private static final double CANVAS = 256;
    private static final double CORNER = 56;
    private static final Color TOP = new Color(0x3B, 0x82, 0xF6);
    private static final Color BOTTOM = new Color(0x1E, 0x3A, 0x8A);
    private static final double STROKE = 20;
    // The arrow: a shaft and a head.
    private static final double SHAFT_X = 128;
    private static final double SHAFT_TOP = 44;
    private static final double SHAFT_BOTTOM = 112;
    private static final double[][] HEAD = {{84, 100}, {172, 100}, {128, 146}};
    // The wave: two cubic Bézier curves from (40,184) to (216,184).
    private static final double[][] WAVE = {
        {40, 184}, {70, 150}, {98, 218}, {128, 184},
        {158, 150}, {186, 218}, {216, 184},
    };

    private Icons() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Icons OUT_DIR");
            System.exit(2);
        }
        writeAll(Path.of(args[0]));
    }

    /** Writes every icon file into {@code out} (see the class comment). */
    public static void writeAll(Path out) throws IOException {
        Files.createDirectories(out);
        for (int size : HICOLOR_SIZES) {
            Path png = out.resolve("hicolor/" + size + "x" + size + "/apps/" + APP_ID + ".png");
            Files.createDirectories(png.getParent());
            Files.write(png, png(size));
        }
        Path svg = out.resolve("hicolor/scalable/apps/" + APP_ID + ".svg");
        Files.createDirectories(svg.getParent());
        Files.writeString(svg, svg(), StandardCharsets.UTF_8);
        Files.write(out.resolve("peerwave.png"), png(256));
        Files.write(out.resolve("peerwave.ico"), ico());
        Files.write(out.resolve("peerwave.icns"), icns());
    }

    /** The icon as an SVG document. */
    public static String svg() {
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"256\" height=\"256\" viewBox=\"0 0 256 256\">\n");
        s.append("  <title>Peerwave</title>\n");
        s.append("  <defs>\n    <linearGradient id=\"bg\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">\n");
        s.append("      <stop offset=\"0\" stop-color=\"").append(hex(TOP)).append("\"/>\n");
        s.append("      <stop offset=\"1\" stop-color=\"").append(hex(BOTTOM)).append("\"/>\n");
        s.append("    </linearGradient>\n  </defs>\n");
        s.append(String.format(Locale.ROOT, "  <rect x=\"0\" y=\"0\" width=\"%s\" height=\"%s\" rx=\"%s\" ry=\"%s\" fill=\"url(#bg)\"/>%n",
                n(CANVAS), n(CANVAS), n(CORNER), n(CORNER)));
        s.append(String.format(Locale.ROOT,
                "  <g fill=\"none\" stroke=\"#ffffff\" stroke-width=\"%s\" stroke-linecap=\"round\" stroke-linejoin=\"round\">%n",
                n(STROKE)));
        s.append(String.format(Locale.ROOT, "    <path d=\"M %s %s L %s %s\"/>%n", n(SHAFT_X), n(SHAFT_TOP), n(SHAFT_X), n(SHAFT_BOTTOM)));
        s.append("    <path d=\"M ").append(pt(WAVE[0])).append(" C ").append(pt(WAVE[1])).append(' ').append(pt(WAVE[2]))
                .append(' ').append(pt(WAVE[3])).append(" C ").append(pt(WAVE[4])).append(' ').append(pt(WAVE[5]))
                .append(' ').append(pt(WAVE[6])).append("\"/>\n");
        s.append("  </g>\n");
        s.append("  <path d=\"M ").append(pt(HEAD[0])).append(" L ").append(pt(HEAD[1])).append(" L ").append(pt(HEAD[2]))
                .append(" Z\" fill=\"#ffffff\" stroke=\"#ffffff\" stroke-width=\"8\" stroke-linejoin=\"round\"/>\n");
        s.append("</svg>\n");
        return s.toString();
    }

    /** The icon drawn at {@code size} x {@code size} pixels, as PNG bytes. */
    public static byte[] png(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.scale(size / CANVAS, size / CANVAS);
            g.setPaint(new GradientPaint(0, 0, TOP, 0, (float) CANVAS, BOTTOM));
            g.fill(new RoundRectangle2D.Double(0, 0, CANVAS, CANVAS, 2 * CORNER, 2 * CORNER));
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke((float) STROKE, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D shaft = new Path2D.Double();
            shaft.moveTo(SHAFT_X, SHAFT_TOP);
            shaft.lineTo(SHAFT_X, SHAFT_BOTTOM);
            g.draw(shaft);
            g.draw(wave());
            Shape head = head();
            g.fill(head);
            g.setStroke(new BasicStroke(8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(head);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A Windows icon: an ICONDIR, one ICONDIRENTRY per size, then the PNG images. */
    public static byte[] ico() {
        List<byte[]> images = ICO_SIZES.stream().map(Icons::png).toList();
        int offset = 6 + 16 * images.size();
        ByteBuffer head = ByteBuffer.allocate(offset).order(ByteOrder.LITTLE_ENDIAN);
        head.putShort((short) 0).putShort((short) 1).putShort((short) images.size());
        for (int i = 0; i < images.size(); i++) {
            int size = ICO_SIZES.get(i);
            head.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size));
            head.put((byte) 0).put((byte) 0);
            head.putShort((short) 1).putShort((short) 32);
            head.putInt(images.get(i).length).putInt(offset);
            offset += images.get(i).length;
        }
        return concat(head.array(), images);
    }

    /** A macOS icon: the {@code icns} header, then one (type, length, PNG) entry per image. */
    public static byte[] icns() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (IcnsEntry e : ICNS_ENTRIES) {
            byte[] image = png(e.size());
            write(body, ByteBuffer.allocate(8).put(e.type().getBytes(StandardCharsets.US_ASCII)).putInt(8 + image.length).array());
            write(body, image);
        }
        byte[] header = ByteBuffer.allocate(8).put("icns".getBytes(StandardCharsets.US_ASCII)).putInt(8 + body.size()).array();
        return concat(header, List.of(body.toByteArray()));
    }

    private static Path2D wave() {
        Path2D p = new Path2D.Double();
        p.moveTo(WAVE[0][0], WAVE[0][1]);
        p.curveTo(WAVE[1][0], WAVE[1][1], WAVE[2][0], WAVE[2][1], WAVE[3][0], WAVE[3][1]);
        p.curveTo(WAVE[4][0], WAVE[4][1], WAVE[5][0], WAVE[5][1], WAVE[6][0], WAVE[6][1]);
        return p;
    }

    private static Path2D head() {
        Path2D p = new Path2D.Double();
        p.moveTo(HEAD[0][0], HEAD[0][1]);
        p.lineTo(HEAD[1][0], HEAD[1][1]);
        p.lineTo(HEAD[2][0], HEAD[2][1]);
        p.closePath();
        return p;
    }

    private static byte[] concat(byte[] first, List<byte[]> rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, first);
        rest.forEach(b -> write(out, b));
        return out.toByteArray();
    }

    private static void write(OutputStream out, byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static String pt(double[] xy) {
        return n(xy[0]) + " " + n(xy[1]);
    }

    private static String n(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
