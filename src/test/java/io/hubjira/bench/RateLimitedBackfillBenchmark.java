package io.hubjira.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.hubjira.sandbox.SandboxCallLog;
import io.hubjira.support.SandboxTest;
import io.hubjira.support.TwoInstances;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Benchmark, not a test: 1,000 deals, each with a note carrying a file, backfilled against the simulated HubSpot
 * enforcing HubSpot's Free limits (100 requests per rolling 10 s, 5 searches per second; 429 when exceeded), with the
 * connector's budget at the same numbers. Copying the files (one signed-URL read each) makes HubSpot's 10-second window
 * the bound. Two scenarios: one instance backfills through the poll; two instances on one PostgreSQL share the work
 * through the HubSpot change queue (HubSpot's webhooks); two portals backfill at once, each under its own limits, through
 * one instance. Each waits until every deal is linked and every file is
 * attached before it takes the wall time, and reports the 429s received and the wall time against the floor: the
 * least time HubSpot's limits allow for the fewest calls the work needs (computed from the work, not from the
 * connector's own count). The simulated Jira enforces no site limit (the connector's Jira budget runs at 100/s).
 * Run: mvn -B test -Dsurefire.excludedGroups= -Dgroups=benchmark -Dtest=RateLimitedBackfillBenchmark
 */
@Tag("benchmark")
@TestPropertySource(properties = {
        "connector.hubspot.rate-limit.requests-per-window=100",
        "connector.hubspot.rate-limit.window=10s",
        "connector.hubspot.rate-limit.search-per-second=5",
        "connector.jira.rate-limit.requests-per-second=100",
        "connector.sandbox.hubspot.rate-limit.requests-per-10s=100",
        "connector.sandbox.hubspot.rate-limit.searches-per-second=5"})
class RateLimitedBackfillBenchmark extends SandboxTest {

    static final int WINDOW_PERMITS = 100;
    static final double WINDOW_SECONDS = 10;
    static final int SEARCHES_PER_SECOND = 5;

    /** One report for both scenarios, written when both ran. */
    static final BenchmarkReport REPORT = BenchmarkReport.of(RateLimitedBackfillBenchmark.class, "Deals with a note and a file each, "
            + "backfilled under HubSpot's Free limits (100 per rolling 10 s, 5 searches/s): 429s received and wall time against the "
            + "limits' floor, taken after every deal is linked and every file attached.");

    @Autowired
    ProducerTemplate producer;
    @Autowired
    io.hubjira.connection.ConnectionStore connections;

    @org.junit.jupiter.api.AfterAll
    static void writeReport() {
        REPORT.write();
    }

    /** The least time a rolling window of {@code permits} per {@code seconds} needs for {@code calls}: all of a window at once, then a window later. */
    static double rollingWindowFloor(long calls, int permits, double seconds) {
        return calls <= permits ? 0 : seconds * (Math.ceil((double) calls / permits) - 1);
    }

    static long batches(long items, int perCall) {
        return (items + perCall - 1) / perCall;
    }

    @Test
    void oneInstanceBackfillsThroughThePoll() {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
        hubspotWebhooks.setEnabled(false);
        int records = Integer.getInteger("bench.records", 1_000);
        Instant base = Instant.now().minusSeconds(3600);
        for (int i = 0; i < records; i++) {
            var deal = hubspot.createAt("deals", Map.of("dealname", "Backfill deal " + i, "amount", String.valueOf(1000 + i),
                    "dealtype", "newbusiness", "dealstage", "appointmentscheduled"), base.plusMillis(i * 7L));
            var file = hubspot.storeFile("brief-" + i + ".txt", ("Brief for deal " + i).getBytes(), "PRIVATE", "/briefs");
            hubspot.addNote("deals", deal.id, "<p>Brief " + i + "</p>", null, List.of(file.id()));
        }
        int deals = hubspot.recordsOf("deals").size();
        Map<String, Object> item = demoDealsItem();
        item.put("statusSync", false);
        long itemId = createItem(item);
        calls.clear();
        long started = System.nanoTime();
        // the scheduled poll's two steps, run until nothing is left (a poll that meets a transient failure leaves the rest to the next)
        for (int poll = 0; poll < 5 && !done(deals, records); poll++) {
            producer.requestBody("direct:hubspot-poll-item", itemId);
            producer.requestBody("direct:hubspot-notes-poll", (Object) null);
        }
        double wall = (System.nanoTime() - started) / 1e9;
        List<SandboxCallLog.Call> answered = calls.calls(null);
        // the fewest calls: a search page per 100 deals and per 200 notes; per file one signed-URL read; the issue link
        // notes in batches of 100; the notes' deals in association batches of 1,000 (downloads are outside the limits)
        long minimumSearches = batches(deals, 100) + batches(records, 200);
        long minimumWindowCalls = records + batches(deals, 100) + batches(records, 1_000);
        report("one instance, the poll", answered, wall, deals, records, minimumSearches, minimumWindowCalls,
                "a search page per 100 deals and per 200 notes (5/s); per file one signed-URL read, issue link notes per 100 "
                        + "deals, note associations per 1,000 notes (100 per rolling 10 s)", Map.of("instance", 1.0 * countHubSpot(answered)));
    }

    @Test
    void twoInstancesShareTheBackfillThroughTheChangeQueue() throws Exception {
        int records = Integer.getInteger("bench.records", 1_000);
        try (TwoInstances instances = TwoInstances.start("rate_limited_backfill", TwoInstances.HUBSPOT_FREE_LIMITS)) {
            SandboxCallLog log = instances.bean(SandboxCallLog.class);
            instances.connectDemoPortalAndSite();
            Map<String, Object> item = demoDealsItem();
            item.put("statusSync", false);
            instances.createItem(item);
            log.clear();
            long firstBefore = instances.calls(instances.first, io.hubjira.http.ApiName.HUBSPOT);
            long secondBefore = instances.calls(instances.second, io.hubjira.http.ApiName.HUBSPOT);
            long started = System.nanoTime();
            instances.backfillDealsWithFiles(records, "brief", java.time.Duration.ofMinutes(15));
            double wall = (System.nanoTime() - started) / 1e9;
            List<SandboxCallLog.Call> answered = log.calls(null);
            // the fewest calls: the webhooks name deals and notes, read in batches of 100; per file one signed-URL read;
            // issue link notes per 100 deals; note associations per 1,000 notes. No search.
            long minimumWindowCalls = records + 3 * batches(records, 100) + batches(records, 1_000);
            report("two instances, the change queue", answered, wall, records, records, 0, minimumWindowCalls,
                    "per file one signed-URL read; deals and notes read in batches of 100, issue link notes per 100 deals, note "
                            + "associations per 1,000 notes (100 per rolling 10 s)",
                    Map.of("first instance", (double) instances.calls(instances.first, io.hubjira.http.ApiName.HUBSPOT) - firstBefore,
                            "second instance", (double) instances.calls(instances.second, io.hubjira.http.ApiName.HUBSPOT) - secondBefore));
        }
    }

    @Test
    void twoPortalsBackfillAtOnceEachUnderItsOwnLimits() throws Exception {
        resetEverything();
        connectDemoPortalAndSite();
        webhooks.setEnabled(false);
        hubspotWebhooks.setEnabled(false);
        long portalB = hubspotConnectionService.connectToken(io.hubjira.connection.ConnectionTarget.added("portal-b"),
                String.valueOf(io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_B), io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_B_TOKEN,
                null).id();
        long portalA = connections.firstHubSpot().orElseThrow().id();
        int records = Integer.getInteger("bench.records", 1_000) / 2;
        Instant base = Instant.now().minusSeconds(3600);
        Map<Long, Integer> dealsOf = new java.util.LinkedHashMap<>();
        for (long portal : List.of(io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_A, io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_B)) {
            var sim = hubspot.portal(portal);
            for (int i = 0; i < records; i++) {
                var deal = sim.createAt("deals", Map.of("dealname", "Backfill deal " + i, "amount", String.valueOf(1000 + i),
                        "dealtype", "newbusiness", "dealstage", "appointmentscheduled"), base.plusMillis(i * 7L));
                var file = sim.storeFile("brief-" + i + ".txt", ("Brief for deal " + i).getBytes(), "PRIVATE", "/briefs");
                sim.addNote("deals", deal.id, "<p>Brief " + i + "</p>", null, List.of(file.id()));
            }
            dealsOf.put(portal, sim.recordsOf("deals").size());
        }
        Map<String, Object> itemA = demoDealsItem();
        itemA.put("statusSync", false);
        itemA.put("name", "Portal A deals");
        itemA.put("hubspotConnection", "hubspot-" + io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_A);
        Map<String, Object> itemB = new java.util.LinkedHashMap<>(itemA);
        itemB.put("name", "Portal B deals");
        itemB.put("hubspotConnection", "portal-b");
        long a = createItem(itemA);
        long b = createItem(itemB);
        calls.clear();
        long started = System.nanoTime();
        // both portals' scheduled polls at once, each until its own work is done
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var doneA = pool.submit(() -> backfill(a, portalA, dealsOf.get(io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_A), records));
            var doneB = pool.submit(() -> backfill(b, portalB, dealsOf.get(io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_B), records));
            doneA.get();
            doneB.get();
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - started) / 1e9;
        List<SandboxCallLog.Call> answered = calls.calls(null);
        var scenario = REPORT.scenario("two portals at once, the poll");
        double floor = 0;
        for (long portal : dealsOf.keySet()) {
            int deals = dealsOf.get(portal);
            List<SandboxCallLog.Call> ofPortal = calls.hubspotCalls(portal);
            long apiCalls = ofPortal.stream().filter(c -> !c.path().startsWith("/_signed/")).count();
            long received429 = ofPortal.stream().filter(c -> c.status() == 429).count();
            long minimumWindowCalls = records + batches(deals, 100) + batches(records, 1_000);
            double portalFloor = Math.max(rollingWindowFloor(minimumWindowCalls, WINDOW_PERMITS, WINDOW_SECONDS),
                    (batches(deals, 100) + batches(records, 200) - SEARCHES_PER_SECOND) / (double) SEARCHES_PER_SECOND);
            floor = Math.max(floor, portalFloor);
            scenario.figure("portal " + portal + ": deals linked", deals, "deals")
                    .figure("portal " + portal + ": HubSpot 429s received", received429, "responses", "0", null, null)
                    .figure("portal " + portal + ": HubSpot API calls (every status, retries included)", apiCalls, "calls")
                    .figure("portal " + portal + ": HubSpot API calls per deal", apiCalls / (double) deals, "calls/deal");
        }
        scenario.figure("wall time", wall, "s", "≤ 1.2 × floor", floor, "the slower portal's floor: each portal has its own 100 per rolling "
                        + "10 s and 5 searches/s, so the two backfills overlap")
                .figure("wall time against the floor", floor == 0 ? 0 : wall / floor, "×", "≤ 1.2", 1.0, null)
                .figure("Jira calls (every status)", answered.stream().filter(c -> c.api().equals("jira")).count(), "calls");
        scenario.calls(answered);
    }

    /** One portal's scheduled poll (its item's records, then its notes feed) until its deals are linked and its files attached. */
    private Void backfill(long itemId, long hubspotConnectionId, int deals, int files) {
        for (int poll = 0; poll < 5 && !(linked(itemId) >= deals && attached(itemId) >= files); poll++) {
            producer.requestBody("direct:hubspot-poll-item", itemId);
            producer.send("direct:hubspot-notes-poll-portal", e -> e.setProperty("hubspotConnectionId", hubspotConnectionId));
        }
        return null;
    }

    private int linked(long itemId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'LINKED' AND pending_steps IS NULL",
                Integer.class, itemId);
    }

    private int attached(long itemId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM attachment_link a JOIN record_link l ON l.id = a.link_id WHERE l.item_id = ? "
                + "AND a.state = 'SYNCED'", Integer.class, itemId);
    }

    private boolean done(int deals, int files) {
        return linked() >= deals && attached() >= files;
    }

    private int linked() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE state = 'LINKED' AND pending_steps IS NULL", Integer.class);
    }

    private int attached() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM attachment_link WHERE state = 'SYNCED'", Integer.class);
    }

    private static long countHubSpot(List<SandboxCallLog.Call> answered) {
        return answered.stream().filter(c -> c.api().equals("hubspot") && !c.path().startsWith("/_signed/")).count();
    }

    private void report(String scenarioName, List<SandboxCallLog.Call> answered, double wall, int deals, int files, long minimumSearches,
                        long minimumWindowCalls, String floorBasis, Map<String, Double> hubspotCallsPerInstance) {
        long received429 = answered.stream().filter(c -> c.api().equals("hubspot") && c.status() == 429).count();
        long searches = answered.stream().filter(c -> c.api().equals("hubspot") && c.method().equals("POST") && c.path().matches("/crm/.*/search")).count();
        long downloads = answered.stream().filter(c -> c.api().equals("hubspot") && c.path().startsWith("/_signed/")).count();
        long hubspotApiCalls = countHubSpot(answered);
        long jiraCalls = answered.stream().filter(c -> c.api().equals("jira")).count();
        double floor = Math.max(rollingWindowFloor(minimumWindowCalls, WINDOW_PERMITS, WINDOW_SECONDS),
                minimumSearches <= SEARCHES_PER_SECOND ? 0 : (minimumSearches - SEARCHES_PER_SECOND) / (double) SEARCHES_PER_SECOND);
        var scenario = REPORT.scenario(scenarioName)
                .figure("deals linked", deals, "deals")
                .figure("files attached", files, "files")
                .figure("HubSpot 429s received", received429, "responses", "0", null, null)
                .figure("wall time", wall, "s", "≤ 1.2 × floor", floor, floorBasis + ": " + minimumWindowCalls + " calls in the window, "
                        + minimumSearches + " searches")
                .figure("wall time against the floor", floor == 0 ? 0 : wall / floor, "×", "≤ 1.2", 1.0, null)
                .figure("HubSpot API calls (every status, retries included)", hubspotApiCalls, "calls")
                .figure("HubSpot searches", searches, "calls")
                .figure("HubSpot signed-URL downloads (outside the limits)", downloads, "calls")
                .figure("Jira calls (every status)", jiraCalls, "calls");
        hubspotCallsPerInstance.forEach((instance, count) -> scenario.figure("HubSpot calls sent by the " + instance, count, "calls"));
        scenario.calls(answered);
    }
}
