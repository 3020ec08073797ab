package io.hubjira.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.FluentProducerTemplate;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walls of ../shared/DESIGN.md, checked on the production classes: a forbidden import fails the build, naming
 * the class and the dependency that broke the wall.
 */
class ArchitectureTest {

    static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.hubjira");
    }

    @Test
    void theHubSpotClientAndTheJiraClientKnowNothingOfEachOther() {
        noClasses().that().resideInAPackage("io.hubjira.hubspot..").should().dependOnClassesThat().resideInAPackage("io.hubjira.jira..")
                .because("only the sync core joins HubSpot and Jira").check(production);
        noClasses().that().resideInAPackage("io.hubjira.jira..").should().dependOnClassesThat().resideInAPackage("io.hubjira.hubspot..")
                .because("only the sync core joins HubSpot and Jira").check(production);
    }

    @Test
    void theClientsKnowNothingOfTheSyncOrOfRoutes() {
        noClasses().that().resideInAnyPackage("io.hubjira.hubspot..", "io.hubjira.jira..", "io.hubjira.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.hubjira.sync..", "io.hubjira.hubspottojira..", "io.hubjira.jiratohubspot..",
                        "io.hubjira.intake..", "io.hubjira.admin..", "io.hubjira.link..", "io.hubjira.item..")
                .because("routes call beans and beans call clients; nothing calls back up").check(production);
        noClasses().that().resideInAnyPackage("io.hubjira.hubspot..", "io.hubjira.jira..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .because("a client reaches its API through the http package, never a route").check(production);
    }

    @Test
    void theSyncCoreDoesNotKnowTheAdminOrWebLayer() {
        noClasses().that().resideInAnyPackage("io.hubjira.sync..", "io.hubjira.hubspottojira..", "io.hubjira.jiratohubspot..", "io.hubjira.link..",
                        "io.hubjira.item..", "io.hubjira.convert..", "io.hubjira.catalog..", "io.hubjira.connection..", "io.hubjira.panel..")
                .should().dependOnClassesThat().resideInAnyPackage("io.hubjira.admin..", "io.hubjira.intake..",
                        "org.springframework.web..", "jakarta.servlet..")
                .because("the domain throws its own exceptions; controllers and HTTP live in admin and intake").check(production);
    }

    @Test
    void productionCodeDoesNotKnowTheSandbox() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.hubjira.sandbox..")
                .because("the simulators are wired in by profile only, from the test classpath").check(production);
    }

    @Test
    void noBeanSendsIntoARoute() {
        noClasses().that().doNotHaveFullyQualifiedName("io.hubjira.http.CamelHttpTransport")
                .should().dependOnClassesThat().areAssignableTo(ProducerTemplate.class)
                .orShould().dependOnClassesThat().areAssignableTo(FluentProducerTemplate.class)
                .orShould().dependOnClassesThat().areAssignableTo(ConsumerTemplate.class)
                .because("a flow is reached through the endpoint its route file declares (the HTTP transport sends to camel-http only)")
                .check(production);
    }

    @Test
    void controllersAndProblemTypesLiveInAdmin() {
        noClasses().that().resideOutsideOfPackage("io.hubjira.admin..")
                .should().beAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .orShould().beAnnotatedWith(org.springframework.web.bind.annotation.RestControllerAdvice.class)
                .check(production);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.hubjira.(*)..").should().beFreeOfCycles().check(production);
    }
}
