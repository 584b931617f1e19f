package org.peerwave.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the directions of ../shared/ARCHITECTURE.md: the engine is headless (no JavaFX, no vlcj, no
 * app or media code) and its packages only depend downwards:
 * util → bencode → metainfo → wire → tracker, dht, lsd, webrtc, webseed → storage, picker → session → stream.
 */
class EngineArchitectureTest {

    /** Package levels, lowest first; a package may depend on its own level and those below. */
    static final List<List<String>> LEVELS = List.of(
            List.of("util"),
            List.of("bencode"),
            List.of("metainfo"),
            List.of("wire"),
            List.of("tracker", "dht", "lsd", "webrtc", "webseed"),
            List.of("storage", "picker"),
            List.of("session"),
            List.of("stream"));

    static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.peerwave.engine");
    }

    @Test
    void engineIsHeadless() {
        noClasses().that().resideInAPackage("org.peerwave.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "uk.co.caprica..",
                        "org.peerwave.app..", "org.peerwave.media..", "java.awt..", "javax.swing..")
                .because("the engine must run on a headless server")
                .check(engine);
    }

    @Test
    void lowerPackagesNeverImportHigherOnes() {
        for (int level = 0; level < LEVELS.size(); level++) {
            List<String> higher = new ArrayList<>();
            for (int h = level + 1; h < LEVELS.size(); h++) {
                for (String p : LEVELS.get(h)) {
                    higher.add("org.peerwave.engine." + p + "..");
                }
            }
            if (higher.isEmpty()) {
                continue;
            }
            for (String p : LEVELS.get(level)) {
                noClasses().that().resideInAPackage("org.peerwave.engine." + p + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(higher.toArray(String[]::new))
                        .because(p + " sits below " + higher)
                        .allowEmptyShould(true)
                        .check(engine);
            }
        }
    }

    @Test
    void sameLevelDiscoveryPackagesAreIndependent() {
        for (String p : LEVELS.get(4)) {
            List<String> siblings = LEVELS.get(4).stream().filter(s -> !s.equals(p))
                    .map(s -> "org.peerwave.engine." + s + "..").toList();
            noClasses().that().resideInAPackage("org.peerwave.engine." + p + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(siblings.toArray(String[]::new))
                    .allowEmptyShould(true)
                    .check(engine);
        }
    }

    @Test
    void noPrintingOrStackTracesInTheEngine() {
        noClasses().that().resideInAPackage("org.peerwave.engine..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .because("the engine logs through SLF4J")
                .check(engine);
    }
}
