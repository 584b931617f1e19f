package org.peerwave.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MVVM and CLI rules of ARCHITECTURE.md for the app module. */
class AppArchitectureTest {

    static JavaClasses app;

    @BeforeAll
    static void importApp() {
        app = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.peerwave.app");
    }

    @Test
    void viewModelsHoldNoControls() {
        noClasses().that().resideInAPackage("org.peerwave.app.ui..")
                .and().haveNameNotMatching(".*View(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .because("view models are tested without a UI; only XView classes build controls")
                .check(app);
    }

    @Test
    void commandLineNeedsNoJavaFx() {
        noClasses().that().resideInAnyPackage("org.peerwave.app.cli..", "org.peerwave.app.util..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.peerwave.app.ui..")
                .because("the CLI runs on machines without a display")
                .check(app);
    }
}
