package org.peerwave.engine.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Storage uses only the JDK, SLF4J, bencode and metainfo: no peer wire, tracker, picker or session code. */
class StorageArchitectureTest {

    @Test
    void storageDependsOnlyOnBencodeAndMetainfo() {
        classes().that().resideInAPackage("org.peerwave.engine.storage..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.peerwave.engine.storage..",
                        "org.peerwave.engine.bencode..", "org.peerwave.engine.metainfo..", "java..", "org.slf4j..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.peerwave.engine.storage"));
    }
}
