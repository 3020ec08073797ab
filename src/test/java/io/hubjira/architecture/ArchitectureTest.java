package io.hubjira.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    void jiraChangesReachHubSpotAndJiraOnlyThroughTheScopesOfTheirItemOrSite() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields().that().areDeclaredInClassesThat().resideInAPackage("io.hubjira.jiratohubspot..")
                .should().haveRawType(io.hubjira.hubspot.HubSpotClient.class).orShould().haveRawType(io.hubjira.jira.JiraClient.class)
                .because("a client held by a handler would be one portal's or site's for every item; each call goes through the item's"
                        + " (or the event's site's) scope").check(production);
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
    void everyCallForAnItemGoesThroughTheScopeOfItsOwnConnections() {
        // the application's own client and metadata beans serve the first connection only: a bean holding one would
        // reach the first portal or site for an item of another
        fields().that().haveRawType(io.hubjira.hubspot.HubSpotClient.class).or().haveRawType(io.hubjira.jira.JiraClient.class)
                // the people of one pair hold that pair's clients
                .should().beDeclaredInClassesThat().resideInAnyPackage("io.hubjira.connection..", "io.hubjira.catalog..", "io.hubjira.hubspot..",
                        "io.hubjira.jira..", "io.hubjira.people..")
                .because("a call for an item goes through its ItemContext's HubSpotScope and JiraScope (ConnectionScopes)").check(production);
        fields().that().haveRawType(io.hubjira.catalog.HubSpotMetadata.class).or().haveRawType(io.hubjira.catalog.JiraMetadata.class)
                .should().beDeclaredInClassesThat().resideInAnyPackage("io.hubjira.connection..", "io.hubjira.catalog..")
                .orShould().beDeclaredIn(io.hubjira.item.ItemValidator.class)
                .because("metadata is read from the connection an item or a call names").check(production);
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
    void noBeanCycleIsHiddenBehindLazyAndNoConversionCallsAnApi() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.context.annotation.Lazy")
                .because("a bean cycle is broken by design (a credential source the client depends on), not deferred").check(production);
        noClasses().that().resideInAPackage("io.hubjira.convert..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.hubjira.hubspot.HubSpotClient")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.hubjira.jira.JiraClient")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.hubjira.people.PeopleDirectory")
                .because("conversions are handed the People they need; the caller, not the conversion, owns the API calls").check(production);
    }

    @Test
    void conversionsProduceTypedValuesAndOnlyTheJiraClientWritesTheirJson() {
        noClasses().that().resideInAPackage("io.hubjira.convert..")
                // an ADF document is rich-text content, not a field's shape: its builders and fitters build its tree
                .and().doNotHaveSimpleName("AdfHtml").and().doNotHaveSimpleName("RecordReference").and().doNotHaveSimpleName("TextFit")
                .should().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.databind.node.ObjectNode")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.databind.node.ArrayNode")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.databind.node.JsonNodeFactory")
                .because("conversions make JiraFieldValues; the Jira client owns the JSON of a field").check(production);
        noClasses().that().resideOutsideOfPackage("io.hubjira.jira..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.hubjira.jira.JiraFieldJson")
                .orShould().callMethod(io.hubjira.jira.JiraFieldValue.class, "json")
                .because("only the Jira client turns field values into Jira's JSON and back").check(production);
        noClasses().that().resideOutsideOfPackages("io.hubjira.jira..", "io.hubjira.hubspot..", "io.hubjira.http..", "io.hubjira.convert..")
                .should().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.databind.node.ObjectNode")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.databind.node.ArrayNode")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.databind.node.JsonNodeFactory")
                .because("the clients own their APIs' JSON, and ADF documents are made by the rich-text conversions").check(production);
    }

    @Test
    void controllersAndProblemTypesLiveInAdmin() {
        noClasses().that().resideOutsideOfPackage("io.hubjira.admin..")
                .should().beAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .orShould().beAnnotatedWith(org.springframework.web.bind.annotation.RestControllerAdvice.class)
                .check(production);
    }

    /** What a route file may not contain: a SQL endpoint, or a statement written into an expression. */
    static final Pattern SQL_IN_ROUTE = Pattern.compile("\\b(sql|jdbc|sql-stored):|\\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\\s+\\w");

    @Test
    void noRouteFileContainsSql() throws IOException {
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (!line.stripLeading().startsWith("#") && SQL_IN_ROUTE.matcher(line).find()) {
                        offending.add(file.getFileName() + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(offending).as("routes read as trigger, claim, split, flow, settle; the queue component owns its SQL").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteNamesTheFailureClassItRunsUnder() throws IOException {
        List<String> configurations = new ArrayList<>();
        Map<String, String> routes = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                List<Map<String, Object>> entries = new org.yaml.snakeyaml.Yaml().load(Files.readString(file));
                for (Map<String, Object> entry : entries) {
                    if (entry.get("routeConfiguration") instanceof Map<?, ?> configuration) {
                        configurations.add(String.valueOf(configuration.get("id")));
                    }
                    if (entry.get("route") instanceof Map<?, ?> route) {
                        routes.put(file.getFileName() + " " + route.get("id"), String.valueOf(route.get("routeConfigurationId")));
                    }
                }
            }
        }
        assertThat(routes).as("routes found").hasSizeGreaterThan(20);
        assertThat(routes).as("no route falls back to Camel's default handler, which would end a sub-flow's failure where it happened"
                + " and keep the caller's failure class from seeing it").allSatisfy((route, configuration) ->
                assertThat(configurations).as(route).contains(configuration));
    }

    /** The tables of the work queues, and the sequence of their fencing tokens. */
    static final Pattern QUEUE_TABLE = Pattern.compile("\\b(webhook_inbox|inbox_issue_claim|hubspot_change|queue_claim_token)\\b");

    @Test
    void noClassOutsideTheQueuePackageTouchesTheQueueTables() throws IOException {
        Path root = Path.of("src/main/java");
        Path queue = root.resolve("io/hubjira/queue");
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(queue)).sorted().toList()) {
                if (QUEUE_TABLE.matcher(Files.readString(file)).find()) {
                    offending.add(root.relativize(file).toString());
                }
            }
        }
        assertThat(offending).as("the queue's state machine is in one package; others call it").isEmpty();
        assertThat(Files.exists(queue.resolve("JiraEventQueue.java"))).as("the wall guards the real package").isTrue();
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.hubjira.(*)..").should().beFreeOfCycles().check(production);
    }
}
