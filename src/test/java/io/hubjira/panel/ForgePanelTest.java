package io.hubjira.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.sandbox.forge.ForgeSandbox;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The panel inside Jira, as Forge Remote calls it: /forge/panel/** with a Forge Invocation Token (FIT) signed by the
 * sandbox's Forge, over real HTTP. No request without a valid FIT is answered with data; a FIT made for one issue
 * cannot ask about another; every operation acts for the FIT's user, as the simulated Jira's permission API says
 * (Ada edits everywhere, Grace only browses SUP and ENG, Alan works in SUP only): no Browse, no cards and nothing of
 * the issue; no Edit, no link, search, refresh or unlink; one Jira permission call per panel opening; the audit
 * names the user.
 */
class ForgePanelTest extends SandboxTest {

    static final String ADA = "5b10ac8d82e05b22cc7d4ef1";
    static final String GRACE = "5b10ac8d82e05b22cc7d4ef2";
    static final String ALAN = "5b10ac8d82e05b22cc7d4ef3";
    static final String PERMISSION_CHECK = "/rest/api/3/permissions/check";

    @Autowired
    ForgeSandbox forge;

    long display;
    long sync;

    @BeforeEach
    void setUp() {
        freshConnectedSandbox();
        display = createItem(Map.of("name", "Deal preview", "mode", "DISPLAY_ONLY", "hubspotModule", "CRM", "hubspotObject", "deals",
                "jiraProjects", List.of("SUP", "ENG"), "displayFields", List.of("dealname", "amount"), "associatedRecords", true));
        Map<String, Object> item = demoDealsItem();
        item.put("autoCreate", false);
        sync = createItem(item);
    }

    record Reply(int status, String contentType, JsonNode body, String text, String challenge) {}

    private String fit(String accountId, String issueKey) {
        return forge.fit(accountId, issueKey, jira.issue(issueKey).orElseThrow().id);
    }

    /** A call as Forge Remote makes it for the panel on {@code issueKey}, for that user. */
    private Reply as(String accountId, String issueKey, String method, String path, Object body) {
        return send(method, path, body, "Bearer " + fit(accountId, issueKey));
    }

    private Reply send(String method, String path, Object body, String authorization) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            if (body != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body()), r.body(), r.headers().firstValue("WWW-Authenticate").orElse(""));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HubSpotSandbox.Rec deal(String namePart) {
        return hubspot.recordsOf("deals").values().stream().filter(d -> d.properties.get("dealname").contains(namePart)).findFirst().orElseThrow();
    }

    private void refusedAsUnverified(Reply r, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(401);
        assertThat(r.contentType()).as("Forge takes non-2xx answers as application/json only").startsWith("application/json");
        assertThat(r.body().path("code").asText()).isEqualTo(code);
        assertThat(r.challenge()).startsWith("Bearer");
        assertThat(r.text()).doesNotContain("Customer cannot export invoices").doesNotContain("cards");
    }

    @Test
    void noRequestWithoutAValidTokenIsAnsweredWithData() {
        refusedAsUnverified(send("GET", "/forge/panel/SUP-1", null, null), "fit_missing");
        refusedAsUnverified(send("GET", "/forge/panel/SUP-1", null, "Basic " + Base64.getEncoder()
                .encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8))), "fit_missing");
        refusedAsUnverified(send("GET", "/forge/panel/SUP-1", null, "Bearer test-admin-token"), "fit_invalid");
        Instant past = Instant.now().minusSeconds(120);
        String expired = forge.sign(forge.claims(ADA, "SUP-1", jira.issue("SUP-1").orElseThrow().id).issueTime(Date.from(past))
                .notBeforeTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(25))).build());
        Reply late = send("GET", "/forge/panel/SUP-1", null, "Bearer " + expired);
        refusedAsUnverified(late, "fit_invalid");
        assertThat(late.body().path("detail").asText()).contains("expired");
        refusedAsUnverified(send("POST", "/forge/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", deal("Acme").id),
                "Bearer " + forge.sign(forge.claims(ADA, "SUP-1", "10001").build(), forge.unpublishedKey())), "fit_invalid");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link", Integer.class)).isZero();
    }

    @Test
    void thePanelApiTakesAValidTokenForItsUserOrTheAdminCredentials() {
        Reply grace = send("GET", "/api/panel/SUP-1", null, "Bearer " + fit(GRACE, "SUP-1"));
        assertThat(grace.status()).as(grace.text()).isEqualTo(200);
        assertThat(grace.body().path("canEdit").asBoolean()).as("acting for Grace, who may not edit").isFalse();
        assertThat(send("POST", "/api/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", deal("Acme").id), "Bearer " + fit(GRACE, "SUP-1"))
                .status()).isEqualTo(403);
        refusedAsUnverified(send("GET", "/api/panel/SUP-2", null, "Bearer " + fit(ADA, "SUP-1")), "fit_other_issue");
        refusedAsUnverified(send("GET", "/api/panel/SUP-1", null, "Bearer " + forge.sign(forge.claims(ADA, "SUP-1", "10001").build(),
                forge.unpublishedKey())), "fit_invalid");
        assertThat(call("GET", "/api/panel/SUP-1", null).body().path("canEdit").asBoolean()).as("the admin").isTrue();
        assertThat(send("GET", "/api/panel/SUP-1", null, "Bearer test-admin-token").status()).as("the admin token").isEqualTo(200);
    }

    @Test
    void aTokenMadeForOneIssueCannotAskAboutAnother() {
        String supOne = "Bearer " + fit(ADA, "SUP-1");
        refusedAsUnverified(send("GET", "/forge/panel/SUP-2", null, supOne), "fit_other_issue");
        refusedAsUnverified(send("POST", "/forge/panel/SUP-2/items/" + sync + "/link", Map.of("recordId", deal("Acme").id), supOne),
                "fit_other_issue");
        assertThat(send("GET", "/forge/panel/SUP-1", null, supOne).status()).isEqualTo(200);
        assertThat(send("GET", "/forge/panel/" + jira.issue("SUP-1").orElseThrow().id, null, supOne).status()).as("by its id").isEqualTo(200);
    }

    @Test
    void aUserWhoMayNotBrowseTheIssueGetsNoCardsAndNothingOfTheIssue() {
        Reply eng = as(ALAN, "ENG-1", "GET", "/forge/panel/ENG-1", null);
        assertThat(eng.status()).isEqualTo(404);
        assertThat(eng.body().path("code").asText()).isEqualTo("unknown_issue");
        assertThat(eng.text()).doesNotContain("Rate-limit dashboards").doesNotContain("cards").doesNotContain("Engineering");
        Reply missing = as(ALAN, "ENG-1", "GET", "/forge/panel/ENG-1", null);
        assertThat(missing.body().path("detail").asText()).as("the same answer as for an issue that does not exist")
                .isEqualTo("Jira has no issue ENG-1 that you can see.");
        Reply ops = as(ALAN, "OPS-1", "GET", "/forge/panel/OPS-1", null);
        assertThat(ops.status()).isEqualTo(404);
        assertThat(ops.text()).doesNotContain("Board pack");
        assertThat(as(ALAN, "ENG-1", "GET", "/forge/panel/ENG-1/items/" + display + "/associated", null).status()).isEqualTo(404);
        assertThat(as(ALAN, "ENG-1", "POST", "/forge/panel/ENG-1/items/" + display + "/link", Map.of("recordId", deal("Acme").id)).status())
                .isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link", Integer.class)).isZero();
    }

    @Test
    void anIssueNoItemAppliesToShowsNothingOfItselfEvenToItsEditors() {
        Reply ops = as(ADA, "OPS-1", "GET", "/forge/panel/OPS-1", null);
        assertThat(ops.status()).isEqualTo(200);
        assertThat(ops.body().path("state").asText()).isEqualTo("NO_ITEMS");
        assertThat(ops.body().has("cards")).isFalse();
        assertThat(ops.text()).doesNotContain("Board pack").doesNotContain("acquisition").doesNotContain("\"summary\"")
                .doesNotContain("\"project\"").doesNotContain("\"issueType\"");
    }

    @Test
    void aUserWhoMayNotEditSeesTheCardsButCannotLinkSearchRefreshOrUnlink() {
        HubSpotSandbox.Rec acme = deal("Acme Corp — Platform licence 1");
        Reply panel = as(GRACE, "SUP-1", "GET", "/forge/panel/SUP-1", null);
        assertThat(panel.status()).isEqualTo(200);
        assertThat(panel.body().path("canEdit").asBoolean()).isFalse();
        assertThat(panel.body().path("cards").size()).isEqualTo(2);
        panel.body().path("cards").forEach(c -> assertThat(c.path("actions").size()).as("no Link without Edit").isZero());

        Reply link = as(GRACE, "SUP-1", "POST", "/forge/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", acme.id));
        assertThat(link.status()).isEqualTo(403);
        assertThat(link.contentType()).startsWith("application/json");
        assertThat(link.body().path("code").asText()).isEqualTo("edit_permission_required");
        assertThat(link.body().path("detail").asText()).contains("Edit issues permission on SUP-1");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link", Integer.class)).isZero();
        assertThat(hubspot.notesOf("deals", acme.id)).as("nothing written to HubSpot")
                .noneSatisfy(n -> assertThat(n.properties.get("hs_note_body")).contains("Issue link note"));
        assertThat(as(GRACE, "SUP-1", "GET", "/forge/panel/SUP-1/items/" + sync + "/search?q=licence", null).status()).isEqualTo(403);

        assertThat(as(ADA, "SUP-1", "POST", "/forge/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", acme.id)).status()).isEqualTo(200);
        JsonNode linked = as(GRACE, "SUP-1", "GET", "/forge/panel/SUP-1", null).body();
        JsonNode card = null;
        for (JsonNode c : linked.path("cards")) {
            if (c.path("itemId").asLong() == sync) {
                card = c;
            }
        }
        assertThat(card.path("link").path("recordId").asText()).as("she sees the linked record").isEqualTo(acme.id);
        assertThat(card.path("actions").toString()).isEqualTo("[\"OPEN\"]");
        assertThat(as(GRACE, "SUP-1", "DELETE", "/forge/panel/SUP-1/items/" + sync + "/link", null).status()).isEqualTo(403);
        assertThat(as(GRACE, "SUP-1", "POST", "/forge/panel/SUP-1/items/" + sync + "/refresh", null).status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE state = 'LINKED'", Integer.class)).isEqualTo(1);

        List<Map<String, Object>> refusals = jdbc.queryForList("SELECT action, outcome, actor_account_id, actor_name FROM audit_event"
                + " WHERE actor_account_id = ? ORDER BY id", GRACE);
        assertThat(refusals).extracting(r -> r.get("ACTION") + " " + r.get("OUTCOME") + " " + r.get("ACTOR_NAME"))
                .containsExactly("MANUAL_LINK SKIPPED Grace Hopper", "UNLINK SKIPPED Grace Hopper", "REFRESH SKIPPED Grace Hopper");
    }

    @Test
    void anEditorLinksSearchesRefreshesAndUnlinksAndTheAuditNamesThem() {
        assertThat(as(ADA, "SUP-1", "GET", "/forge/panel/SUP-1/items/" + sync + "/search?q=", null).body().path("results").size())
                .as("an empty search lists nothing, never the whole portal").isZero();
        Reply found = as(ADA, "SUP-1", "GET", "/forge/panel/SUP-1/items/" + sync + "/search?q=licence", null);
        assertThat(found.body().path("results").size()).isEqualTo(6);
        found.body().path("results").forEach(r -> assertThat(r.path("title").asText()).contains("licence"));
        String dealId = found.body().path("results").path(0).path("recordId").asText();

        Reply linked = as(ADA, "SUP-1", "POST", "/forge/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", dealId));
        assertThat(linked.status()).as(linked.text()).isEqualTo(200);
        assertThat(linked.body().path("linkType").asText()).isEqualTo("MANUAL");
        assertThat(as(ADA, "SUP-1", "GET", "/forge/panel/SUP-1/items/" + sync + "/associated", null).status()).isEqualTo(200);
        assertThat(as(ADA, "SUP-1", "POST", "/forge/panel/SUP-1/items/" + sync + "/refresh", null).status()).isEqualTo(200);
        assertThat(as(ADA, "SUP-1", "DELETE", "/forge/panel/SUP-1/items/" + sync + "/link", null).status()).isEqualTo(204);

        List<Map<String, Object>> audit = jdbc.queryForList("SELECT action, outcome, actor_account_id, actor_name FROM audit_event"
                + " WHERE actor_name IS NOT NULL ORDER BY id");
        assertThat(audit).extracting(r -> r.get("ACTION") + " " + r.get("OUTCOME") + " " + r.get("ACTOR_ACCOUNT_ID") + " " + r.get("ACTOR_NAME"))
                .containsExactly("MANUAL_LINK OK " + ADA + " Ada Lovelace", "REFRESH OK " + ADA + " Ada Lovelace", "UNLINK OK " + ADA + " Ada Lovelace");
        JsonNode activity = call("GET", "/api/activity?issueKey=SUP-1", null).body();
        assertThat(activity.toString()).contains("\"actor\":\"Ada Lovelace\"").contains("\"actorAccountId\":\"" + ADA + "\"");
    }

    @Test
    void onePermissionCallPerPanelOpeningAndNoneForTheActionsThatFollowWithinAMinute() {
        calls.clear();
        assertThat(as(ADA, "SUP-1", "GET", "/forge/panel/SUP-1", null).status()).isEqualTo(200);
        assertThat(calls.count("jira", "POST", PERMISSION_CHECK)).isEqualTo(1);
        long jiraCallsPerOpening = calls.count("jira", "GET", ".*") + calls.count("jira", "POST", ".*");
        assertThat(jiraCallsPerOpening).as("the issue read and the permission check").isEqualTo(2);
        as(ADA, "SUP-1", "GET", "/forge/panel/SUP-1/items/" + sync + "/search?q=licence", null);
        as(ADA, "SUP-1", "POST", "/forge/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", deal("Acme Corp — Platform licence 1").id));
        as(ADA, "SUP-1", "GET", "/forge/panel/SUP-1", null);
        assertThat(calls.count("jira", "POST", PERMISSION_CHECK)).as("answers kept for a minute").isEqualTo(1);
        as(GRACE, "SUP-1", "GET", "/forge/panel/SUP-1", null);
        assertThat(calls.count("jira", "POST", PERMISSION_CHECK)).as("per user").isEqualTo(2);
    }

    @Test
    void searchAndLinkOfferOnlyTheRecordsTheItemSyncs() {
        Map<String, Object> filtered = demoDealsItem();
        filtered.put("name", "New business deals");
        filtered.put("jiraProjects", List.of("ENG"));
        filtered.put("autoCreate", false);
        filtered.put("filter", Map.of("groups", List.of(Map.of("conditions", List.of(Map.of("property", "dealtype", "operator", "EQ",
                "value", "newbusiness"))))));
        long item = createItem(filtered);
        Reply found = as(ADA, "ENG-1", "GET", "/forge/panel/ENG-1/items/" + item + "/search?q=licence", null);
        assertThat(found.status()).as(found.text()).isEqualTo(200);
        assertThat(found.body().path("results").size()).isPositive();
        found.body().path("results").forEach(r -> assertThat(hubspot.recordsOf("deals").get(r.path("recordId").asText()).properties.get("dealtype"))
                .isEqualTo("newbusiness"));
        HubSpotSandbox.Rec existing = hubspot.recordsOf("deals").values().stream()
                .filter(d -> "existingbusiness".equals(d.properties.get("dealtype"))).findFirst().orElseThrow();
        Reply outside = as(ADA, "ENG-1", "POST", "/forge/panel/ENG-1/items/" + item + "/link", Map.of("recordId", existing.id));
        assertThat(outside.status()).isEqualTo(422);
        assertThat(outside.body().path("code").asText()).isEqualTo("record_outside_item");
        assertThat(as(ADA, "SUP-1", "GET", "/forge/panel/SUP-1/items/" + item + "/search?q=licence", null).status())
                .as("an item that does not apply to the issue offers nothing").isEqualTo(404);
    }

    @Test
    void withoutTheRightToCheckOtherUsersPermissionsThePanelShowsNothingAndSaysWhy() {
        jira.setAdministrator(jira.connectorUser().accountId(), false);
        Reply r = as(ADA, "SUP-1", "GET", "/forge/panel/SUP-1", null);
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.body().path("code").asText()).isEqualTo("jira_permission_check_refused");
        assertThat(r.body().path("detail").asText()).contains("Administer Jira");
        assertThat(r.text()).doesNotContain("Customer cannot export invoices");
    }

    @Test
    void aTokenWithALargeContextStillReachesTheConnector() throws Exception {
        var claims = forge.claims(ADA, "SUP-1", jira.issue("SUP-1").orElseThrow().id);
        Map<String, Object> context = new LinkedHashMap<>(claims.build().getJSONObjectClaim("context"));
        context.put("padding", "x".repeat(20_000));
        String big = forge.sign(claims.claim("context", context).build());
        assertThat(big.length()).isGreaterThan(20_000);
        Reply r = send("GET", "/forge/panel/SUP-1", null, "Bearer " + big);
        assertThat(r.status()).as("a FIT of " + big.length() + " characters").isEqualTo(200);
    }
}
