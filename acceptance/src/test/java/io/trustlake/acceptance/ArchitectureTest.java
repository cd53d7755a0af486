package io.trustlake.acceptance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module table of DESIGN.md and the conventions' one crypto door, as executable rules. */
class ArchitectureTest {
    private static final String RATIS = "org.apache.ratis..";
    private static final String JAVALIN = "io.javalin..";
    private static final String HAPI = "ca.uhn..";
    private static final String LEDGER_RAFT = "io.trustlake.ledger.raft..";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.trustlake");
    }

    private static void mustNotDependOn(String module, String... packages) {
        noClasses()
                .that()
                .resideInAPackage("io.trustlake." + module + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages)
                .because("DESIGN.md's module table forbids it")
                .check(classes);
    }

    @Test
    void commonDependsOnNothingOfOurs() {
        mustNotDependOn(
                "common",
                "io.trustlake.ledger..",
                "io.trustlake.contracts..",
                "io.trustlake.auth..",
                "io.trustlake.lake..",
                "io.trustlake.server..",
                "io.trustlake.cli..",
                "io.trustlake.synthetic..");
    }

    @Test
    void ledgerKnowsNoConsensusEngineWebFrameworkOrFhir() {
        noClasses()
                .that()
                .resideInAPackage("io.trustlake.ledger..")
                .and()
                .resideOutsideOfPackage(LEDGER_RAFT)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        RATIS,
                        JAVALIN,
                        HAPI,
                        LEDGER_RAFT,
                        "io.trustlake.contracts..",
                        "io.trustlake.server..",
                        "io.trustlake.lake..",
                        "io.trustlake.auth..")
                .because("DESIGN.md's module table forbids it")
                .check(classes);
    }

    @Test
    void ledgerRaftKnowsNoWebFrameworkAndNoApplicationModule() {
        mustNotDependOn(
                "ledger.raft",
                JAVALIN,
                HAPI,
                "io.trustlake.contracts..",
                "io.trustlake.server..",
                "io.trustlake.lake..",
                "io.trustlake.auth..",
                "io.trustlake.cli..");
    }

    @Test
    void contractsAuthAndLakeKnowNeitherRatisNorJavalin() {
        mustNotDependOn(
                "contracts", RATIS, JAVALIN, "io.trustlake.server..", "io.trustlake.lake..", "io.trustlake.auth..");
        mustNotDependOn("auth", RATIS, JAVALIN, "io.trustlake.server..", "io.trustlake.lake..");
        mustNotDependOn("lake", RATIS, JAVALIN, "io.trustlake.server..", "io.trustlake.auth..");
    }

    @Test
    void serverTalksToTheOrdererPortNotToRatis() {
        mustNotDependOn("server", RATIS, "io.trustlake.cli..");
    }

    @Test
    void syntheticDependsOnNoAppModule() {
        mustNotDependOn(
                "synthetic",
                "io.trustlake.ledger..",
                "io.trustlake.contracts..",
                "io.trustlake.auth..",
                "io.trustlake.lake..",
                "io.trustlake.server..",
                "io.trustlake.cli..");
    }

    @Test
    void onlyTheCryptoDoorCreatesCryptographicPrimitives() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.trustlake.common.crypto..")
                .should()
                .callMethod(java.security.MessageDigest.class, "getInstance", String.class)
                .orShould()
                .callConstructor(java.security.SecureRandom.class)
                .orShould()
                .callMethod(javax.crypto.Cipher.class, "getInstance", String.class)
                .orShould()
                .callMethod(javax.crypto.Mac.class, "getInstance", String.class)
                .orShould()
                .callMethod(java.security.Signature.class, "getInstance", String.class)
                .because("CONVENTIONS.md: one crypto door")
                .check(classes);
    }

    @Test
    void mainCodeNeverUsesJavaUtilRandom() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .areAssignableTo(java.util.Random.class)
                .andShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.util.Random")
                .because("CONVENTIONS.md bans java.util.Random in main code")
                .check(classes);
    }
}
