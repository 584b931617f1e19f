package org.peerwave.installers;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class IconsTest {

    @TempDir
    Path dir;

    @Test
    void writesEveryHicolorSizeAsAPngOfThatSize() throws IOException {
        Icons.writeAll(dir);
        for (int size : Icons.HICOLOR_SIZES) {
            BufferedImage img = ImageIO.read(dir.resolve("hicolor/" + size + "x" + size + "/apps/" + Icons.APP_ID + ".png").toFile());
            assertThat(img.getWidth()).isEqualTo(size);
            assertThat(img.getHeight()).isEqualTo(size);
        }
        assertThat(ImageIO.read(dir.resolve("peerwave.png").toFile()).getWidth()).isEqualTo(256);
    }

    @Test
    void iconIsOpaqueInTheMiddleAndTransparentInTheCorners() throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Icons.png(128)));
        assertThat(img.getRGB(0, 0) >>> 24).as("corner alpha").isZero();
        assertThat(img.getRGB(64, 64) >>> 24).as("centre alpha").isEqualTo(255);
        // the white arrow's shaft at the top centre, the blue square beside it
        assertThat(img.getRGB(64, 36) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(img.getRGB(20, 36) & 0xFF).as("blue").isGreaterThan(img.getRGB(20, 36) >> 16 & 0xFF);
    }

    @Test
    void svgIsWellFormedWithTheSameCanvas() throws Exception {
        Icons.writeAll(dir);
        Path svg = dir.resolve("hicolor/scalable/apps/" + Icons.APP_ID + ".svg");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Element root = f.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 256 256");
        assertThat(root.getElementsByTagNameNS("*", "path").getLength()).isEqualTo(3);
    }

    @Test
    void icoHoldsOnePngPerSizeAtTheOffsetsItsDirectoryGives() throws IOException {
        byte[] ico = Icons.ico();
        ByteBuffer b = ByteBuffer.wrap(ico).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getShort(0)).isZero();
        assertThat(b.getShort(2)).as("type: icon").isEqualTo((short) 1);
        int count = b.getShort(4);
        assertThat(count).isEqualTo(Icons.ICO_SIZES.size());
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int entry = 6 + 16 * i;
            int width = Byte.toUnsignedInt(ico[entry]) == 0 ? 256 : Byte.toUnsignedInt(ico[entry]);
            int length = b.getInt(entry + 8);
            int offset = b.getInt(entry + 12);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Arrays.copyOfRange(ico, offset, offset + length)));
            assertThat(img.getWidth()).isEqualTo(width);
            assertThat(b.getShort(entry + 6)).as("bits per pixel").isEqualTo((short) 32);
            sizes.add(width);
        }
        assertThat(sizes).isEqualTo(Icons.ICO_SIZES);
    }

    @Test
    void icnsEntriesAddUpToTheFileAndHoldPngsOfTheirSize() throws IOException {
        byte[] icns = Icons.icns();
        ByteBuffer b = ByteBuffer.wrap(icns);
        assertThat(new String(icns, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("icns");
        assertThat(b.getInt(4)).isEqualTo(icns.length);
        int pos = 8;
        List<Icons.IcnsEntry> seen = new ArrayList<>();
        while (pos < icns.length) {
            String type = new String(icns, pos, 4, StandardCharsets.US_ASCII);
            int length = b.getInt(pos + 4);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Arrays.copyOfRange(icns, pos + 8, pos + length)));
            seen.add(new Icons.IcnsEntry(type, img.getWidth()));
            pos += length;
        }
        assertThat(pos).isEqualTo(icns.length);
        assertThat(seen).isEqualTo(Icons.ICNS_ENTRIES);
    }

    @Test
    void writesTheWindowsAndMacIconsForJpackage() throws IOException {
        Icons.writeAll(dir);
        assertThat(Files.readAllBytes(dir.resolve("peerwave.ico"))).isEqualTo(Icons.ico());
        assertThat(Files.readAllBytes(dir.resolve("peerwave.icns"))).isEqualTo(Icons.icns());
    }
}
