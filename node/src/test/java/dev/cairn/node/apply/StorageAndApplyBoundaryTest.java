package dev.cairn.node.apply;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The storage and apply layers stay free of the RPC library, so they can be driven without a server. */
class StorageAndApplyBoundaryTest {
    @Test
    void mvccAndApplyDoNotDependOnGrpc() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cairn.node.storage.mvcc", "dev.cairn.node.apply");
        noClasses().that().resideInAnyPackage("dev.cairn.node.storage.mvcc..", "dev.cairn.node.apply..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..")
                .check(classes);
    }
}
