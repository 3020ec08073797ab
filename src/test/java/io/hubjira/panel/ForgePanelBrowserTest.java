package io.hubjira.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.hubjira.sandbox.hubspot.HubSpotSandbox;
import io.hubjira.support.ForgeBuild;
import io.hubjira.support.SandboxTest;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The panel's Custom UI (src/forge) in a real headless Chromium, built with a stub @forge/bridge that plays Forge: it
 * gives the panel its issue, applies Atlassian's light or dark theme tokens, and signs a Forge Invocation Token with
 * the sandbox's key for every invokeRemote call to the running connector. A Jira user who may edit links a record
 * found by searching and another by its id, refreshes, opens it in HubSpot, sees its associated records and unlinks
 * it; one who may only browse sees the cards without the buttons; one who may not browse sees nothing of the issue.
 * Screenshots in both themes land in target/screenshots. Needs Debian's chromium and chromium-driver and npm (.ci/run
 * installs them); skipped with that reason otherwise.
 */
class ForgePanelBrowserTest extends SandboxTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final String ADA = "5b10ac8d82e05b22cc7d4ef1";
    static final String GRACE = "5b10ac8d82e05b22cc7d4ef2";
    static final String ALAN = "5b10ac8d82e05b22cc7d4ef3";

    ChromeDriver browser;
    WebDriverWait wait;
    long display;
    long sync;

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver; .ci/run does it)");
        assumeTrue(ForgeBuild.unavailable().isEmpty(), () -> ForgeBuild.unavailable().orElse(""));
        ForgeBuild.stubHost();
        freshConnectedSandbox();
        display = createItem(Map.of("name", "Deal preview", "mode", "DISPLAY_ONLY", "hubspotModule", "CRM", "hubspotObject", "deals",
                "jiraProjects", List.of("SUP", "ENG"), "displayFields", List.of("dealname", "amount", "dealtype"), "associatedRecords", true));
        Map<String, Object> item = demoDealsItem();
        item.put("autoCreate", false);
        sync = createItem(item);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=720,1400",
                "--user-data-dir=" + System.getProperty("java.io.tmpdir") + "/forge-panel-test-" + System.nanoTime());
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** The panel on this issue as this Jira user sees it inside Jira, in this theme. */
    private void open(String issueKey, String accountId, String theme) {
        browser.get("http://127.0.0.1:" + port + "/sandbox/forge/host/index.html?issue=" + issueKey + "&accountId=" + accountId + "&theme=" + theme);
        wait.until(d -> "true".equals(((ChromeDriver) d).executeScript("return document.body.dataset.ready || ''")));
    }

    private WebElement card(long itemId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".card[data-item='" + itemId + "']")));
    }

    private void click(long itemId, String action) {
        card(itemId).findElement(By.cssSelector("button[data-action='" + action + "']")).click();
    }

    /** Read in one go in the page: the panel redraws its cards after each call. */
    private void untilCardSays(long itemId, String text) {
        wait.until(d -> String.valueOf(((ChromeDriver) d).executeScript(
                "const c = document.querySelector(\".card[data-item='" + itemId + "']\"); return c ? c.innerText : ''")).contains(text));
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private String backgroundOfCards() {
        return String.valueOf(browser.executeScript("return getComputedStyle(document.querySelector('.card')).backgroundColor"));
    }

    private HubSpotSandbox.Rec deal(String namePart) {
        return hubspot.recordsOf("deals").values().stream().filter(d -> d.properties.get("dealname").contains(namePart)).findFirst().orElseThrow();
    }

    @Test
    void anEditorLinksBySearchAndByIdRefreshesOpensAndUnlinksInTheLightTheme() throws Exception {
        open("SUP-1", ADA, "light");
        assertThat(browser.findElements(By.cssSelector(".card"))).hasSize(2);
        assertThat(card(sync).getText()).contains("Deals to Support").contains("No HubSpot Deals record is linked.");
        assertThat(card(sync).findElement(By.cssSelector(".mode")).getAttribute("textContent")).isEqualTo("Two way: HubSpot ⇄ Jira");
        assertThat(card(sync).getAttribute("textContent")).contains("Status sync");
        assertThat(card(display).findElement(By.cssSelector(".mode")).getAttribute("textContent")).isEqualTo("Display only");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("data-color-mode")).isEqualTo("light");
        screenshot("forge-panel-light-unlinked");

        // Link by searching the name
        click(sync, "link");
        WebElement search = card(sync).findElement(By.cssSelector(".record-search"));
        assertThat(search.getAttribute("placeholder")).isEqualTo("Start typing to search HubSpot records");
        search.sendKeys("licence");
        wait.until(d -> d.findElements(By.cssSelector(".card[data-item='" + sync + "'] ul.results li[data-record]")).size() == 6);
        screenshot("forge-panel-light-search");
        HubSpotSandbox.Rec acme = deal("Acme Corp — Platform licence 1");
        card(sync).findElement(By.cssSelector("ul.results li[data-record='" + acme.id + "']")).click();
        assertThat(card(sync).findElement(By.cssSelector(".record-id-input")).getAttribute("value")).isEqualTo(acme.id);
        card(sync).findElement(By.cssSelector(".link-form button[type=submit]")).click();
        untilCardSays(sync, "Linked record " + acme.id);
        assertThat(card(sync).getText()).contains("MANUAL").contains("Last synced").contains("Deal Name").contains(acme.properties.get("dealname"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND issue_key = 'SUP-1' AND state = 'LINKED'",
                Integer.class, sync)).isEqualTo(1);

        // Link by record id, on the other card
        HubSpotSandbox.Rec globex = deal("Globex");
        click(display, "link");
        card(display).findElement(By.cssSelector(".record-id-input")).sendKeys(globex.id);
        card(display).findElement(By.cssSelector(".link-form button[type=submit]")).click();
        untilCardSays(display, "Linked record " + globex.id);

        // Refresh pulls HubSpot's change into Jira now
        hubspot.update("deals", acme.id, Map.of("dealname", "Acme renewal (edited in HubSpot)"));
        click(sync, "refresh");
        untilCardSays(sync, "Acme renewal (edited in HubSpot)");
        assertThat(jira.issue("SUP-1").orElseThrow().fields.path("summary").asText()).isEqualTo("Acme renewal (edited in HubSpot)");

        // Open in HubSpot goes through the bridge's router
        click(sync, "open");
        wait.until(d -> String.valueOf(((ChromeDriver) d).executeScript("return JSON.stringify(window.__opened || [])"))
                .contains("/record/0-3/" + acme.id));

        // associated records, grouped by object
        click(display, "associated");
        wait.until(d -> !d.findElements(By.cssSelector(".card[data-item='" + display + "'] details.group")).isEmpty());
        assertThat(card(display).findElements(By.cssSelector("details.group")).stream().map(g -> g.getAttribute("data-type")).toList())
                .contains("contacts", "companies");
        card(display).findElement(By.cssSelector("details.group summary")).click();
        screenshot("forge-panel-light-linked");

        // Unlink, after confirming
        click(sync, "unlink");
        click(sync, "unlink-confirm");
        untilCardSays(sync, "No HubSpot Deals record is linked.");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM record_link WHERE item_id = ? AND state = 'LINKED'", Integer.class, sync)).isZero();
        assertThat(jdbc.queryForList("SELECT action, actor_name FROM audit_event WHERE actor_account_id = ? ORDER BY id", ADA))
                .extracting(r -> r.get("ACTION") + " by " + r.get("ACTOR_NAME"))
                .containsExactly("MANUAL_LINK by Ada Lovelace", "MANUAL_LINK by Ada Lovelace", "REFRESH by Ada Lovelace", "UNLINK by Ada Lovelace");
    }

    @Test
    void theCardsFollowJirasDarkTheme() throws Exception {
        open("SUP-1", ADA, "light");
        String light = backgroundOfCards();
        call("POST", "/api/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", deal("Acme Corp — Platform licence 1").id));
        open("SUP-1", ADA, "dark");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("data-color-mode")).isEqualTo("dark");
        untilCardSays(sync, "Linked record");
        String dark = backgroundOfCards();
        assertThat(dark).as("Atlassian's dark surface token").isNotEqualTo(light).isEqualTo("rgb(34, 39, 43)");
        assertThat(light).isEqualTo("rgb(255, 255, 255)");
        screenshot("forge-panel-dark-linked");
        click(display, "link");
        card(display).findElement(By.cssSelector(".record-search")).sendKeys("renewal");
        wait.until(d -> !d.findElements(By.cssSelector(".card[data-item='" + display + "'] ul.results li[data-record]")).isEmpty());
        screenshot("forge-panel-dark-search");
    }

    @Test
    void aUserWhoMayOnlyBrowseSeesTheCardsWithoutTheButtonsAndOneWhoMayNotBrowseSeesNothing() throws Exception {
        call("POST", "/api/panel/SUP-1/items/" + sync + "/link", Map.of("recordId", deal("Acme Corp — Platform licence 1").id));
        open("SUP-1", GRACE, "light");
        untilCardSays(sync, "Linked record");
        assertThat(browser.findElement(By.id("read-only")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("button[data-action='link'], button[data-action='refresh'], button[data-action='unlink']")))
                .isEmpty();
        assertThat(card(sync).findElement(By.cssSelector("button[data-action='open']")).isDisplayed()).isTrue();
        screenshot("forge-panel-light-read-only");

        open("ENG-1", ALAN, "light");
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("The HubSpot panel could not load: Jira has no issue ENG-1 that you can see.");
        assertThat(browser.findElements(By.cssSelector(".card"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain("Rate-limit dashboards");
        screenshot("forge-panel-light-no-browse");
        open("OPS-1", ALAN, "light");
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("The HubSpot panel could not load: Jira has no issue OPS-1 that you can see.");
        assertThat(browser.getPageSource()).doesNotContain("Board pack");
    }
}
