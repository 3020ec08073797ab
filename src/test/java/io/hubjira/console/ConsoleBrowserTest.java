package io.hubjira.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.hubjira.sandbox.jira.JiraSandbox;
import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium against the sandbox: connect HubSpot and Jira, create an item (seeing a
 * validation error at its field first), open an issue panel, search and link a record, refresh, see associated
 * records, unlink; the dashboard during a backfill and after it, with its charts; a dead letter from the dashboard to
 * its replay, and one that resolves itself; the activity both ways; a divergence found and resynced; the standalone
 * panel as the admin's tool; every console page, Swagger UI and Hawtio (with Jolokia behind it) under the connector's
 * Content-Security-Policy. No test may leave a CSP violation in the browser's log. Screenshots land in
 * target/screenshots. Needs Debian's chromium and chromium-driver (.ci/run installs them); without them the test is
 * skipped with that reason.
 */
class ConsoleBrowserTest extends SandboxTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @org.springframework.beans.factory.annotation.Autowired
    ProducerTemplate producer;

    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver; .ci/run does it)");
        resetEverything();
        webhooks.setEnabled(false);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1600",
                "--user-data-dir=" + System.getProperty("java.io.tmpdir") + "/console-test-" + System.nanoTime());
        // the browser's console log, where Chromium reports every Content-Security-Policy violation
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
        // the admin's credentials, as the browser would send them after its Basic-auth prompt
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8)))));
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            try {
                assertThat(cspViolations()).as("Content-Security-Policy violations in the browser's log").isEmpty();
            } finally {
                browser.quit();
            }
        }
    }

    /** The browser log's CSP reports since the last look ("Refused to execute inline script because it violates …"). */
    private List<String> cspViolations() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy")).toList();
    }

    private void open(String page) {
        browser.get("http://127.0.0.1:" + port + "/console/" + page);
    }

    /** The page finished its first loads (connections, catalog, items / the panel). */
    private void pageReady() {
        wait.until(d -> "true".equals(((ChromeDriver) d).executeScript("return document.body.dataset.ready || ''")));
    }

    private WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private void chooseWhenLoaded(String selectId, String value) {
        wait.until(d -> d.findElements(By.cssSelector("#" + selectId + " option[value='" + value + "']")).size() > 0);
        new Select(browser.findElement(By.id(selectId))).selectByValue(value);
    }

    @Test
    void anAdminConnectsCreatesAnItemAndAJiraUserLinksARecordInTheIssuePanel() throws Exception {
        open("admin.html");
        assertThat(visible(By.id("hubspot-help")).getText()).contains("Need help connecting to HubSpot?");
        WebElement token = browser.findElement(By.id("token"));
        assertThat(token.getAttribute("type")).isEqualTo("password");
        browser.findElement(By.id("portalId")).sendKeys("87654321");
        token.sendKeys(DEMO_TOKEN);
        browser.findElement(By.id("save-hubspot")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-error-for='portalId']"), "does not match"));
        screenshot("01-connection-error");
        WebElement portal = browser.findElement(By.id("portalId"));
        portal.clear();
        portal.sendKeys(String.valueOf(PORTAL));
        WebElement tokenAgain = browser.findElement(By.id("token"));
        tokenAgain.clear();
        tokenAgain.sendKeys(DEMO_TOKEN);
        browser.findElement(By.id("save-hubspot")).click();
        visible(By.id("hubspot-connected"));
        assertThat(browser.findElement(By.id("hs-portal")).getText()).isEqualTo(String.valueOf(PORTAL));
        assertThat(browser.findElement(By.id("hs-token")).getText()).isEqualTo("Token stored securely");
        assertThat(browser.getPageSource()).doesNotContain(DEMO_TOKEN);
        browser.findElement(By.id("jiraBaseUrl")).sendKeys(jiraBase());
        browser.findElement(By.id("jiraEmail")).sendKeys("connector@example.com");
        browser.findElement(By.id("jiraToken")).sendKeys("sandbox-jira-token");
        browser.findElement(By.cssSelector("#jira-form button[type=submit]")).click();
        visible(By.id("jira-connected"));
        screenshot("02-connected");

        browser.navigate().refresh();
        pageReady();
        startDealsItem("Deal preview", "DISPLAY_ONLY");
        wait.until(d -> d.findElements(By.cssSelector("#item-display option[value='dealname']")).size() > 0);
        browser.findElement(By.id("opt-associatedRecords")).click();
        browser.findElement(By.id("save-item")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-error-for='displayFields']"),
                "choose at least one HubSpot field to display"));
        screenshot("03-item-validation-error");
        Select display = new Select(browser.findElement(By.id("item-display")));
        display.selectByValue("dealname");
        display.selectByValue("amount");
        browser.findElement(By.id("save-item")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("items-table"), "Deal preview"));
        screenshot("04-items-table");

        open("panel.html?issue=SUP-1");
        pageReady();
        WebElement link = visible(By.cssSelector(".card [data-action='link']"));
        assertThat(browser.findElement(By.cssSelector(".card h3")).getText()).isEqualTo("Deal preview");
        link.click();
        WebElement search = visible(By.id("record-search"));
        assertThat(search.getAttribute("placeholder")).isEqualTo("Start typing to search HubSpot records");
        assertThat(browser.findElement(By.cssSelector("#link-dialog h2")).getText()).isEqualTo("Link a HubSpot record");
        search.sendKeys("Acme");
        visible(By.cssSelector("#search-results li")).click();
        screenshot("05-link-dialog");
        browser.findElement(By.id("link-confirm")).click();
        WebElement recordId = visible(By.cssSelector(".card .record-id"));
        assertThat(recordId.getText()).matches("\\d+");
        assertThat(browser.findElement(By.cssSelector(".card .preview")).getText()).contains("Deal Name").contains("Acme Corp");
        assertThat(browser.findElement(By.cssSelector(".card a.open")).getAttribute("href")).contains("/contacts/12345678/record/0-3/");

        hubspot.update("deals", recordId.getText(), Map.of("dealname", "Acme, renamed in HubSpot"));
        browser.findElement(By.cssSelector(".card [data-action='refresh']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".card .preview"), "Acme, renamed in HubSpot"));
        browser.findElement(By.cssSelector(".card [data-action='associated']")).click();
        WebElement contacts = visible(By.cssSelector(".card details.group[data-type='contacts']"));
        contacts.findElement(By.tagName("summary")).click();
        assertThat(contacts.findElement(By.tagName("li")).getText()).contains("Open");
        screenshot("06-linked-with-associated-records");

        browser.findElement(By.cssSelector(".card [data-action='unlink']")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        visible(By.cssSelector(".card [data-action='link']"));
        screenshot("07-unlinked");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link", Integer.class)).isZero();
    }

    @Test
    void anAdminBuildsACustomItemAndSeesItsDeadLetterOnTheDashboardReplaysItAndSeesTheNextResolveItself() throws Exception {
        connectDemoPortalAndSite();
        open("admin.html");
        pageReady();
        startDealsItem("Deals custom", "CUSTOM");
        chooseWhenLoaded("item-issuetype", "10001");
        wait.until(d -> ((Number) ((ChromeDriver) d).executeScript("return state.jiraFields.length")).intValue() > 0);
        browser.findElement(By.id("add-mapping")).click();
        browser.findElement(By.id("add-mapping")).click();
        List<WebElement> rows = browser.findElements(By.cssSelector("#mappings .mapping"));
        setMapping(rows.get(0), "dealname", "HUBSPOT", "summary");
        setMapping(rows.get(1), "amount", "JIRA", "summary");
        browser.findElement(By.id("opt-autoCreate")).click();
        browser.findElement(By.id("save-item")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(rows.get(1).findElement(By.className("error")), "mapped more than once"));
        assertThat(rows.get(0).findElement(By.className("error")).getText()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_item", Integer.class)).as("nothing saved").isZero();
        screenshot("08-mapping-error-at-its-row");
        new Select(rows.get(1).findElement(By.className("map-jira"))).selectByValue("customfield_10012");
        browser.findElement(By.id("save-item")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("items-table"), "Deals custom"));
        String summary = browser.findElement(By.cssSelector("#items-table tbody tr")).getText();
        assertThat(summary).contains("dealname → summary").contains("amount ← customfield_10012");
        screenshot("09-custom-item-in-table");

        long itemId = jdbc.queryForObject("SELECT id FROM sync_item", Long.class);
        // the dry run says what the first poll would do, and nothing is written
        browser.findElement(By.cssSelector("#items-table tr[data-item='" + itemId + "'] [data-action='dry-run']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dry-run-summary"), "Nothing was written"));
        assertThat(browser.findElement(By.id("dry-run-summary")).getText())
                .contains("would create " + hubspot.recordsOf("deals").size() + " issues");
        assertThat(browser.findElement(By.cssSelector("#dry-run-creations tbody")).getText()).contains("summary");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link", Integer.class)).isZero();
        screenshot("09b-item-dry-run");
        browser.findElement(By.id("sync-now")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "The poll runs now"));
        eventually("the first poll to link the deals", () -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_event WHERE item_id = ? AND action = 'POLL'", Integer.class, itemId) > 0);
        String dealId = hubspot.recordsOf("deals").keySet().iterator().next();
        String issueKey = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId);
        hubspot.update("deals", dealId, Map.of("dealname", "Renamed while Jira refused"));
        faults.failNext("jira", 20, 400, "/rest/api/3/issue/" + issueKey + "$");
        producer.requestBody("direct:hubspot-poll-item", itemId);
        faults.resetAll();

        // the dashboard says the item is failing and why; the health link of the items table leads there
        visible(By.cssSelector("#items-table tr[data-item='" + itemId + "'] [data-action='health']")).click();
        pageReady();
        WebElement row = visible(By.cssSelector("#health-table tr[data-item='" + itemId + "']"));
        assertThat(row.getAttribute("data-health")).isEqualTo("FAILING");
        assertThat(row.findElement(By.cssSelector("ul.problems")).getText()).contains("1 dead letter waits");
        assertThat(row.findElement(By.cssSelector("td.last-poll")).getText().toLowerCase()).contains("1 record not synced");
        assertThat(row.findElement(By.cssSelector("td.dead-letters")).getText()).contains("1");
        screenshot("10-dashboard-item-failing");

        // one dead letter, its reason in plain words; replayed once Jira accepts again
        row.findElement(By.cssSelector("a.dead-letter-link")).click();
        pageReady();
        WebElement letter = visible(By.cssSelector("#dead-letters-table tr[data-letter]"));
        assertThat(browser.findElements(By.cssSelector("#dead-letters-table tr[data-letter]"))).hasSize(1);
        assertThat(letter.findElement(By.className("reason")).getText()).startsWith("Jira refused the change");
        assertThat(letter.getText()).contains(dealId);
        screenshot("11-dead-letter-reason");
        letter.findElement(By.cssSelector("[data-replay]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Replayed"));
        wait.until(d -> d.findElements(By.cssSelector("#dead-letters-table tr[data-letter]")).isEmpty());
        assertThat(jira.issue(issueKey).orElseThrow().fields.path("summary").asText()).isEqualTo("Renamed while Jira refused");
        screenshot("12-dead-letter-replayed");

        // a dead letter nobody replays disappears by itself when a later sync of its record succeeds
        hubspot.update("deals", dealId, Map.of("dealname", "Refused again"));
        faults.failNext("jira", 20, 400, "/rest/api/3/issue/" + issueKey + "$");
        producer.requestBody("direct:hubspot-poll-item", itemId);
        faults.resetAll();
        browser.navigate().refresh();
        pageReady();
        visible(By.cssSelector("#dead-letters-table tr[data-letter]"));
        hubspot.update("deals", dealId, Map.of("dealname", "Fixed, synced by the next poll"));
        producer.requestBody("direct:hubspot-poll-item", itemId);
        browser.navigate().refresh();
        pageReady();
        assertThat(browser.findElements(By.cssSelector("#dead-letters-table tr[data-letter]"))).isEmpty();
        new Select(browser.findElement(By.id("dl-state"))).selectByValue("RESOLVED");
        WebElement resolved = visible(By.cssSelector("#dead-letters-table tr[data-letter][data-state='RESOLVED']"));
        assertThat(resolved.getText()).contains(dealId);
        screenshot("13-dead-letter-resolved-by-a-later-sync");
    }

    @Test
    void theDashboardShowsABackfillWhileItRunsWithChartsAndTheActivityBothWays() throws Exception {
        connectDemoPortalAndSite();
        for (int i = 0; i < 800; i++) {
            hubspot.create("deals", Map.of("dealname", "Backfill deal " + i, "amount", String.valueOf(1000 + i), "dealstage", "appointmentscheduled",
                    "pipeline", "default", "dealtype", "newbusiness"));
        }
        long itemId = createItem(demoDealsItem());
        // HubSpot answers slowly, so the backfill takes long enough to watch
        faults.set("hubspot", new io.hubjira.sandbox.SandboxFaults.Settings(0, null, 0, 0, 1200));
        var backfill = producer.asyncRequestBody("direct:hubspot-poll-item", itemId);
        open("index.html");
        pageReady();
        // the block is drawn anew every 3 seconds: read it in one go
        String count = wait.withTimeout(Duration.ofSeconds(40)).until(d -> {
            Object text = ((ChromeDriver) d).executeScript(
                    "const b = document.querySelector('#progress .progress-block[data-running=\"true\"] .progress-count'); return b ? b.textContent : null;");
            return text != null && text.toString().matches("(?s).*[1-9][0-9,]* of [0-9,]+ records.*") ? text.toString() : null;
        });
        assertThat(count).as("records so far of HubSpot's total").contains("of " + String.format(java.util.Locale.US, "%,d", hubspot.recordsOf("deals").size()));
        Object rate = browser.executeScript("const r = document.querySelector('#progress .progress-block .rate'); return r ? r.textContent : '';");
        assertThat(String.valueOf(rate)).contains("records/s");
        wait.until(d -> !d.findElements(By.cssSelector("#health-table tr[data-item='" + itemId + "'] span.lozenge.running")).isEmpty());
        screenshot("14-dashboard-backfill-in-progress");
        faults.set("hubspot", io.hubjira.sandbox.SandboxFaults.Settings.none());
        backfill.get(120, java.util.concurrent.TimeUnit.SECONDS);
        wait.until(d -> d.findElements(By.cssSelector("#progress .progress-block[data-running='true']")).isEmpty());

        // a Jira user's edit comes back to HubSpot: both directions show on the dashboard and in the activity
        String dealId = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, itemId);
        String issueKey = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId);
        webhooks.setEnabled(true);
        jira.asUser("ada.lovelace@example.com", () -> {
            var body = json.createObjectNode();
            body.putObject("fields").put("summary", "Renamed by Ada in Jira");
            io.hubjira.sandbox.jira.JiraIssues.edit(jira, jira.issue(issueKey).orElseThrow(), body);
            return null;
        });
        waitForInbox();
        applicationContext.getBean(io.hubjira.ops.ApiUsageHistory.class).sampleLastMinute();
        browser.navigate().refresh();
        pageReady();
        WebElement row = visible(By.cssSelector("#health-table tr[data-item='" + itemId + "']"));
        assertThat(row.getAttribute("data-health")).isEqualTo("HEALTHY");
        assertThat(row.findElement(By.cssSelector("td.last-success")).getText()).doesNotContain("never");
        wait.until(d -> d.findElements(By.cssSelector("#chart-records canvas")).size() > 0 && d.findElements(By.cssSelector("#chart-hubspot canvas")).size() > 0
                && d.findElements(By.cssSelector("#chart-jira canvas")).size() > 0 && d.findElements(By.cssSelector("#chart-lag canvas")).size() > 0);
        assertThat(browser.findElement(By.id("hubspot-daily")).getText()).contains("daily");
        ((ChromeDriver) browser).executeScript("document.getElementById('chart-records').scrollIntoView()");
        screenshot("15-dashboard-healthy-with-charts");

        open("activity.html?issueKey=" + issueKey);
        pageReady();
        WebElement jiraToHubSpot = visible(By.cssSelector("#activity-table tr[data-event]"));
        assertThat(jiraToHubSpot.getText()).contains("Jira → HubSpot");
        assertThat(jiraToHubSpot.findElement(By.cssSelector("a.issue-link")).getAttribute("href")).endsWith("/browse/" + issueKey);
        assertThat(jiraToHubSpot.findElement(By.cssSelector("a.record-link")).getAttribute("href")).contains("/record/0-3/" + dealId);
        assertThat(browser.findElement(By.id("activity-table")).getText()).contains("HubSpot → Jira");
        new Select(browser.findElement(By.id("f-direction"))).selectByValue("JIRA_TO_HUBSPOT");
        browser.findElement(By.id("apply-filter")).click();
        wait.until(d -> d.getCurrentUrl().contains("direction=JIRA_TO_HUBSPOT"));
        // the table is drawn anew when the filter applies: read its text in one go
        wait.until(d -> {
            String rows = String.valueOf(((ChromeDriver) d).executeScript("return document.querySelector('#activity-table tbody').textContent"));
            return rows.contains("Jira → HubSpot") && !rows.contains("HubSpot → Jira");
        });
        screenshot("16-activity-jira-to-hubspot");
    }

    @Test
    void theDivergenceViewShowsAnEditTheConnectorDroppedAndResyncsItByOwnership() throws Exception {
        connectDemoPortalAndSite();
        long itemId = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", itemId);
        String dealId = jdbc.queryForObject("SELECT record_id FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, itemId);
        String issueKey = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId);
        long linkId = jdbc.queryForObject("SELECT id FROM record_link WHERE item_id = ? AND record_id = ?", Long.class, itemId, dealId);
        // edited with the connector's own Jira account: the webhook comes back and is dropped as the connector's echo
        webhooks.setEnabled(true);
        var body = json.createObjectNode();
        body.putObject("fields").put("customfield_10012", 9999);
        io.hubjira.sandbox.jira.JiraIssues.edit(jira, jira.issue(issueKey).orElseThrow(), body);
        waitForInbox();
        String before = hubspot.record("deals", dealId).orElseThrow().properties.get("amount");
        assertThat(before).isNotEqualTo("9999");

        open("divergence.html?itemId=" + itemId);
        pageReady();
        browser.findElement(By.id("check-item")).click();
        WebElement card = visible(By.cssSelector("div.divergence[data-link='" + linkId + "']"));
        assertThat(browser.findElement(By.id("dv-summary")).getText()).contains("1 differs");
        WebElement difference = card.findElement(By.cssSelector("table.differences tr[data-field='amount']"));
        assertThat(difference.getText()).contains("9999").contains(before);
        assertThat(difference.findElement(By.cssSelector("td.winner")).getText()).contains("Jira");
        screenshot("17-divergence-found");
        card.findElement(By.cssSelector("[data-resync='" + linkId + "']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Resynced"));
        visible(By.cssSelector("div.divergence[data-link='" + linkId + "'] .in-sync"));
        assertThat(hubspot.record("deals", dealId).orElseThrow().properties.get("amount")).isEqualTo("9999");
        screenshot("18-divergence-resynced");
    }

    @Test
    void theStandalonePanelIsTheAdminsTool() throws Exception {
        connectDemoPortalAndSite();
        long itemId = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", itemId);
        String issueKey = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND state = 'LINKED' ORDER BY id LIMIT 1", String.class, itemId);
        open("panel.html?issue=" + issueKey);
        pageReady();
        WebElement card = visible(By.cssSelector(".card"));
        assertThat(browser.findElements(By.cssSelector(".card"))).as("only the item for this issue's project and type").hasSize(1);
        assertThat(card.findElement(By.className("last-synced")).getText()).startsWith("Last synced: ").doesNotContain("not synced yet");
        screenshot("19-standalone-panel-for-the-admin");
    }

    @Test
    void anAdminBulkConnectsAnItemToTheIssuesThatAlreadyExist() throws Exception {
        connectDemoPortalAndSite();
        List<String> deals = new java.util.ArrayList<>(hubspot.recordsOf("deals").keySet());
        for (int i = 0; i < 3; i++) {
            jira.existingIssue("SUP", "10001", "Filed before the connector " + i).fields.put("customfield_10010", deals.get(i));
        }
        Map<String, Object> item = demoDealsItem();
        item.put("autoCreate", false);
        item.put("match", Map.of("jiraField", "customfield_10010", "hubspotProperty", "hs_object_id"));
        long itemId = createItem(item);
        open("admin.html");
        pageReady();
        visible(By.cssSelector("#items-table tr[data-item='" + itemId + "'] [data-action='bulk-connect']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bulk-summary"), "would link 3"));
        assertThat(browser.findElement(By.id("bulk-summary")).getText()).startsWith("Dry run — nothing written yet.");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link", Integer.class)).isZero();
        browser.findElement(By.id("bulk-apply")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bulk-progress"), "linked 3"));
        assertThat(browser.findElement(By.id("bulk-progress")).getText()).startsWith("Done");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ?", Integer.class, itemId)).isEqualTo(3);
        screenshot("21-bulk-connect-applied");
    }

    @Test
    void anAdminAddsASecondPortalAndASecondSiteSetsAWebhookSecretAndRevokesOne() throws Exception {
        connectDemoPortalAndSite();
        try (io.hubjira.sandbox.SimulatedJiraSite siteY = io.hubjira.sandbox.SimulatedJiraSite.start(
                io.hubjira.sandbox.SimulatedJiraSite.Settings.siteY())) {
            open("connections.html");
            pageReady();
            assertThat(browser.findElements(By.cssSelector("#hubspot-table tr[data-connection]"))).hasSize(1);
            WebElement first = browser.findElement(By.cssSelector("#hubspot-table tr[data-connection='1']"));
            assertThat(first.getAttribute("data-health")).isEqualTo("UP");
            assertThat(first.findElement(By.className("webhook-url")).getText()).isEqualTo("http://127.0.0.1:" + port + "/webhooks/hubspot");

            // a second portal: a taken name is refused at its field, then the EU portal is added
            browser.findElement(By.id("hs-name")).sendKeys("hubspot-12345678");
            browser.findElement(By.id("hs-portalId")).sendKeys(String.valueOf(io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_B));
            browser.findElement(By.id("hs-token")).sendKeys(io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_B_TOKEN);
            new Select(browser.findElement(By.id("hs-kind"))).selectByValue("PRIVATE_APP");
            browser.findElement(By.id("add-hubspot")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#add-hubspot-form [data-error-for='name']"), "exists already"));
            WebElement name = browser.findElement(By.id("hs-name"));
            name.clear();
            name.sendKeys("eu-portal");
            WebElement token = browser.findElement(By.id("hs-token"));
            token.clear();
            token.sendKeys(io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_B_TOKEN);
            browser.findElement(By.id("add-hubspot")).click();
            WebElement eu = visible(By.cssSelector("#hubspot-table tr[data-connection='2']"));
            assertThat(eu.getText()).contains("eu-portal").contains("87654321").contains("app-eu1.hubspot.com").containsIgnoringCase("No secret");
            assertThat(eu.getAttribute("data-health")).isEqualTo("UP");

            // a second site
            browser.findElement(By.id("jr-name")).sendKeys("site-y");
            browser.findElement(By.id("jr-baseUrl")).sendKeys(siteY.baseUrl());
            browser.findElement(By.id("jr-email")).sendKeys(siteY.settings().connectorEmail());
            browser.findElement(By.id("jr-apiToken")).sendKeys(siteY.settings().apiToken());
            browser.findElement(By.id("add-jira")).click();
            WebElement y = visible(By.cssSelector("#jira-table tr[data-connection='2']"));
            assertThat(y.getText()).contains("site-y").contains(siteY.baseUrl());
            assertThat(y.findElement(By.className("webhook-url")).getText()).isEqualTo("http://127.0.0.1:" + port + "/webhooks/jira/2");
            screenshot("25-connections-two-portals-two-sites");

            // its webhook secret, through the dialog: set, never shown
            y.findElement(By.cssSelector("[data-action='webhook']")).click();
            visible(By.id("wh-secret")).sendKeys("site-y-webhook-secret");
            browser.findElement(By.id("wh-save")).click();
            // the table is drawn anew after each change: what was found a moment ago may be gone, so look again until it holds
            wait.ignoring(StaleElementReferenceException.class);
            wait.until(d -> d.findElement(By.cssSelector("#jira-table tr[data-connection='2'] .webhook-secret")).getText().toLowerCase().contains("secret set"));
            assertThat(jiraConnectionService.connection(2).orElseThrow().webhookSecret()).isEqualTo("site-y-webhook-secret");

            // revoke the second site: its row stays, revoked; the first site is untouched
            browser.findElement(By.cssSelector("#jira-table tr[data-connection='2'] [data-action='revoke']")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(d -> "REVOKED".equals(d.findElement(By.cssSelector("#jira-table tr[data-connection='2']")).getAttribute("data-state")));
            assertThat(browser.findElement(By.cssSelector("#jira-table tr[data-connection='2']")).getText()).containsIgnoringCase("Revoked");
            assertThat(browser.findElement(By.cssSelector("#jira-table tr[data-connection='1']")).getAttribute("data-health")).isEqualTo("UP");
            assertThat(jdbc.queryForObject("SELECT state FROM jira_connection WHERE id = 2", String.class)).isEqualTo("REVOKED");
            screenshot("26-connections-site-revoked");
            assertThat(browser.getPageSource()).doesNotContain(io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_B_TOKEN)
                    .doesNotContain(siteY.settings().apiToken()).doesNotContain("site-y-webhook-secret");
        }
    }

    @Test
    void anAdminRevokesSiteYSeesItsItemStopReconnectsItThroughTheFormAndItsRecordsFlowAgainWithNothingCreatedTwice() throws Exception {
        connectDemoPortalAndSite();
        try (io.hubjira.sandbox.SimulatedJiraSite siteY = io.hubjira.sandbox.SimulatedJiraSite.start(
                io.hubjira.sandbox.SimulatedJiraSite.Settings.siteY())) {
            long y = jiraConnectionService.connect(io.hubjira.connection.ConnectionTarget.added("site-y"), siteY.baseUrl(),
                    siteY.settings().connectorEmail(), siteY.settings().apiToken()).id();
            Map<String, Object> definition = demoDealsItem(false, false, false);
            definition.put("name", "Deals to site Y");
            definition.put("fieldMappings", List.of(Map.of("hubspotProperty", "dealname", "jiraField", "summary")));
            definition.put("jiraConnection", "site-y");
            long item = createItem(definition);
            int seeded = siteY.jira().allIssues().size();
            producer.requestBody("direct:hubspot-poll-item", item);
            int issuesOnY = siteY.jira().allIssues().size();
            int links = jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ?", Integer.class, item);
            assertThat(links).as("the item's deals became issues on site Y").isPositive().isEqualTo(issuesOnY - seeded);
            Map<String, Object> link = jdbc.queryForMap("SELECT record_id, issue_key FROM record_link WHERE item_id = ? ORDER BY id LIMIT 1", item);
            String dealId = (String) link.get("record_id");
            String issueKey = (String) link.get("issue_key");
            String summaryBefore = siteY.jira().issue(issueKey).orElseThrow().fields.path("summary").asText();

            // revoke site Y in the console: its row shows it revoked, its item stopped, and a Reconnect button instead of Revoke
            open("connections.html");
            pageReady();
            By siteRow = By.cssSelector("#jira-table tr[data-connection='" + y + "']");
            browser.findElement(siteRow).findElement(By.cssSelector("[data-action='revoke']")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.ignoring(StaleElementReferenceException.class);
            wait.until(d -> "REVOKED".equals(d.findElement(siteRow).getAttribute("data-state")));
            assertThat(browser.findElement(siteRow).findElement(By.className("items")).getText()).containsIgnoringCase("1").containsIgnoringCase("stopped");
            assertThat(browser.findElement(siteRow).findElements(By.cssSelector("[data-action='revoke']"))).isEmpty();
            screenshot("28-connections-site-revoked-item-stopped");

            // while revoked the item stops: an edit and a new deal in HubSpot reach nothing on site Y
            hubspot.update("deals", dealId, Map.of("dealname", "Renamed while site Y was revoked"));
            var madeWhileRevoked = hubspot.create("deals", Map.of("dealname", "Made while site Y was revoked", "amount", "5"));
            siteY.calls().clear();
            producer.requestBody("direct:hubspot-poll-item", item);
            assertThat(siteY.calls().calls("jira")).as("no call reaches the revoked site").isEmpty();
            assertThat(siteY.jira().issue(issueKey).orElseThrow().fields.path("summary").asText()).isEqualTo(summaryBefore);
            assertThat(siteY.jira().allIssues()).hasSize(issuesOnY);

            // reconnect through the row's form: the site URL and email are filled in; a wrong API token is refused at its field
            browser.findElement(siteRow).findElement(By.cssSelector("[data-action='reconnect']")).click();
            WebElement apiToken = visible(By.id("rc-apiToken"));
            assertThat(browser.findElement(By.id("rc-baseUrl")).getAttribute("value")).isEqualTo(siteY.baseUrl());
            assertThat(browser.findElement(By.id("rc-email")).getAttribute("value")).isEqualTo(siteY.settings().connectorEmail());
            assertThat(browser.findElement(By.id("rc-portalId")).isDisplayed()).as("no HubSpot field for a site").isFalse();
            apiToken.sendKeys("not-the-sites-token");
            browser.findElement(By.id("rc-save")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#reconnect-form [data-error-for='apiToken']"),
                    "Jira rejected the account email and API token"));
            screenshot("29-connections-reconnect-refused");
            assertThat(jdbc.queryForObject("SELECT state FROM jira_connection WHERE id = ?", String.class, y)).isEqualTo("REVOKED");
            apiToken.clear();
            apiToken.sendKeys(siteY.settings().apiToken());
            browser.findElement(By.id("rc-save")).click();
            wait.until(d -> "ACTIVE".equals(d.findElement(siteRow).getAttribute("data-state")));
            assertThat(browser.findElement(By.id("reconnect-dialog")).isDisplayed()).isFalse();
            assertThat(browser.findElement(siteRow).getAttribute("data-health")).isEqualTo("UP");
            assertThat(browser.findElement(siteRow).findElement(By.className("items")).getText()).doesNotContainIgnoringCase("stopped");
            assertThat(browser.findElement(siteRow).findElements(By.cssSelector("[data-action='revoke']"))).hasSize(1);
            screenshot("30-connections-site-reconnected");

            // the item resumes on its links: the edit reaches its issue, the new deal becomes one issue, nothing is created twice
            producer.requestBody("direct:hubspot-poll-item", item);
            assertThat(siteY.jira().issue(issueKey).orElseThrow().fields.path("summary").asText()).isEqualTo("Renamed while site Y was revoked");
            assertThat(siteY.jira().allIssues()).as("one new issue, for the deal made while revoked").hasSize(issuesOnY + 1);
            assertThat(siteY.jira().allIssues().stream().filter(i -> i.fields.path("summary").asText().equals("Made while site Y was revoked")))
                    .hasSize(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND record_id = ?", Integer.class, item,
                    madeWhileRevoked.id)).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ?", Integer.class, item)).isEqualTo(links + 1);
            assertThat(browser.getPageSource()).doesNotContain(siteY.settings().apiToken());
        }
    }

    @Test
    void anAdminInstallsANewPortalThroughItsOAuthAppAndLaterInstallsItAgainIntoTheSameConnection() throws Exception {
        connectDemoPortalAndSite();
        String redirectUri = "http://127.0.0.1:" + port + "/console/connections.html";
        long portalB = io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_B;
        hubspot.registerOAuthApp("console-client", "console-client-secret", redirectUri, portalB,
                java.util.Set.of("oauth", "crm.objects.deals.read"));
        // a consent HubSpot answered with an error: the page says so, and there is nothing to finish
        open("connections.html?error=access_denied&error_description=The+portal+admin+declined");
        pageReady();
        assertThat(visible(By.id("oauth-finish-where")).getText()).contains("HubSpot did not install the app: The portal admin declined");
        assertThat(browser.findElement(By.id("oauth-finish-form")).isDisplayed()).isFalse();
        assertThat(browser.getCurrentUrl()).isEqualTo(redirectUri);

        open("connections.html");
        pageReady();
        assertThat(browser.findElement(By.id("oauth-redirect-uri")).getText()).as("the redirect URL to list in the app").isEqualTo(redirectUri);
        assertThat(browser.findElement(By.id("oauth-finish")).isDisplayed()).isFalse();

        // a taken name is refused before the browser leaves for HubSpot
        browser.findElement(By.id("oa-name")).sendKeys("hubspot-12345678");
        browser.findElement(By.id("oa-clientId")).sendKeys("console-client");
        browser.findElement(By.id("oa-scopes")).sendKeys("oauth crm.objects.deals.read");
        browser.findElement(By.id("oauth-hubspot")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#oauth-hubspot-form [data-error-for='name']"), "exists already"));
        assertThat(browser.getCurrentUrl()).isEqualTo(redirectUri);
        WebElement name = browser.findElement(By.id("oa-name"));
        name.clear();
        name.sendKeys("client-portal");
        browser.findElement(By.id("oauth-hubspot")).click();

        // HubSpot's consent page sends the browser back with a code and the state; the page asks for the client secret
        visible(By.id("oauth-finish"));
        assertThat(browser.getCurrentUrl()).as("the code is taken off the address").isEqualTo(redirectUri);
        assertThat(browser.findElement(By.id("oauth-finish-title")).getText()).contains("client-portal");
        assertThat(browser.findElement(By.id("of-clientId")).getAttribute("value")).isEqualTo("console-client");
        browser.findElement(By.id("of-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#oauth-finish-form [data-error-for='clientSecret']"),
                "client secret is required"));
        browser.findElement(By.id("of-clientSecret")).sendKeys("console-client-secret");
        browser.findElement(By.id("of-save")).click();
        WebElement installed = visible(By.cssSelector("#hubspot-table tr[data-connection='2']"));
        assertThat(installed.getText()).contains("client-portal").contains(String.valueOf(portalB));
        assertThat(installed.getAttribute("data-state")).isEqualTo("ACTIVE");
        assertThat(browser.findElement(By.id("oauth-finish")).isDisplayed()).isFalse();
        io.hubjira.connection.HubSpotConnection c = hubspotConnectionService.connection(2).orElseThrow();
        assertThat(c.authType()).isEqualTo(io.hubjira.connection.HubSpotConnection.AuthType.OAUTH);
        assertThat(c.portalId()).isEqualTo(portalB);
        assertThat(c.name()).isEqualTo("client-portal");
        assertThat(((String) browser.executeScript("return sessionStorage.getItem('hubspotOAuthInstall')"))).as("nothing left behind").isNull();
        screenshot("31-connections-oauth-portal-installed");

        // revoked, then installed again from its row: the same connection, active again
        By portalRow = By.cssSelector("#hubspot-table tr[data-connection='2']");
        browser.findElement(portalRow).findElement(By.cssSelector("[data-action='revoke']")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(d -> "REVOKED".equals(d.findElement(portalRow).getAttribute("data-state")));
        browser.findElement(portalRow).findElement(By.cssSelector("[data-action='reconnect']")).click();
        visible(By.id("rc-oauth-start"));
        assertThat(browser.findElement(By.id("rc-clientId")).getAttribute("value")).isEqualTo("console-client");
        WebElement scopes = browser.findElement(By.id("rc-scopes"));
        scopes.clear();
        scopes.sendKeys("oauth crm.objects.deals.read");
        browser.findElement(By.id("rc-oauth-start")).click();
        visible(By.id("oauth-finish"));
        assertThat(browser.findElement(By.id("oauth-finish-title")).getText()).contains("client-portal");
        browser.findElement(By.id("of-clientSecret")).sendKeys("console-client-secret");
        browser.findElement(By.id("of-save")).click();
        wait.until(d -> "ACTIVE".equals(d.findElement(portalRow).getAttribute("data-state")));
        assertThat(browser.findElements(By.cssSelector("#hubspot-table tr[data-connection]"))).as("no connection added").hasSize(2);
        assertThat(hubspotConnectionService.connection(2).orElseThrow().active()).isTrue();
        assertThat(browser.getPageSource()).doesNotContain("console-client-secret");
    }

    @Test
    void everyConsolePageSwaggerUiAndHawtioRunUnderTheContentSecurityPolicy() throws Exception {
        connectDemoPortalAndSite();
        long itemId = createItem(demoDealsItem());
        producer.requestBody("direct:hubspot-poll-item", itemId);
        String issueKey = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? ORDER BY id LIMIT 1", String.class, itemId);
        for (String page : List.of("index.html", "activity.html", "dead-letters.html", "divergence.html?itemId=" + itemId, "admin.html",
                "connections.html", "panel.html?issue=" + issueKey)) {
            open(page);
            pageReady();
            assertThat(cspViolations()).as(page).isEmpty();
        }
        // the charts draw (uPlot) and the panel's cards render: scripts, styles and fetches all ran
        open("index.html");
        pageReady();
        wait.until(d -> d.findElements(By.cssSelector("#chart-records canvas")).size() > 0);
        assertThat(browser.findElement(By.cssSelector("label[for='chart-hours']")).getCssValue("display")).as("styles from console.css").isEqualTo("inline");

        Map<String, List<String>> violations = new java.util.LinkedHashMap<>();
        browser.get("http://127.0.0.1:" + port + "/swagger-ui.html");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".swagger-ui .info .title"), "admin API"));
        visible(By.cssSelector(".opblock-tag-section"));
        screenshot("22-swagger-ui-under-csp");
        violations.put("Swagger UI", cspViolations());

        // Hawtio finds Jolokia (POST only) and shows the connector's routes, read through Jolokia
        browser.get("http://127.0.0.1:" + port + "/actuator/hawtio/camel/routes");
        try {
            // Hawtio redraws its table from Jolokia every few seconds: an element found a moment ago may be gone, so each
            // step finds what it acts on again until it holds
            var hawtio = new WebDriverWait(browser, Duration.ofSeconds(40)).ignoring(StaleElementReferenceException.class);
            hawtio.until(d -> d.getPageSource().contains("hubspot-poll"));
            screenshot("23-hawtio-under-csp");
            // ... and stops and starts one through Jolokia's exec, by POST from its own page
            By cleanupRow = By.xpath("//tr[td[normalize-space()='idempotent-cleanup']]");
            By cleanupBox = By.xpath("//tr[td[normalize-space()='idempotent-cleanup']]//input[@type='checkbox']");
            hawtio.until(d -> {
                WebElement box = d.findElement(cleanupBox);
                if (!box.isSelected()) {
                    box.click();
                }
                return d.findElement(cleanupBox).isSelected();
            });
            hawtio.until(d -> {
                d.findElement(By.xpath("//button[normalize-space()='Stop']")).click();
                return true;
            });
            // the state as Hawtio reads it back through Jolokia (every 5 s). Not this test's CamelContext: the JVM's MBean
            // server also holds the contexts of other test classes' cached applications, and Hawtio may show any of them
            hawtio.until(d -> d.findElement(cleanupRow).getText().contains("Stopped"));
            hawtio.until(d -> {
                WebElement box = d.findElement(cleanupBox);
                if (!box.isSelected()) {
                    box.click();
                }
                WebElement start = d.findElement(By.xpath("//button[normalize-space()='Start']"));
                if (!start.isEnabled()) {
                    return false;
                }
                start.click();
                return true;
            });
            hawtio.until(d -> d.findElement(cleanupRow).getText().contains("Started"));
        } finally {
            screenshot("24-hawtio-route-stopped-and-started");
            violations.put("Hawtio", cspViolations());
        }
        assertThat(violations).allSatisfy((ui, found) -> assertThat(found).as(ui).isEmpty());
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext applicationContext;

    /** Opens the item editor on CRM deals → project SUP with the given name and mode. */
    @Test
    void aNewUserAddsAPortalAndASiteCreatesAnItemBetweenThemAndRecordsFlowBothWaysWhileTheFirstPairsItemNeverNotices() throws Exception {
        connectDemoPortalAndSite();
        Map<String, Object> firstPair = demoDealsItem(false, false, false);
        firstPair.put("name", "First pair deals");
        long firstItem = createItem(firstPair);
        producer.requestBody("direct:hubspot-poll-item", firstItem);
        int firstPairIssues = jira.allIssues().size();
        int firstPairLinks = jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ?", Integer.class, firstItem);
        String firstPairDeal = hubspot.recordsOf("deals").keySet().iterator().next();
        String firstPairName = hubspot.record("deals", firstPairDeal).orElseThrow().properties.get("dealname");
        try (io.hubjira.sandbox.SimulatedJiraSite siteY = io.hubjira.sandbox.SimulatedJiraSite.start(
                io.hubjira.sandbox.SimulatedJiraSite.Settings.siteY())) {
            // the second portal and the second site, added in the console
            open("connections.html");
            pageReady();
            browser.findElement(By.id("hs-name")).sendKeys("eu-portal");
            browser.findElement(By.id("hs-portalId")).sendKeys(String.valueOf(io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_B));
            browser.findElement(By.id("hs-token")).sendKeys(io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_B_TOKEN);
            browser.findElement(By.id("add-hubspot")).click();
            visible(By.cssSelector("#hubspot-table tr[data-connection='2']"));
            browser.findElement(By.id("jr-name")).sendKeys("site-y");
            browser.findElement(By.id("jr-baseUrl")).sendKeys(siteY.baseUrl());
            browser.findElement(By.id("jr-email")).sendKeys(siteY.settings().connectorEmail());
            browser.findElement(By.id("jr-apiToken")).sendKeys(siteY.settings().apiToken());
            browser.findElement(By.id("add-jira")).click();
            visible(By.cssSelector("#jira-table tr[data-connection='2']"));

            // an item between them, in the item editor: its catalog comes from the connections chosen
            open("admin.html");
            pageReady();
            visible(By.id("new-item")).click();
            visible(By.id("item-name")).sendKeys("EU deals to site Y");
            new Select(browser.findElement(By.id("item-mode"))).selectByValue("TWO_WAY");
            chooseWhenLoaded("item-hubspot-connection", "eu-portal");
            chooseWhenLoaded("item-jira-connection", "site-y");
            wait.until(d -> "eu-portal|site-y".equals(((ChromeDriver) d).executeScript("return state.catalogFrom")));
            chooseWhenLoaded("item-module", "CRM");
            chooseWhenLoaded("item-object", "deals");
            chooseWhenLoaded("item-projects", "SUP");
            chooseWhenLoaded("item-issuetype", "10001");
            wait.until(d -> ((Number) ((ChromeDriver) d).executeScript("return state.jiraFields.length")).intValue() > 0);
            browser.findElement(By.id("add-mapping")).click();
            WebElement mapping = browser.findElements(By.cssSelector("#mappings .mapping")).get(0);
            new Select(mapping.findElement(By.className("map-hubspot"))).selectByValue("dealname");
            new Select(mapping.findElement(By.className("map-jira"))).selectByValue("summary");
            browser.findElement(By.id("opt-autoCreate")).click();
            browser.findElement(By.id("save-item")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("items-table"), "EU deals to site Y"));
            screenshot("27-item-between-the-second-portal-and-site");
            long euItem = jdbc.queryForObject("SELECT id FROM sync_item WHERE name = 'EU deals to site Y'", Long.class);
            assertThat(jdbc.queryForMap("SELECT hubspot_connection_id, jira_connection_id FROM sync_item WHERE id = ?", euItem))
                    .containsEntry("hubspot_connection_id", 2L).containsEntry("jira_connection_id", 2L);

            // HubSpot → Jira: portal B's deals become issues on site Y
            producer.requestBody("direct:hubspot-poll-item", euItem);
            var portalB = hubspot.portal(io.hubjira.sandbox.hubspot.HubSpotSandbox.PORTAL_B);
            String dealOfB = portalB.recordsOf("deals").keySet().iterator().next();
            JiraSandbox.Issue onY = siteY.jira().allIssues().stream()
                    .filter(i -> i.fields.path("labels").toString().contains("\"hubspot-87654321-item" + euItem + "-deals-" + dealOfB + "\""))
                    .findFirst().orElseThrow(() -> new AssertionError("no issue on site Y for portal B's deal " + dealOfB));
            assertThat(onY.fields.path("summary").asText()).isEqualTo(portalB.record("deals", dealOfB).orElseThrow().properties.get("dealname"));

            // Jira → HubSpot: an edit on site Y, delivered to its own webhook URL, reaches portal B's record
            jiraConnectionService.setWebhook(2, "site-y-webhook-secret", null);
            siteY.deliverWebhooksTo("http://127.0.0.1:" + port + "/webhooks/jira/2", "site-y-webhook-secret");
            siteY.jira().asUser("ada.lovelace@example.com", () -> {
                var body = json.createObjectNode();
                body.putObject("fields").put("summary", "Renamed on site Y");
                io.hubjira.sandbox.jira.JiraIssues.edit(siteY.jira(), onY, body);
                return null;
            });
            siteY.webhooks().drain();
            waitForInbox();
            assertThat(portalB.record("deals", dealOfB).orElseThrow().properties.get("dealname")).isEqualTo("Renamed on site Y");

            // the first pair's item never noticed: its issues, its site and its portal's records are as they were
            assertThat(jira.allIssues()).as("nothing of the new item reached site X").hasSize(firstPairIssues);
            assertThat(hubspot.record("deals", firstPairDeal).orElseThrow().properties.get("dealname")).as("portal A's deal of that id")
                    .isEqualTo(firstPairName);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ?", Integer.class, firstItem))
                    .isEqualTo(firstPairLinks);
        }
    }

    private void startDealsItem(String name, String mode) {
        visible(By.id("new-item")).click();
        visible(By.id("item-name")).sendKeys(name);
        new Select(browser.findElement(By.id("item-mode"))).selectByValue(mode);
        chooseWhenLoaded("item-module", "CRM");
        chooseWhenLoaded("item-object", "deals");
        chooseWhenLoaded("item-projects", "SUP");
    }

    private void setMapping(WebElement row, String hubspotProperty, String owner, String jiraField) {
        new Select(row.findElement(By.className("map-hubspot"))).selectByValue(hubspotProperty);
        new Select(row.findElement(By.className("map-owner"))).selectByValue(owner);
        new Select(row.findElement(By.className("map-jira"))).selectByValue(jiraField);
    }
}
