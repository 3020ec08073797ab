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

import io.hubjira.support.SandboxTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium against the sandbox: connect HubSpot and Jira, create an item (seeing a
 * validation error at its field first), open an issue panel, search and link a record, refresh, see associated
 * records, unlink. Screenshots land in target/screenshots. Needs Debian's chromium and chromium-driver (.ci/run
 * installs them); without them the test is skipped with that reason.
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
            browser.quit();
        }
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
    void anAdminBuildsACustomItemMappingByMappingAndReplaysADeadLetterFromItsHealth() throws Exception {
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
        browser.findElement(By.id("sync-now")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "The poll runs now"));
        eventually("the first poll to link the deals", () -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_event WHERE item_id = ? AND action = 'POLL'", Integer.class, itemId) > 0);
        String dealId = hubspot.recordsOf("deals").keySet().iterator().next();
        String issueKey = jdbc.queryForObject("SELECT issue_key FROM record_link WHERE item_id = ? AND record_id = ?", String.class, itemId, dealId);
        hubspot.update("deals", dealId, Map.of("dealname", "Renamed while Jira refused"));
        faults.failNext("jira", 3, 400, "/rest/api/3/issue/" + issueKey + "$");
        producer.requestBody("direct:hubspot-poll-item", itemId);

        browser.navigate().refresh();
        pageReady();
        visible(By.cssSelector("#items-table tr[data-item='" + itemId + "'] [data-action='health']")).click();
        visible(By.id("health"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dead-letters"), dealId));
        assertThat(browser.findElement(By.id("health-body")).getText()).contains("Open dead letters 1").contains("Last run").contains("OK");
        screenshot("10-health-with-dead-letter");
        browser.findElement(By.cssSelector("#dead-letters [data-replay]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Replayed"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#dead-letters [data-replay]")));
        assertThat(jira.issue(issueKey).orElseThrow().fields.path("summary").asText()).isEqualTo("Renamed while Jira refused");
        screenshot("11-dead-letter-replayed");
    }

    /** Opens the item editor on CRM deals → project SUP with the given name and mode. */
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
