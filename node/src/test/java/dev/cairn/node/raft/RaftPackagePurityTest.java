package dev.cairn.node.raft;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Raft core stays a pure state machine: JDK language and collection types only, no I/O, threads or clock. */
class RaftPackagePurityTest {
    private final JavaClasses raft = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cairn.node.raft");

    @Test
    void dependsOnlyOnItselfAndPureJdkPackages() {
        classes().that().resideInAPackage("dev.cairn.node.raft")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "dev.cairn.node.raft", "java.lang", "java.lang.invoke", "java.lang.runtime", "java.util",
                        "java.util.function", "java.util.random", "java.util.stream")
                .check(raft);
    }

    @Test
    void usesNoThreadsOrClocks() {
        noClasses().that().resideInAPackage("dev.cairn.node.raft")
                .should().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(System.class.getName())
                .check(raft);
    }
}
