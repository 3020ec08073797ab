package io.hubjira.packaging;

import static io.hubjira.packaging.ConnectorProcess.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;

import io.hubjira.sandbox.SandboxCallLog;
import io.hubjira.sandbox.SandboxFaults;
import io.hubjira.sandbox.SandboxServer;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.storage.EmbeddedPostgresSupport;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * kill -9 between every pair of a creation's steps, for real: the production jar runs as its own process on
 * PostgreSQL against the simulators, which hold one call of the step under test (after it took effect, or before);
 * the process is killed while the call is held and started again. Whatever the kill interrupted is finished by the
 * restarted instance once the dead one's claims ran out: one issue per deal, one issue link note, one comment per
 * note, one attachment and one attachment comment per file, every status move taken once.
 */
class CreationCrashIT {

    static ConfigurableApplicationContext simulators;
    static int simulatorPort;
    static int scenario;

    ConnectorProcess connector;
    Path workDirectory;

    @BeforeAll
    static void startSimulators() {
        simulators = SandboxServer.start(Map.of());
        simulatorPort = Integer.parseInt(simulators.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stopSimulators() {
        simulators.close();
    }

    @AfterEach
    void killWhatIsLeft() throws Exception {
        if (connector != null) {
            connector.kill();
        }
        if (workDirectory != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(workDirectory);
        }
    }

    static Stream<Arguments> killPoints() {
        return Stream.of(
                Arguments.of("Jira created the issues, its answer never arrived: no link saved", "jira", "POST", "/rest/api/3/issue/bulk$", true, 0),
                Arguments.of("links and values saved, no status moved yet", "jira", "POST", "/rest/api/3/issue/[^/]+/transitions$", false, 0),
                Arguments.of("statuses moved, the issue link notes written but not recorded", "hubspot", "POST",
                        "/crm/objects/2026-03/notes/batch/create$", true, 0),
                Arguments.of("link notes recorded, the note's comment written but not recorded", "jira", "POST", "/rest/api/3/issue/[^/]+/comment$", true, 0),
                Arguments.of("comment recorded, the file attached but not recorded", "jira", "POST", "/rest/api/3/issue/[^/]+/attachments$", true, 0),
                Arguments.of("file attached, its comment written but not recorded", "jira", "POST", "/rest/api/3/issue/[^/]+/comment$", true, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("killPoints")
    void aKillAtThisPointLeavesEverythingExactlyOnceAfterTheRestart(String point, String api, String method, String path, boolean afterWrite,
                                                                   int skip) throws Exception {
        HubSpotSandbox hubspot = simulators.getBean(HubSpotSandbox.class);
        JiraSandbox jira = simulators.getBean(JiraSandbox.class);
        SandboxFaults faults = simulators.getBean(SandboxFaults.class);
        SandboxCallLog calls = simulators.getBean(SandboxCallLog.class);
        faults.resetAll();
        hubspot.reset();
        jira.reset();
        calls.clear();
        HubSpotSandbox.Rec withNote = hubspot.recordsOf("deals").values().iterator().next();
        byte[] bytes = new byte[4_000];
        new Random(scenario).nextBytes(bytes);
        var file = hubspot.storeFile("contract.bin", bytes, "PRIVATE", "/contracts");
        hubspot.addNote("deals", withNote.id, "<p>Signed contract attached</p>", null, List.of(file.id()));
        int deals = hubspot.recordsOf("deals").size();

        String database = "crash_" + (++scenario);
        DataSource admin = EmbeddedPostgresSupport.server().getPostgresDatabase();
        new JdbcTemplate(admin).execute("CREATE DATABASE " + database);
        JdbcTemplate db = new JdbcTemplate(EmbeddedPostgresSupport.server().getDatabase("postgres", database));
        workDirectory = Files.createTempDirectory("connector-crash");
        faults.holdNext(api, method, path, afterWrite, skip);
        connector = ConnectorProcess.start(workDirectory, database, simulatorPort, "first");
        connector.createItem(SandboxTest.demoDealsItem());
        awaitTrue("the call to hold", Duration.ofSeconds(120), faults::holding);
        connector.kill();
        faults.releaseHolds();

        connector = ConnectorProcess.start(workDirectory, database, simulatorPort, "restarted");
        awaitTrue("every creation finished", Duration.ofSeconds(120), () -> finished(db, deals) && copies(jira, hubspot, withNote) >= 3);
        // a few more polls: nothing more may be written
        Thread.sleep(7_000);

        for (HubSpotSandbox.Rec deal : hubspot.recordsOf("deals").values()) {
            List<JiraSandbox.Issue> issues = issuesOf(jira, deal.id);
            assertThat(issues).as(point + ": issues of deal " + deal.id).hasSize(1);
            JiraSandbox.Issue issue = issues.get(0);
            assertThat(hubspot.notesOf("deals", deal.id).stream().filter(n -> n.properties.get("hs_note_body").contains("Issue link note (" + issue.key + ")")))
                    .as(point + ": link notes of deal " + deal.id).hasSize(1);
            long moves = issue.changelog.stream().flatMap(h -> StreamSupport.stream(h.path("items").spliterator(), false))
                    .filter(item -> "status".equals(item.path("fieldId").asText()) && !item.path("from").isNull()).count();
            long taken = calls.matching("jira", "POST", "/rest/api/3/issue/" + issue.key + "/transitions").stream()
                    .filter(c -> c.status() == 204 || c.body() != null && c.body().contains("held after the write")).count();
            assertThat(moves).as(point + ": status moves of " + issue.key + " are the transitions taken").isEqualTo(taken);
            String expected = db.queryForObject("SELECT v.field_value FROM synced_value v JOIN record_link l ON l.id = v.link_id "
                    + "WHERE l.record_id = ? AND v.field_key = 'status:jira'", String.class, deal.id);
            assertThat(JiraSandbox.STATUSES.get(issue.statusId).name()).as(point + ": status of " + issue.key).isEqualTo(expected);
        }
        JiraSandbox.Issue issue = issuesOf(jira, withNote.id).get(0);
        assertThat(issue.comments.stream().filter(c -> c.toString().contains("Signed contract attached"))).as(point + ": the note's comment").hasSize(1);
        assertThat(issue.attachments).as(point + ": the file's attachment").hasSize(1);
        assertThat(issue.attachmentBytes.values().iterator().next()).isEqualTo(bytes);
        assertThat(issue.comments.stream().filter(c -> c.toString().contains("Attachment synced from HubSpot: contract.bin")))
                .as(point + ": the file's comment").hasSize(1);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM record_link WHERE state = 'LINKED' AND pending_steps IS NULL", Integer.class))
                .isEqualTo(deals);
        System.out.println("Kill point passed: " + point);
    }

    private static boolean finished(JdbcTemplate db, int deals) {
        try {
            return db.queryForObject("SELECT COUNT(*) FROM record_link WHERE state = 'LINKED' AND pending_steps IS NULL", Integer.class) == deals
                    && db.queryForObject("SELECT COUNT(*) FROM comment_link WHERE state = 'PENDING'", Integer.class) == 0
                    && db.queryForObject("SELECT COUNT(*) FROM attachment_link WHERE state = 'PENDING'", Integer.class) == 0;
        } catch (RuntimeException notMigratedYet) {
            return false;
        }
    }

    /** The note's comment, the attachment and the attachment's comment, as far as they exist. */
    private static int copies(JiraSandbox jira, HubSpotSandbox hubspot, HubSpotSandbox.Rec deal) {
        List<JiraSandbox.Issue> issues = issuesOf(jira, deal.id);
        if (issues.isEmpty()) {
            return 0;
        }
        JiraSandbox.Issue issue = issues.get(0);
        int n = issue.attachments.size();
        n += (int) issue.comments.stream().filter(c -> c.toString().contains("Signed contract attached")).count();
        n += (int) issue.comments.stream().filter(c -> c.toString().contains("Attachment synced from HubSpot")).count();
        return n;
    }

    private static List<JiraSandbox.Issue> issuesOf(JiraSandbox jira, String dealId) {
        return jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + dealId + "\"")).toList();
    }
}
