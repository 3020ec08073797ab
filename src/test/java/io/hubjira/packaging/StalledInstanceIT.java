package io.hubjira.packaging;

import static io.hubjira.packaging.ConnectorProcess.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.sandbox.SandboxCallLog;
import io.hubjira.sandbox.SandboxFaults;
import io.hubjira.sandbox.SandboxServer;
import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.sandbox.jira.JiraIssues;
import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.sandbox.jira.JiraWebhookSender;
import io.hubjira.storage.EmbeddedPostgresSupport;
import io.hubjira.support.SandboxTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two live instances of the production jar on one PostgreSQL database. In the middle of work of each kind — a Jira
 * bulk create, a HubSpot note write, a Jira inbox event — the simulator holds the instance's call after it took
 * effect, and the instance is frozen with SIGSTOP (a stalled host, a long GC pause) for longer than its lease. The other
 * instance takes the work over and finishes it; the frozen one is resumed with SIGCONT and finds its claims lost.
 * Exactly one of everything exists, and nothing is written to HubSpot or Jira after the resume.
 */
class StalledInstanceIT {

    /** What the resumed instance logs when it finds a claim taken over and leaves the work to its new owner. */
    static final Pattern REFUSAL = Pattern.compile("no longer this worker's|taken over by another (worker|instance)|another instance took the reservation over");
    /** POST calls that only read. */
    static final Pattern READ_ONLY_POST = Pattern.compile(".*(/search(/jql|/approximate-count)?|/bulkfetch|/batch/read|/jql/parse)$");

    static ConfigurableApplicationContext simulators;
    static int simulatorPort;
    static final ObjectMapper json = new ObjectMapper();

    HubSpotSandbox hubspot;
    JiraSandbox jira;
    SandboxFaults faults;
    SandboxCallLog calls;
    JdbcTemplate db;
    Path workDirectory;
    ConnectorProcess one;
    ConnectorProcess two;
    final List<String> figures = new ArrayList<>();

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
    void stopInstances() throws Exception {
        for (ConnectorProcess p : new ConnectorProcess[] {one, two}) {
            if (p != null && p.process.isAlive()) {
                p.signal("CONT");
                p.kill();
            }
        }
        simulators.getBean(JiraWebhookSender.class).configure(null, null);
        if (workDirectory != null) {
            // kept for a failure's post-mortem
            Path kept = Files.createDirectories(Path.of("target", "stalled-instance-logs"));
            try (Stream<Path> logs = Files.list(workDirectory)) {
                for (Path log : logs.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                    Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            org.springframework.util.FileSystemUtils.deleteRecursively(workDirectory);
        }
    }

    @Test
    void anInstanceFrozenPastItsLeaseWritesNothingForTheWorkAnotherInstanceTookOver() throws Exception {
        hubspot = simulators.getBean(HubSpotSandbox.class);
        jira = simulators.getBean(JiraSandbox.class);
        faults = simulators.getBean(SandboxFaults.class);
        calls = simulators.getBean(SandboxCallLog.class);
        faults.resetAll();
        hubspot.reset();
        jira.reset();
        calls.clear();
        String database = "stalled_instance";
        db = new JdbcTemplate(EmbeddedPostgresSupport.server().getDatabase("postgres", "postgres"));
        db.execute("DROP DATABASE IF EXISTS " + database);
        db.execute("CREATE DATABASE " + database);
        db = new JdbcTemplate(EmbeddedPostgresSupport.server().getDatabase("postgres", database));
        workDirectory = Files.createTempDirectory("connector-stall");
        one = ConnectorProcess.start(workDirectory, database, simulatorPort, "one");
        two = ConnectorProcess.start(workDirectory, database, simulatorPort, "two");

        // a Jira bulk create: Jira created the issues, the frozen instance has not seen the answer
        faults.holdNext("jira", "POST", "/rest/api/3/issue/bulk$", true, 0);
        one.createItem(SandboxTest.demoDealsItem());
        stallTheHolder("a Jira bulk create", "SELECT DISTINCT claimed_by FROM record_link WHERE claimed_by IS NOT NULL",
                () -> creationsFinished(hubspot.recordsOf("deals").size()));
        exactlyOneIssueAndLinkNotePerDeal();

        // a HubSpot note write: the new deals' issue link notes are written, not yet recorded
        for (int i = 1; i <= 3; i++) {
            hubspot.create("deals", Map.of("dealname", "Stalled write " + i, "pipeline", "default", "dealstage", "appointmentscheduled"));
        }
        faults.holdNext("hubspot", "POST", "/crm/objects/2026-03/notes/batch/create$", true, 0);
        stallTheHolder("a HubSpot note write", "SELECT DISTINCT claimed_by FROM record_link WHERE claimed_by IS NOT NULL",
                () -> creationsFinished(hubspot.recordsOf("deals").size()));
        exactlyOneIssueAndLinkNotePerDeal();

        // a Jira inbox event: a person's comment, copied to a HubSpot note that is written, not yet recorded
        simulators.getBean(JiraWebhookSender.class).configure("http://127.0.0.1:" + one.port + "/webhooks/jira", ConnectorProcess.JIRA_WEBHOOK_SECRET);
        HubSpotSandbox.Rec deal = hubspot.recordsOf("deals").values().iterator().next();
        JiraSandbox.Issue issue = issuesOf(deal.id).get(0);
        faults.holdNext("hubspot", "POST", "/crm/objects/2026-03/notes$", true, 0);
        jira.asUser("ada.lovelace@example.com", () -> JiraIssues.addComment(jira, issue, adf("Seen while the other instance slept"), jiraBase()));
        stallTheHolder("a Jira inbox event", "SELECT DISTINCT claimed_by FROM inbox_issue_claim",
                () -> count("SELECT COUNT(*) FROM webhook_inbox WHERE state IN ('NEW', 'PROCESSING')") == 0
                        && count("SELECT COUNT(*) FROM comment_link WHERE state = 'PENDING'") == 0);
        assertThat(hubspot.notesOf("deals", deal.id).stream().filter(n -> n.properties.get("hs_note_body").contains("Seen while the other instance slept")))
                .as("the comment's note, once").hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM webhook_inbox WHERE state = 'DONE'")).as("the event done once, by its new owner").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM dead_letter")).as("nothing dead-lettered").isZero();
        figures.forEach(System.out::println);
    }

    /**
     * Waits for the held call, freezes the instance that made it (its worker name, pid@host/…, is in the claim the
     * query reads), lets the call answer, waits for the other instance to finish the work, then resumes the frozen one
     * and watches it for a while: it must write nothing, and must say it found its claim taken over.
     */
    private void stallTheHolder(String kind, String claimQuery, BooleanSupplier finished) throws Exception {
        awaitTrue(kind + ": the call to hold", Duration.ofSeconds(120), faults::holding);
        List<String> holders = db.queryForList(claimQuery, String.class);
        assertThat(holders).as(kind + ": one instance holds the work").hasSize(1);
        long pid = Long.parseLong(holders.get(0).substring(0, holders.get(0).indexOf('@')));
        ConnectorProcess frozen = pid == one.pid() ? one : two;
        assertThat(frozen.pid()).as(kind + ": the holder is one of the two instances").isEqualTo(pid);
        frozen.signal("STOP");
        Instant stopped = Instant.now();
        faults.releaseHolds();
        awaitTrue(kind + ": the other instance to finish the work", Duration.ofSeconds(120), finished);
        long takeoverMillis = Duration.between(stopped, Instant.now()).toMillis();
        Thread.sleep(1_000);

        int logBefore = frozen.logText().length();
        Instant resumed = Instant.now();
        System.out.println("Resuming " + frozen.log.getFileName() + " at " + resumed + " (log offset " + logBefore + ")");
        frozen.signal("CONT");
        // two polls and many inbox rounds: time enough for its interrupted flows to wake and try their writes
        Thread.sleep(6_000);
        List<String> writes = Stream.of("hubspot", "jira").flatMap(api -> calls.calls(api).stream())
                .filter(c -> !c.at().isBefore(resumed) && !"GET".equals(c.method()) && !READ_ONLY_POST.matcher(c.path()).matches())
                .map(c -> c.api() + " " + c.method() + " " + c.path() + " " + c.status()).toList();
        assertThat(writes).as(kind + ": nothing is written after the frozen instance resumed").isEmpty();
        List<String> refusals = frozen.logText().substring(logBefore).lines().filter(line -> REFUSAL.matcher(line).find()).toList();
        assertThat(refusals).as(kind + ": the resumed instance found its claim taken over and wrote nothing for it").isNotEmpty();
        figures.add(String.format("Stalled during %s: the other instance finished the work %.1f s after the freeze; the resumed instance"
                + " refused %d write(s): %s", kind, takeoverMillis / 1000.0, refusals.size(), refusals.get(0).replaceAll("^.*(WARN|INFO) ", "")));
    }

    private boolean creationsFinished(int deals) {
        try {
            return count("SELECT COUNT(*) FROM record_link WHERE state = 'LINKED' AND pending_steps IS NULL") == deals
                    && count("SELECT COUNT(*) FROM record_link WHERE claimed_by IS NOT NULL") == 0;
        } catch (RuntimeException notMigratedYet) {
            return false;
        }
    }

    private void exactlyOneIssueAndLinkNotePerDeal() {
        for (HubSpotSandbox.Rec deal : hubspot.recordsOf("deals").values()) {
            List<JiraSandbox.Issue> issues = issuesOf(deal.id);
            assertThat(issues).as("issues of deal " + deal.id).hasSize(1);
            String key = issues.get(0).key;
            assertThat(hubspot.notesOf("deals", deal.id).stream().filter(n -> n.properties.get("hs_note_body").contains("Issue link note (" + key + ")")))
                    .as("link notes of deal " + deal.id).hasSize(1);
        }
    }

    private List<JiraSandbox.Issue> issuesOf(String dealId) {
        return jira.allIssues().stream().filter(i -> i.fields.path("labels").toString().contains("-deals-" + dealId + "\"")).toList();
    }

    private int count(String sql) {
        return db.queryForObject(sql, Integer.class);
    }

    private String jiraBase() {
        return "http://127.0.0.1:" + simulatorPort + "/sandbox/jira";
    }

    private static ObjectNode adf(String text) {
        ObjectNode doc = json.createObjectNode().put("type", "doc").put("version", 1);
        doc.putArray("content").addObject().put("type", "paragraph").putArray("content").addObject().put("type", "text").put("text", text);
        return doc;
    }
}
