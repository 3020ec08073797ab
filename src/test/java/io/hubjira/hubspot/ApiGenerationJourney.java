package io.hubjira.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.hubjira.sandbox.SandboxCallLog;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A journey that exercises every HubSpot operation the connector uses — connect, item metadata, the poll and its
 * creations (search, batch reads, notes, association labels, batch note creation, files, owners), Jira edits coming
 * back (record updates, stage moves), a Jira comment and attachment (note creation, file upload) and the issue panel
 * (associated records, search) — so each API generation setting can be checked for the paths it used.
 */
abstract class ApiGenerationJourney extends SandboxTest {

    @Autowired
    ProducerTemplate producer;

    /** Runs the journey and answers the HubSpot calls it made. */
    List<SandboxCallLog.Call> journey() {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
        HubSpotSandbox.Rec deal = hubspot.recordsOf("deals").values().stream()
                .filter(d -> "appointmentscheduled".equals(d.properties.get("dealstage"))).findFirst().orElseThrow();
        var file = hubspot.storeFile("contract.pdf", new byte[] {37, 80, 68, 70}, "PRIVATE", "/deals");
        hubspot.addNote("deals", deal.id, "<p>Signed contract attached</p>", hubspot.owners().get(0).id(), List.of(file.id()));
        long item = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", item);

        JiraSandbox.Issue issue = jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + deal.id + "\""))
                .findFirst().orElseThrow();
        webhooks.setEnabled(true);
        jira.asUser("ada.lovelace@example.com", () -> {
            var body = json.createObjectNode();
            body.putObject("fields").put("summary", "Renamed in Jira");
            JiraIssues.edit(jira, issue, body);
            JiraIssues.transition(jira, issue, "11");
            JiraIssues.addComment(jira, issue, json.createObjectNode().put("type", "doc").put("version", 1)
                    .set("content", json.createArrayNode().add(json.createObjectNode().put("type", "paragraph")
                            .set("content", json.createArrayNode().add(json.createObjectNode().put("type", "text").put("text", "From Jira"))))),
                    jiraBase());
            JiraIssues.addAttachment(jira, issue, "trace.txt", "text/plain", "trace".getBytes(), jiraBase());
            return null;
        });
        waitForInbox();
        assertThat(hubspot.record("deals", deal.id).orElseThrow().properties.get("dealname")).isEqualTo("Renamed in Jira");
        assertThat(hubspot.allFiles()).anySatisfy(f -> assertThat(f.name()).startsWith("trace"));
        assertThat(hubspot.notesOf("deals", deal.id)).anySatisfy(n -> assertThat(n.properties.get("hs_note_body")).contains("From Jira"));

        Answer associated = call("GET", "/api/panel/" + issue.key + "/items/" + item + "/associated", null);
        assertThat(associated.status()).as(associated.text()).isEqualTo(200);
        assertThat(call("GET", "/api/panel/" + issue.key + "/items/" + item + "/search?q=a", null).status()).isEqualTo(200);
        return calls.calls("hubspot");
    }

    static Map<String, Long> byGeneration(List<SandboxCallLog.Call> calls) {
        return calls.stream().collect(java.util.stream.Collectors.groupingBy(SandboxCallLog.Call::generation, java.util.stream.Collectors.counting()));
    }
}
