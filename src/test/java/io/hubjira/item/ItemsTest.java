package io.hubjira.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Smart Connected Items: the catalog and live metadata, CRUD, every save-time validation, items as code. */
class ItemsTest extends SandboxTest {

    @Autowired
    ItemService items;

    @BeforeEach
    void clean() {
        resetEverything();
        connectDemoPortalAndSite();
    }

    private List<String> violations(Answer a) {
        List<String> out = new ArrayList<>();
        a.body().path("violations").forEach(v -> out.add(v.path("field").asText() + ": " + v.path("reason").asText()));
        return out;
    }

    @Test
    void theCatalogListsTheCuratedModulesACustomObjectAndWhatTheTokenCannotRead() {
        String limited = "pat-na1-00000000-0000-4000-8000-0000000000c3";
        Set<String> scopes = new java.util.HashSet<>(io.hubjira.sandbox.hubspot.HubSpotSandbox.allScopes());
        scopes.remove("crm.objects.invoices.read");
        hubspot.registerPrivateAppToken(limited, PORTAL, 44, scopes);
        assertThat(call("PUT", "/api/connections/hubspot", Map.of("portalId", "12345678", "token", limited)).status()).isEqualTo(200);
        Answer modules = call("GET", "/api/catalog/hubspot/modules", null);
        assertThat(modules.status()).isEqualTo(200);
        Map<String, List<String>> objectsByModule = new LinkedHashMap<>();
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode m : modules.body()) {
            List<String> names = new ArrayList<>();
            m.path("objects").forEach(o -> {
                names.add(o.path("name").asText());
                byName.put(o.path("name").asText(), o);
            });
            objectsByModule.put(m.path("module").asText(), names);
        }
        assertThat(objectsByModule.get("CRM")).containsExactly("contacts", "companies", "deals", "tickets", "products", "line_items", "quotes", "leads");
        assertThat(objectsByModule.get("ACTIVITIES")).containsExactly("notes", "meetings", "calls", "emails", "tasks", "appointments");
        assertThat(objectsByModule.get("COMMERCE")).containsExactly("invoices", "orders", "payments", "subscriptions");
        assertThat(objectsByModule.get("OPERATIONS")).containsExactly("projects", "services", "listings");
        assertThat(objectsByModule.get("MARKETING")).containsExactly("marketing_events");
        assertThat(objectsByModule.get("CUSTOM")).containsExactly("2-9001");
        assertThat(byName.get("2-9001").path("label").asText()).isEqualTo("Customer projects");
        assertThat(byName.get("invoices").path("readable").asBoolean()).isFalse();
        assertThat(byName.get("invoices").path("missingScopes").toString()).isEqualTo("[\"crm.objects.invoices.read\"]");
        assertThat(byName.get("deals").path("readable").asBoolean()).isTrue();
    }

    @Test
    void objectMetadataShowsPropertiesTheStatusFieldWithStagesAndTheDisplayProperty() {
        Answer deals = call("GET", "/api/catalog/hubspot/objects/deals", null);
        assertThat(deals.body().path("primaryDisplayProperty").asText()).isEqualTo("dealname");
        assertThat(deals.body().path("statusField").path("stageProperty").asText()).isEqualTo("dealstage");
        assertThat(deals.body().path("statusField").path("pipelines").path(0).path("stages").size()).isEqualTo(7);
        Answer tickets = call("GET", "/api/catalog/hubspot/objects/tickets", null);
        assertThat(tickets.body().path("statusField").path("stageProperty").asText()).isEqualTo("hs_pipeline_stage");
        Answer custom = call("GET", "/api/catalog/hubspot/objects/2-9001", null);
        assertThat(custom.body().path("statusField").path("pipelines").path(0).path("id").asText()).isEqualTo("delivery");
        assertThat(custom.body().path("primaryDisplayProperty").asText()).isEqualTo("project_name");
        assertThat(call("GET", "/api/catalog/hubspot/objects/contacts", null).body().path("statusField").isNull()).isTrue();
        Answer props = call("GET", "/api/catalog/hubspot/objects/deals/properties", null);
        JsonNode dealtype = null;
        for (JsonNode p : props.body()) {
            if (p.path("name").asText().equals("dealtype")) {
                dealtype = p;
            }
        }
        assertThat(dealtype).isNotNull();
        assertThat(dealtype.path("type").asText()).isEqualTo("enumeration");
        assertThat(dealtype.path("options").path(0).path("value").asText()).isEqualTo("newbusiness");
        assertThat(call("GET", "/api/catalog/hubspot/objects/unicorns/properties", null).status()).isEqualTo(404);
    }

    @Test
    void jiraMetadataShowsProjectsIssueTypesCreateFieldsAndStatuses() {
        assertThat(call("GET", "/api/catalog/jira/projects", null).body().toString()).contains("\"key\":\"SUP\"").contains("\"key\":\"ENG\"");
        assertThat(call("GET", "/api/catalog/jira/projects/SUP/issue-types", null).body().toString()).contains("Task").contains("Bug");
        Answer fields = call("GET", "/api/catalog/jira/projects/SUP/issue-types/10002/fields", null);
        JsonNode severity = null;
        for (JsonNode f : fields.body()) {
            if (f.path("fieldId").asText().equals("customfield_10050")) {
                severity = f;
            }
        }
        assertThat(severity.path("required").asBoolean()).isTrue();
        assertThat(severity.path("allowedValues").toString()).contains("Critical");
        Answer statuses = call("GET", "/api/catalog/jira/projects/SUP/statuses", null);
        assertThat(statuses.body().toString()).contains("\"name\":\"In Review\"").contains("\"categoryKey\":\"indeterminate\"");
        assertThat(call("GET", "/api/catalog/jira/projects/NOPE/statuses", null).status()).isEqualTo(404);
    }

    @Test
    void anItemRoundTripsThroughCreateReadUpdatePauseAndDelete() {
        Answer created = call("POST", "/api/items", demoDealsItem());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        long id = created.body().path("id").asLong();
        JsonNode d = created.body().path("definition");
        assertThat(d.path("fieldMappings").path(0).path("owner").asText()).isEqualTo("BOTH");
        assertThat(d.path("statusMapping").path("appointmentscheduled").asText()).isEqualTo("To Do");
        assertThat(d.path("statusMapping").path("qualifiedtobuy").asText()).isEqualTo("In Progress");
        assertThat(d.path("statusMapping").path("closedwon").asText()).isEqualTo("Done");
        Answer list = call("GET", "/api/items", null);
        assertThat(list.body().path(0).path("mappings").path(0).path("summary").asText()).isEqualTo("dealname ⇄ summary");
        Map<String, Object> oneWay = demoDealsItem();
        oneWay.put("mode", "ONE_WAY");
        Answer updated = call("PUT", "/api/items/" + id, oneWay);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("definition").path("fieldMappings").path(0).path("owner").asText()).isEqualTo("HUBSPOT");
        assertThat(call("GET", "/api/items", null).body().path(0).path("mappings").path(0).path("direction").asText()).isEqualTo("→");
        assertThat(call("POST", "/api/items/" + id + "/pause", null).body().path("definition").path("enabled").asBoolean()).isFalse();
        assertThat(call("POST", "/api/items", demoDealsItem()).status()).as("duplicate name").isEqualTo(409);
        assertThat(call("DELETE", "/api/items/" + id, null).status()).isEqualTo(204);
        assertThat(call("GET", "/api/items/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void customModeNeedsAnOwnerOnEveryMappingAndKeepsTheChosenOnes() {
        Map<String, Object> custom = demoDealsItem();
        custom.put("mode", "CUSTOM");
        Answer missing = call("POST", "/api/items", custom);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(violations(missing)).contains("fieldMappings[0].owner: Custom Sync per Mapping needs an owner on every mapping: HUBSPOT, JIRA or BOTH");
        custom.put("fieldMappings", List.of(Map.of("hubspotProperty", "dealname", "jiraField", "summary", "owner", "HUBSPOT"),
                Map.of("hubspotProperty", "amount", "jiraField", "customfield_10012", "owner", "JIRA")));
        Answer ok = call("POST", "/api/items", custom);
        assertThat(ok.status()).as(ok.text()).isEqualTo(201);
        assertThat(call("GET", "/api/items", null).body().path(0).path("mappings").toString()).contains("amount ← customfield_10012");
    }

    @Test
    void everySaveTimeProblemIsA422NamingItemFieldAndReasonAndNothingIsSaved() {
        Map<String, Object> bad = demoDealsItem();
        bad.put("jiraIssueType", "10002"); // Bug: Severity is required
        bad.put("fieldMappings", List.of(
                Map.of("hubspotProperty", "dealname", "jiraField", "summary"),
                Map.of("hubspotProperty", "amount", "jiraField", "summary"),
                Map.of("hubspotProperty", "no_such_property", "jiraField", "customfield_10010"),
                Map.of("hubspotProperty", "dealname", "jiraField", "customfield_99999"),
                Map.of("hubspotProperty", "closedate", "jiraField", "customfield_10013")));
        bad.put("rule", Map.of("property", "dealname", "operator", "GREATER_THAN", "value", "x", "metStatus", "Archived",
                "createWhenNotMet", true));
        Answer a = call("POST", "/api/items", bad);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().path("item").asText()).isEqualTo("Deals to Support");
        assertThat(violations(a)).anySatisfy(v -> assertThat(v).startsWith("fieldMappings: auto-create needs every required Jira field mapped").contains("Severity"))
                .anySatisfy(v -> assertThat(v).isEqualTo("fieldMappings[1].jiraField: Jira field 'summary' is mapped more than once"))
                .anySatisfy(v -> assertThat(v).startsWith("fieldMappings[2].hubspotProperty: HubSpot property 'no_such_property' does not exist"))
                .anySatisfy(v -> assertThat(v).startsWith("fieldMappings[3].jiraField: Jira field 'customfield_99999' does not exist"))
                .anySatisfy(v -> assertThat(v).startsWith("fieldMappings[4]: HubSpot datetime/date 'closedate' and Jira option field 'customfield_10013' cannot be transformed safely"))
                .anySatisfy(v -> assertThat(v).startsWith("rule.operator: operator GREATER_THAN does not fit the string property 'dealname'"))
                .anySatisfy(v -> assertThat(v).isEqualTo("rule.metStatus: Jira status 'Archived' is not in the workflow of project SUP"))
                .anySatisfy(v -> assertThat(v).isEqualTo("rule.notMetStatus: a Jira status is required"));
        assertThat(call("GET", "/api/items", null).body().size()).isZero();
    }

    @Test
    void ruleValuesMustBeEnumerationOptionsAndStatusSyncNeedsAStatusField() {
        Map<String, Object> bad = demoDealsItem();
        bad.put("rule", Map.of("property", "dealtype", "operator", "EQUALS", "value", "bogus", "metStatus", "To Do"));
        assertThat(violations(call("POST", "/api/items", bad))).anySatisfy(v -> assertThat(v).startsWith("rule.value: 'bogus' is not an option of dealtype"));
        Map<String, Object> contacts = demoDealsItem();
        contacts.put("hubspotObject", "contacts");
        contacts.put("fieldMappings", List.of(Map.of("hubspotProperty", "email", "jiraField", "summary")));
        assertThat(violations(call("POST", "/api/items", contacts))).contains("statusSync: HubSpot object 'contacts' has no status-like field (pipeline stage) to sync");
        Map<String, Object> display = new LinkedHashMap<>(Map.of("name", "Deal preview", "mode", "DISPLAY_ONLY", "hubspotModule", "CRM",
                "hubspotObject", "deals", "jiraProjects", List.of("SUP", "ENG"), "displayFields", List.of("dealname", "amount"),
                "statusSync", true, "commentsSync", true));
        assertThat(violations(call("POST", "/api/items", display))).containsExactlyInAnyOrder(
                "statusSync: sync options are not available on a display-only item", "commentsSync: sync options are not available on a display-only item");
        display.remove("statusSync");
        display.remove("commentsSync");
        assertThat(call("POST", "/api/items", display).status()).isEqualTo(201);
    }

    @Test
    void aSynchronizedItemMayHaveNoMappings() {
        Map<String, Object> statusOnly = demoDealsItem();
        statusOnly.put("fieldMappings", List.of());
        statusOnly.put("autoCreate", false);
        assertThat(call("POST", "/api/items", statusOnly).status()).isEqualTo(201);
    }

    /** connector.items[0] as application.yaml would declare it: tickets to SUP tasks, one way, subject to summary. */
    private static Map<String, Object> ticketsAsCode() {
        Map<String, Object> source = new HashMap<>();
        source.put("connector.items[0].name", "Tickets as code");
        source.put("connector.items[0].mode", "ONE_WAY");
        source.put("connector.items[0].hubspot-module", "CRM");
        source.put("connector.items[0].hubspot-object", "tickets");
        source.put("connector.items[0].jira-projects[0]", "SUP");
        source.put("connector.items[0].jira-issue-type", "10001");
        source.put("connector.items[0].field-mappings[0].hubspot-property", "subject");
        source.put("connector.items[0].field-mappings[0].jira-field", "summary");
        return source;
    }

    private static ItemsAsCode declared(Map<String, Object> source) {
        return new Binder(new MapConfigurationPropertySource(source)).bind("connector", ItemsAsCode.class).get();
    }

    @Test
    void itemsDeclaredAsConfigurationAreBoundValidatedAndApplied() {
        Map<String, Object> source = ticketsAsCode();
        source.put("connector.items[0].status-sync", "true");
        ItemsAsCode declared = declared(source);
        new ItemsAsCodeApplier(declared, items).apply();
        SmartConnectedItem saved = items.list().get(0);
        assertThat(saved.source()).isEqualTo("CONFIG");
        assertThat(saved.definition().statusMapping()).containsEntry("4", "Done").containsEntry("1", "To Do");

        source.put("connector.items[0].field-mappings[0].jira-field", "customfield_404");
        ItemsAsCode broken = declared(source);
        assertThatThrownBy(() -> new ItemsAsCodeApplier(broken, items).apply())
                .hasMessageContaining("connector.items[0]").hasMessageContaining("Tickets as code")
                .hasMessageContaining("fieldMappings[0].jiraField");
    }

    @Test
    void anItemDeclaredForARevokedConnectionStaysAsStoredAndDoesNotStopTheStart() {
        Map<String, Object> source = ticketsAsCode();
        new ItemsAsCodeApplier(declared(source), items).apply();
        assertThat(jiraConnectionService.revoke()).isTrue();

        source.put("connector.items[0].field-mappings[0].hubspot-property", "content");
        ItemsAsCode changed = declared(source);
        assertThatCode(() -> new ItemsAsCodeApplier(changed, items).apply()).as("the start goes on").doesNotThrowAnyException();

        assertThat(items.list()).singleElement().satisfies(i -> assertThat(i.definition().fieldMappings().get(0).hubspotProperty())
                .as("left as stored: it cannot be validated against a revoked site").isEqualTo("subject"));
    }
}
