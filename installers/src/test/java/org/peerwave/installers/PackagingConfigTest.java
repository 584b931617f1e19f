package org.peerwave.installers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads the installers' configuration as Windows Installer, macOS and the Linux desktop read it, and
 * checks that each registers magnet: links and .torrent files with the launcher that jpackage makes
 * (the names come from package.sh, the script that runs jpackage).
 */
class PackagingConfigTest {

    private static final Path PACKAGING = Path.of(System.getProperty("peerwave.packaging.dir", "src/main/packaging"));
    private static final Path PACKAGE_SH = PACKAGING.resolveSibling("sh").resolve("package.sh");
    private static final String WIX = "http://schemas.microsoft.com/wix/2006/wi";

    // --- the launcher names jpackage gets -----------------------------------------------------

    /** {@code if [ "$OS" = linux ]; then NAME=peerwave; else NAME=Peerwave; fi} in package.sh. */
    private static String[] launcherNames() throws IOException {
        String script = Files.readString(PACKAGE_SH);
        Matcher m = Pattern.compile("if \\[ \"\\$OS\" = linux \\]; then NAME=(\\w+); else NAME=(\\w+); fi").matcher(script);
        assertThat(m.find()).as("package.sh sets the launcher's name per OS").isTrue();
        return new String[] {m.group(1), m.group(2)};
    }

    @Test
    void launcherNamesAreTheOnesTheConfigurationUses() throws IOException {
        assertThat(launcherNames()).containsExactly("peerwave", "Peerwave");
    }

    // --- Windows ------------------------------------------------------------------------------

    @Test
    void msiRegistersTheMagnetUrlProtocolWithTheLauncher() throws Exception {
        Document wxs = xml(PACKAGING.resolve("windows/main.wxs"));
        String command = "\"[INSTALLDIR]" + launcherNames()[1] + ".exe\" \"%1\"";

        Element magnet = registryKey(wxs, "Software\\Classes\\magnet");
        assertThat(values(magnet)).containsEntry("URL Protocol", "").containsKey("");
        assertThat(values(magnet).get("")).startsWith("URL:");
        assertThat(subKeyValue(magnet, "shell\\open\\command")).isEqualTo(command);
        assertThat(registeredInDefaultFeature(wxs, magnet)).isTrue();
        assertThat(magnet.getAttribute("Root")).isEqualTo("HKMU");
    }

    @Test
    void msiAssociatesTorrentFilesWithTheLauncher() throws Exception {
        Document wxs = xml(PACKAGING.resolve("windows/main.wxs"));
        String command = "\"[INSTALLDIR]" + launcherNames()[1] + ".exe\" \"%1\"";

        Element extension = registryKey(wxs, "Software\\Classes\\.torrent");
        String progId = values(extension).get("");
        assertThat(progId).isNotBlank();
        assertThat(values(extension)).containsEntry("Content Type", "application/x-bittorrent");
        Element type = registryKey(wxs, "Software\\Classes\\" + progId);
        assertThat(subKeyValue(type, "shell\\open\\command")).isEqualTo(command);
        assertThat(registeredInDefaultFeature(wxs, extension)).isTrue();
        assertThat(registeredInDefaultFeature(wxs, type)).isTrue();
    }

    @Test
    void msiOffersPeerwaveInDefaultAppsForBoth() throws Exception {
        Document wxs = xml(PACKAGING.resolve("windows/main.wxs"));
        String command = "\"[INSTALLDIR]" + launcherNames()[1] + ".exe\" \"%1\"";
        Element capabilities = registryKey(wxs, "Software\\Peerwave\\Capabilities");
        String torrentProgId = subKeyValue(capabilities, "FileAssociations", ".torrent");
        String magnetProgId = subKeyValue(capabilities, "URLAssociations", "magnet");
        assertThat(subKeyValue(registryKey(wxs, "Software\\Classes\\" + torrentProgId), "shell\\open\\command")).isEqualTo(command);
        assertThat(subKeyValue(registryKey(wxs, "Software\\Classes\\" + magnetProgId), "shell\\open\\command")).isEqualTo(command);
        boolean registered = false;
        for (Element v : elements(wxs.getDocumentElement(), "RegistryValue")) {
            registered |= "Software\\RegisteredApplications".equals(v.getAttribute("Key"))
                    && "Software\\Peerwave\\Capabilities".equals(v.getAttribute("Value"));
        }
        assertThat(registered).as("RegisteredApplications names the capabilities").isTrue();
    }

    @Test
    void msiKeepsWhatJpackageGenerates() throws Exception {
        Document wxs = xml(PACKAGING.resolve("windows/main.wxs"));
        List<String> groups = new ArrayList<>();
        for (Element ref : elements(wxs.getDocumentElement(), "ComponentGroupRef")) {
            groups.add(ref.getAttribute("Id"));
        }
        assertThat(groups).contains("Files", "Shortcuts", "FileAssociations");
        assertThat(elements(wxs.getDocumentElement(), "UIRef")).extracting(e -> e.getAttribute("Id")).contains("JpUI");
        assertThat(Files.readString(PACKAGING.resolve("windows/main.wxs"))).contains("$(var.JpProductCode)", "$(var.JpAppVersion)");
    }

    // --- macOS --------------------------------------------------------------------------------

    @Test
    void appBundleOpensMagnetLinks() throws Exception {
        Map<String, Object> plist = plist(PACKAGING.resolve("macos/Info.plist"));
        assertThat(plist.get("CFBundleExecutable")).isEqualTo(launcherNames()[1]);
        boolean magnet = false;
        for (Object t : list(plist.get("CFBundleURLTypes"))) {
            magnet |= list(map(t).get("CFBundleURLSchemes")).contains("magnet");
        }
        assertThat(magnet).as("CFBundleURLTypes has the magnet scheme").isTrue();
    }

    @Test
    void appBundleOpensTorrentFiles() throws Exception {
        Map<String, Object> plist = plist(PACKAGING.resolve("macos/Info.plist"));
        Map<String, Object> torrentType = null;
        for (Object t : list(plist.get("UTImportedTypeDeclarations"))) {
            Map<String, Object> spec = map(map(t).get("UTTypeTagSpecification"));
            if (list(spec.get("public.filename-extension")).contains("torrent")) {
                torrentType = map(t);
                assertThat(list(spec.get("public.mime-type"))).contains("application/x-bittorrent");
            }
        }
        assertThat(torrentType).as("a UTI for the .torrent extension").isNotNull();
        String uti = (String) torrentType.get("UTTypeIdentifier");
        Optional<Map<String, Object>> doc = list(plist.get("CFBundleDocumentTypes")).stream().map(PackagingConfigTest::map)
                .filter(d -> list(d.get("LSItemContentTypes")).contains(uti)).findFirst();
        assertThat(doc).as("a document type for " + uti).isPresent();
        assertThat(doc.get().get("CFBundleTypeRole")).isEqualTo("Viewer");
        assertThat(list(doc.get().get("CFBundleTypeExtensions"))).contains("torrent");
    }

    @Test
    void appBundleNamesTheIconJpackageCopiesIn() throws Exception {
        // jpackage copies --icon to Contents/Resources/<name>.icns.
        Map<String, Object> plist = plist(PACKAGING.resolve("macos/Info.plist"));
        assertThat(plist.get("CFBundleIconFile")).isEqualTo(launcherNames()[1] + ".icns");
        assertThat(plist.get("CFBundleIdentifier")).isEqualTo(Icons.APP_ID);
        assertThat(Files.readString(PACKAGE_SH)).contains("peerwave.icns");
    }

    // --- Linux --------------------------------------------------------------------------------

    @Test
    void desktopEntryOpensMagnetLinksAndTorrentFilesWithTheLauncher() throws IOException {
        Map<String, String> entry = desktopEntry(PACKAGING.resolve("linux/" + Icons.APP_ID + ".desktop"));
        assertThat(entry.get("MimeType")).isEqualTo("application/x-bittorrent;x-scheme-handler/magnet;");
        assertThat(entry.get("Exec")).isEqualTo("/opt/peerwave/bin/" + launcherNames()[0] + " %U");
        assertThat(entry.get("Icon")).isEqualTo(Icons.APP_ID);
        assertThat(entry.get("Type")).isEqualTo("Application");
    }

    @Test
    void appStreamMetadataLaunchesTheDesktopEntry() throws Exception {
        Document metainfo = xml(PACKAGING.resolve("linux/" + Icons.APP_ID + ".metainfo.xml"));
        Element root = metainfo.getDocumentElement();
        assertThat(text(root, "id")).isEqualTo(Icons.APP_ID);
        assertThat(text(root, "launchable")).isEqualTo(Icons.APP_ID + ".desktop");
        List<String> mediatypes = elements(root, "mediatype").stream().map(Node::getTextContent).toList();
        assertThat(mediatypes).contains("application/x-bittorrent", "x-scheme-handler/magnet");
    }

    @Test
    void mimePackageDefinesTheTorrentGlob() throws Exception {
        Document mime = xml(PACKAGING.resolve("linux/" + Icons.APP_ID + ".mime.xml"));
        Element type = elements(mime.getDocumentElement(), "mime-type").getFirst();
        assertThat(type.getAttribute("type")).isEqualTo("application/x-bittorrent");
        assertThat(elements(type, "glob")).extracting(e -> e.getAttribute("pattern")).contains("*.torrent");
    }

    @Test
    void debianScriptsUpdateTheDesktopCaches() throws IOException {
        for (String script : List.of("postinst", "postrm")) {
            String text = Files.readString(PACKAGING.resolve("linux/" + script));
            assertThat(text).as(script).contains("update-desktop-database", "update-mime-database", "gtk-update-icon-cache");
            assertThat(Files.isExecutable(PACKAGING.resolve("linux/" + script))).as(script + " is executable").isTrue();
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    private static Document xml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        try (InputStream in = Files.newInputStream(file)) {
            return b.parse(in);
        }
    }

    private static List<Element> elements(Element root, String localName) {
        NodeList nodes = root.getElementsByTagNameNS("*", localName);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static String text(Element root, String localName) {
        return elements(root, localName).getFirst().getTextContent().strip();
    }

    private static Element registryKey(Document wxs, String key) {
        for (Element e : elements(wxs.getDocumentElement(), "RegistryKey")) {
            if (key.equalsIgnoreCase(e.getAttribute("Key"))) {
                assertThat(e.getNamespaceURI()).isEqualTo(WIX);
                return e;
            }
        }
        throw new AssertionError("no RegistryKey " + key);
    }

    /** The values set directly in a key, by name ("" is the default value). */
    private static Map<String, String> values(Element key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element v : elements(key, "RegistryValue")) {
            if (v.getAttribute("Key").isEmpty()) {
                out.put(v.getAttribute("Name"), v.getAttribute("Value"));
            }
        }
        return out;
    }

    private static String subKeyValue(Element key, String subKey) {
        return subKeyValue(key, subKey, "");
    }

    private static String subKeyValue(Element key, String subKey, String name) {
        for (Element v : elements(key, "RegistryValue")) {
            if (subKey.equalsIgnoreCase(v.getAttribute("Key")) && name.equals(v.getAttribute("Name"))) {
                return v.getAttribute("Value");
            }
        }
        throw new AssertionError("no value '" + name + "' in " + key.getAttribute("Key") + "\\" + subKey);
    }

    /** The key's component is in a component group that the default feature references. */
    private static boolean registeredInDefaultFeature(Document wxs, Element registryKey) {
        Node n = registryKey;
        while (n != null && !"ComponentGroup".equals(n.getLocalName())) {
            n = n.getParentNode();
        }
        if (n == null) {
            return false;
        }
        String group = ((Element) n).getAttribute("Id");
        for (Element feature : elements(wxs.getDocumentElement(), "Feature")) {
            if ("DefaultFeature".equals(feature.getAttribute("Id"))) {
                for (Element ref : elements(feature, "ComponentGroupRef")) {
                    if (group.equals(ref.getAttribute("Id"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Map<String, Object> plist(Path file) throws Exception {
        Element dict = null;
        for (Node n = xml(file).getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                dict = e;
                break;
            }
        }
        assertThat(dict).isNotNull();
        return map(plistValue(dict));
    }

    private static Object plistValue(Element e) {
        switch (e.getTagName()) {
            case "dict" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                String key = null;
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (!(n instanceof Element child)) {
                        continue;
                    }
                    if (child.getTagName().equals("key")) {
                        key = child.getTextContent();
                    } else {
                        assertThat(key).as("a value without a key in a plist dict").isNotNull();
                        assertThat(m).as("duplicate key " + key).doesNotContainKey(key);
                        m.put(key, plistValue(child));
                        key = null;
                    }
                }
                return m;
            }
            case "array" -> {
                List<Object> l = new ArrayList<>();
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element child) {
                        l.add(plistValue(child));
                    }
                }
                return l;
            }
            case "string" -> {
                return e.getTextContent();
            }
            case "true" -> {
                return true;
            }
            case "false" -> {
                return false;
            }
            default -> throw new AssertionError("unexpected plist element " + e.getTagName());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    private static Map<String, String> desktopEntry(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        boolean inEntry = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("[")) {
                inEntry = line.equals("[Desktop Entry]");
            } else if (inEntry && line.contains("=") && !line.startsWith("#")) {
                String[] kv = line.split("=", 2);
                assertThat(m).as("duplicate key " + kv[0]).doesNotContainKey(kv[0]);
                m.put(kv[0], kv[1]);
            }
        }
        assertThat(m).as("a [Desktop Entry] group in " + file).isNotEmpty();
        return m;
    }

    @Test
    void desktopEntryParserReadsOnlyTheDesktopEntryGroup() throws IOException {
        Path f = Files.createTempFile("entry", ".desktop");
        try {
            Files.writeString(f, String.join("\n", Arrays.asList(
                    "[Desktop Entry]", "Name=A", "# Exec=ignored", "[Desktop Action x]", "Name=B")));
            assertThat(desktopEntry(f)).containsExactly(Map.entry("Name", "A"));
        } finally {
            Files.delete(f);
        }
    }
}
