package io.hubjira.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.sandbox.hubspot.HubSpotRateLimits;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.hubspot.HubSpotWebhookSender;
import io.hubjira.sandbox.hubspot.SimulatedPortal;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The simulated HubSpot serves several accounts from one base URL, as api.hubapi.com does: each call sees only its
 * token's portal, record ids collide across portals, limits and faults can hit one portal alone, and app webhooks name
 * the portal they come from.
 */
class SimulatorPortalsTest extends SandboxTest {

    static final long A = HubSpotSandbox.PORTAL_A;
    static final long B = HubSpotSandbox.PORTAL_B;
    static final String B_TOKEN = HubSpotSandbox.PORTAL_B_TOKEN;

    @Autowired
    HubSpotRateLimits rateLimits;

    SimulatedPortal portalB;

    @BeforeEach
    void clean() {
        resetEverything();
        webhooks.setEnabled(false);
        portalB = hubspot.portal(B);
    }

    @AfterEach
    void limitsOff() {
        rateLimits.clearPortals();
        hubspotWebhooks.clearTargets();
    }

    private Raw hs(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/hubspot" + path)).timeout(HTTP_TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Raw(r.statusCode(), r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body()));
    }

    record Raw(int status, JsonNode body) {}

    @Test
    void bothDemoPortalsAreSeededAlikeWithTheSameRecordIds() {
        assertThat(hubspot.portalId()).isEqualTo(A);
        assertThat(hubspot.portal(A)).isSameAs(hubspot.defaultPortal());
        assertThat(portalB.recordsOf("deals").keySet()).as("ids collide on purpose").isEqualTo(hubspot.recordsOf("deals").keySet());
        String id = hubspot.recordsOf("deals").keySet().iterator().next();
        assertThat(portalB.record("deals", id)).isPresent();
        assertThat(portalB.record("deals", id).orElseThrow()).isNotSameAs(hubspot.record("deals", id).orElseThrow());
        // the next records of either portal get the same id as well
        assertThat(portalB.create("deals", Map.of("dealname", "In B")).id).isEqualTo(hubspot.create("deals", Map.of("dealname", "In A")).id);
    }

    @Test
    void aCallSeesOnlyTheRecordsOfItsTokensPortal() throws Exception {
        String shared = hubspot.recordsOf("deals").keySet().iterator().next();
        portalB.update("deals", shared, Map.of("dealname", "B's own deal"));
        assertThat(hs("GET", "/crm/v3/objects/deals/" + shared + "?properties=dealname", null, B_TOKEN).body().path("properties").path("dealname").asText())
                .isEqualTo("B's own deal");
        assertThat(hs("GET", "/crm/v3/objects/deals/" + shared + "?properties=dealname", null, DEMO_TOKEN).body().path("properties").path("dealname").asText())
                .isNotEqualTo("B's own deal");

        // a record only B has is unknown to A's token: HubSpot's 404 and error body, nothing leaks
        hubspot.create("deals", Map.of("dealname", "A moves its counter"));
        String onlyInB = portalB.create("deals", Map.of("dealname", "Only in B")).id;
        String bNext = portalB.create("deals", Map.of("dealname", "Only in B, second")).id;
        assertThat(hubspot.record("deals", bNext)).isEmpty();
        Raw notFound = hs("GET", "/crm/v3/objects/deals/" + bNext, null, DEMO_TOKEN);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.body().path("status").asText()).isEqualTo("error");
        assertThat(notFound.body().path("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(notFound.body().path("correlationId").asText()).hasSize(36);
        assertThat(notFound.body().toString()).doesNotContain("Only in B");
        assertThat(hs("GET", "/crm/v3/objects/deals/" + bNext, null, B_TOKEN).status()).isEqualTo(200);
        // writes through A's token never reach B's record of the same id
        assertThat(hs("PATCH", "/crm/v3/objects/deals/" + onlyInB, "{\"properties\":{\"dealname\":\"Written through A\"}}", DEMO_TOKEN).status())
                .isEqualTo(200);
        assertThat(portalB.record("deals", onlyInB).orElseThrow().properties.get("dealname")).isEqualTo("Only in B");
        assertThat(hubspot.record("deals", onlyInB).orElseThrow().properties.get("dealname")).isEqualTo("Written through A");
        assertThat(hs("PATCH", "/crm/v3/objects/deals/" + bNext, "{\"properties\":{\"dealname\":\"x\"}}", DEMO_TOKEN).status()).isEqualTo(404);

        // batch read names B's id as missing through A; search through B finds B's record only
        Raw batch = hs("POST", "/crm/v3/objects/deals/batch/read", "{\"inputs\":[{\"id\":\"" + bNext + "\"}],\"properties\":[\"dealname\"]}", DEMO_TOKEN);
        assertThat(batch.status()).isEqualTo(207);
        assertThat(batch.body().path("errors").path(0).path("context").path("ids").toString()).contains(bNext);
        String search = "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"dealname\",\"operator\":\"EQ\",\"value\":\"Only in B, second\"}]}]}";
        assertThat(hs("POST", "/crm/v3/objects/deals/search", search, B_TOKEN).body().path("total").asInt()).isEqualTo(1);
        assertThat(hs("POST", "/crm/v3/objects/deals/search", search, DEMO_TOKEN).body().path("total").asInt()).isZero();
    }

    @Test
    void ownersNotesFilesAndAssociationsBelongToTheirPortal() throws Exception {
        portalB.addOwner(new HubSpotSandbox.Owner("777", "only.in.b@example.com", "Bea", "Bee", 9777));
        assertThat(hs("GET", "/crm/v3/owners/777", null, B_TOKEN).status()).isEqualTo(200);
        assertThat(hs("GET", "/crm/v3/owners/777", null, DEMO_TOKEN).status()).isEqualTo(404);

        String deal = hubspot.recordsOf("deals").keySet().iterator().next();
        HubSpotSandbox.StoredFile file = portalB.storeFile("b-only.txt", "bytes of B".getBytes(StandardCharsets.UTF_8), "PRIVATE", "/b");
        assertThat(hs("GET", "/files/v3/files/" + file.id(), null, B_TOKEN).status()).isEqualTo(200);
        assertThat(hs("GET", "/files/v3/files/" + file.id(), null, DEMO_TOKEN).status()).isEqualTo(404);
        String url = hs("GET", "/files/v3/files/" + file.id() + "/signed-url", null, B_TOKEN).body().path("url").asText();
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(new String(download.body(), StandardCharsets.UTF_8)).isEqualTo("bytes of B");

        HubSpotSandbox.Rec note = portalB.addNote("deals", deal, "<p>Said in B</p>", null, List.of());
        assertThat(hs("GET", "/crm/v4/objects/deals/" + deal + "/associations/notes", null, B_TOKEN).body().path("results").toString())
                .contains(note.id);
        assertThat(hubspot.notesOf("deals", deal)).extracting(n -> n.properties.get("hs_note_body")).doesNotContain("<p>Said in B</p>");
        assertThat(hs("GET", "/crm/v3/objects/notes/" + note.id + "?properties=hs_note_body", null, DEMO_TOKEN).body().path("properties")
                .path("hs_note_body").asText()).isNotEqualTo("<p>Said in B</p>");

        // the custom object's qualified name carries the portal
        assertThat(hs("GET", "/crm/v3/objects/p" + B + "_projects_custom?limit=1", null, B_TOKEN).status()).isEqualTo(200);
        assertThat(hs("GET", "/crm-object-schemas/v3/schemas", null, B_TOKEN).body().path("results").path(0).path("fullyQualifiedName").asText())
                .isEqualTo("p" + B + "_projects_custom");
    }

    @Test
    void portalBIsAnEuAccountAndItsTokensSayWhichPortalTheyBelongTo() throws Exception {
        JsonNode b = hs("GET", "/account-info/v3/details", null, B_TOKEN).body();
        assertThat(b.path("portalId").asLong()).isEqualTo(B);
        assertThat(b.path("uiDomain").asText()).isEqualTo("app-eu1.hubspot.com");
        assertThat(b.path("dataHostingLocation").asText()).isEqualTo("eu1");
        assertThat(b.path("timeZone").asText()).isEqualTo("Europe/Berlin");
        JsonNode a = hs("GET", "/account-info/v3/details", null, DEMO_TOKEN).body();
        assertThat(a.path("portalId").asLong()).isEqualTo(A);
        assertThat(a.path("uiDomain").asText()).isEqualTo("app.hubspot.com");
        assertThat(a.path("dataHostingLocation").asText()).isEqualTo("na1");
        assertThat(portalB.uiDomain()).isEqualTo("app-eu1.hubspot.com");
        assertThat(hs("POST", "/oauth/v2/private-apps/get/access-token-info", "{\"tokenKey\":\"" + B_TOKEN + "\"}", B_TOKEN).body().path("hubId").asLong())
                .isEqualTo(B);

        // an OAuth app installed in B hands out tokens that see B's records
        hubspot.registerOAuthApp("client-b", "secret-b", "https://connector.example.com/oauth", B, HubSpotSandbox.allScopes());
        String code = hubspot.issueAuthorizationCode("client-b");
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/hubspot/oauth/v1/token"))
                .timeout(HTTP_TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=client-b&client_secret=secret-b&code=" + code
                        + "&redirect_uri=https://connector.example.com/oauth")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = json.readTree(token.body());
        assertThat(answer.path("hub_id").asLong()).isEqualTo(B);
        String access = answer.path("access_token").asText();
        assertThat(hs("GET", "/oauth/v1/access-tokens/" + access, null, null).body().path("hub_id").asLong()).isEqualTo(B);
        String onlyInB = portalB.create("deals", Map.of("dealname", "Seen through OAuth")).id;
        portalB.create("deals", Map.of("dealname", "Ahead of A"));
        String bAhead = portalB.create("deals", Map.of("dealname", "Further ahead")).id;
        assertThat(hs("GET", "/crm/v3/objects/deals/" + onlyInB + "?properties=dealname", null, access).body().path("properties").path("dealname").asText())
                .isEqualTo("Seen through OAuth");
        assertThat(hs("GET", "/crm/v3/objects/deals/" + bAhead, null, DEMO_TOKEN).status()).isEqualTo(404);
    }

    @Test
    void faultsAndRateLimitsCanHitOnePortalAlone() throws Exception {
        faults.set(SandboxFaults.hubspotPortal(A), new SandboxFaults.Settings(1.0, "2", 0, 503, 0));
        List<Integer> a = new ArrayList<>();
        List<Integer> b = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            a.add(hs("GET", "/crm/v3/objects/deals?limit=1", null, DEMO_TOKEN).status());
            b.add(hs("GET", "/crm/v3/objects/deals?limit=1", null, B_TOKEN).status());
        }
        assertThat(a).containsOnly(429);
        assertThat(b).containsOnly(200);
        assertThat(calls.hubspotCalls(A)).extracting(SandboxCallLog.Call::status).containsOnly(429);
        assertThat(calls.hubspotCalls(B)).extracting(SandboxCallLog.Call::status).containsOnly(200).hasSize(5);
        faults.reset(SandboxFaults.hubspotPortal(A));
        faults.failNext(SandboxFaults.hubspotPortal(B), 2, 502, "/crm/");
        assertThat(hs("GET", "/crm/v3/objects/deals?limit=1", null, DEMO_TOKEN).status()).isEqualTo(200);
        assertThat(hs("GET", "/crm/v3/objects/deals?limit=1", null, B_TOKEN).status()).isEqualTo(502);
        assertThat(hs("GET", "/crm/v3/objects/deals?limit=1", null, B_TOKEN).status()).isEqualTo(502);
        assertThat(hs("GET", "/crm/v3/objects/deals?limit=1", null, B_TOKEN).status()).isEqualTo(200);
        faults.resetAll();

        // HubSpot's own limits per account: A limited to 3 calls per 10 s, B unlimited
        rateLimits.setForPortal(A, 3, 0, 0);
        a.clear();
        b.clear();
        for (int i = 0; i < 5; i++) {
            a.add(hs("GET", "/crm/v3/objects/deals?limit=1", null, DEMO_TOKEN).status());
            b.add(hs("GET", "/crm/v3/objects/deals?limit=1", null, B_TOKEN).status());
        }
        assertThat(a).containsExactly(200, 200, 200, 429, 429);
        assertThat(b).containsOnly(200);
        // every token of A shares A's account window
        String another = "pat-na1-00000000-0000-4000-8000-0000000000a2";
        hubspot.registerPrivateAppToken(another, A, 99, HubSpotSandbox.allScopes());
        Raw limited = hs("GET", "/crm/v3/objects/deals?limit=1", null, another);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().path("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
        rateLimits.clearPortal(A);
        assertThat(hs("GET", "/crm/v3/objects/deals?limit=1", null, DEMO_TOKEN).status()).isEqualTo(200);

        // the same through the control API, as a script would
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/control/hubspot/portals/" + B
                        + "/rate-limit")).timeout(HTTP_TIMEOUT).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"perTenSeconds\":1,\"searchesPerSecond\":0,\"daily\":0}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(hs("GET", "/crm/v3/objects/deals?limit=1", null, B_TOKEN).status()).isEqualTo(200);
        assertThat(hs("GET", "/crm/v3/objects/deals?limit=1", null, B_TOKEN).status()).isEqualTo(429);
        assertThat(hs("GET", "/crm/v3/objects/deals?limit=1", null, DEMO_TOKEN).status()).isEqualTo(200);
    }

    @Test
    void appWebhooksNameTheirPortalAndAreSignedWithThatPortalsAppSecret() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver("X-HubSpot-Signature-v3", 204)) {
            var received = receiver.received;
            String base = receiver.url("");
            hubspotWebhooks.configure(A, base + "/hook-a", "secret-of-a");
            hubspotWebhooks.configure(B, base + "/hook-b", "secret-of-b");
            hubspotWebhooks.setEnabled(true);
            String shared = hubspot.recordsOf("deals").keySet().iterator().next();
            portalB.update("deals", shared, Map.of("dealname", "Changed in B"));
            hubspot.update("deals", shared, Map.of("dealname", "Changed in A"));
            hubspotWebhooks.drain();
            assertThat(received).extracting(WebhookReceiver.Received::path).containsExactly("/hook-b", "/hook-a");
            WebhookReceiver.Received fromB = received.get(0);
            JsonNode event = json.readTree(fromB.body()).path(0);
            assertThat(event.path("portalId").asLong()).isEqualTo(B);
            assertThat(event.path("objectId").asText()).isEqualTo(shared);
            assertThat(event.path("propertyValue").asText()).isEqualTo("Changed in B");
            assertThat(fromB.signature()).isEqualTo(HubSpotWebhookSender.signatureV3("secret-of-b", "POST", base + "/hook-b",
                    fromB.body(), fromB.timestamp()));
            assertThat(fromB.signature()).isNotEqualTo(HubSpotWebhookSender.signatureV3("secret-of-a", "POST", base + "/hook-b",
                    fromB.body(), fromB.timestamp()));
            assertThat(json.readTree(received.get(1).body()).path(0).path("portalId").asLong()).isEqualTo(A);

            // a delivery made up by the test: any portal, any secret, at once
            received.clear();
            int status = hubspotWebhooks.deliverNow(base + "/made-up", "some-secret",
                    List.of(hubspotWebhooks.propertyChange(4242L, "deals", shared, "dealname", "From nowhere")));
            assertThat(status).isEqualTo(204);
            assertThat(received).hasSize(1);
            assertThat(json.readTree(received.get(0).body()).path(0).path("portalId").asLong()).isEqualTo(4242L);
            assertThat(received.get(0).signature()).isEqualTo(HubSpotWebhookSender.signatureV3("some-secret", "POST", base + "/made-up",
                    received.get(0).body(), received.get(0).timestamp()));
            assertThat(hubspotWebhooks.deliverNow(B, List.of(hubspotWebhooks.creation(B, "deals", shared)))).isEqualTo(204);
            assertThat(received.get(1).path()).isEqualTo("/hook-b");
        } finally {
            hubspotWebhooks.setEnabled(false);
        }
    }

    @Test
    void resetPutsEveryPortalBackAndForgetsPortalsTestsMade() {
        String shared = hubspot.recordsOf("deals").keySet().iterator().next();
        String before = portalB.record("deals", shared).orElseThrow().properties.get("dealname");
        portalB.update("deals", shared, Map.of("dealname", "Changed"));
        hubspot.registerPrivateAppToken("pat-na1-00000000-0000-4000-8000-0000000000c3", 333, 1, HubSpotSandbox.allScopes());
        assertThat(hubspot.findPortal(333)).isPresent();
        hubspot.reset();
        assertThat(hubspot.portal(B)).as("the same object, tests may hold it").isSameAs(portalB);
        assertThat(portalB.record("deals", shared).orElseThrow().properties.get("dealname")).isEqualTo(before);
        assertThat(hubspot.findPortal(333)).isEmpty();
        assertThat(hubspot.portalOfToken(B_TOKEN)).containsSame(portalB);
    }
}
