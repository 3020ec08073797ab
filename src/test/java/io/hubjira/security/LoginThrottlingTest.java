package io.hubjira.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/**
 * Password guessing is throttled per client address: after 10 credential checks in a period (wrong passwords, wrong
 * tokens) an address gets 429 with Retry-After, at the cost of no password hash at all, while other addresses log in
 * as usual; refusals are logged once per period, not once per guess; the right password works again from the same
 * address once the period is over. A script sending the right password with every request pays the hash once.
 * Clients are told apart by X-Forwarded-For, as behind a reverse proxy (the connector trusts its local proxy's header).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "connector.security.login-throttle.attempts=10",
        "connector.security.login-throttle.period=10s",
        "server.forward-headers-strategy=native"})
@ActiveProfiles("test")
class LoginThrottlingTest {

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger refusalLog = (Logger) LoggerFactory.getLogger("io.hubjira.admin.RefusalLog");

    @BeforeEach
    void captureTheLog() {
        logged.start();
        refusalLog.addAppender(logged);
    }

    @AfterEach
    void release() {
        refusalLog.detachAppender(logged);
    }

    @Test
    void fiftyWrongPasswordsInARowAreThrottledAndTheRightOneWorksAgainAfterThePeriod() throws Exception {
        String attacker = "203.0.113.66";
        double hashedBefore = checks("refused") + checks("accepted");
        double throttledBefore = checks("throttled");
        long cpuBefore = processCpuNanos();

        List<Integer> statuses = new ArrayList<>();
        List<HttpResponse<String>> throttled = new ArrayList<>();
        long cpuAfterTen = 0;
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> answer = get("/api/connections", basic("admin", "guess-" + i), attacker);
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                throttled.add(answer);
            }
            cpuAfterTen = i == 9 ? processCpuNanos() : cpuAfterTen;
        }
        long cpuEnd = processCpuNanos();

        assertThat(statuses.subList(0, 10)).as("the first ten guesses are checked").containsOnly(401);
        assertThat(statuses.subList(10, 50)).as("the rest are refused unchecked").containsOnly(429);
        for (HttpResponse<String> answer : throttled) {
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json.readTree(answer.body()).path("code").asText()).isEqualTo("login_throttled");
            assertThat(Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 10L);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as("no new password prompt").isEmpty();
        }
        double hashed = checks("refused") + checks("accepted") - hashedBefore;
        assertThat(hashed).as("password hashes computed for 50 guesses").isEqualTo(10);
        assertThat(checks("throttled") - throttledBefore).isEqualTo(40);
        List<String> lines = linesAbout(attacker);
        assertThat(lines).as("one line per kind of refusal and period, not one per guess: " + lines).hasSize(2);
        assertThat(lines.get(0)).contains("wrong credentials for user 'admin'").doesNotContain("guess-");
        assertThat(lines.get(1)).contains("too many failed logins");

        // another address is not affected
        assertThat(get("/api/connections", basic("admin", "test-admin-password"), "198.51.100.7").statusCode()).isEqualTo(200);
        // the right password from the throttled address waits for the period's end, like any other attempt: a throttled
        // address learns nothing about any guess, the right one included
        HttpResponse<String> rightTooSoon = get("/api/connections", basic("admin", "test-admin-password"), attacker);
        assertThat(rightTooSoon.statusCode()).isEqualTo(429);
        Thread.sleep(Duration.ofSeconds(Long.parseLong(rightTooSoon.headers().firstValue("Retry-After").orElseThrow())).toMillis() + 200);
        assertThat(get("/api/connections", basic("admin", "test-admin-password"), attacker).statusCode()).isEqualTo(200);

        // the period's refusals are summed up in one line per kind once it has passed
        long deadline = System.currentTimeMillis() + 20_000;
        while (linesAbout(attacker).size() < 4 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(linesAbout(attacker)).anySatisfy(l -> assertThat(l).contains("9 more refused logins"))
                .anySatisfy(l -> assertThat(l).contains("more throttled logins"));

        PasswordEncoder bcrypt = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        String hash = bcrypt.encode("test-admin-password");
        long bcryptStart = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            bcrypt.matches("guess-" + i, hash);
        }
        System.out.printf(Locale.ROOT, "MEASURED 50 wrong passwords: %.0f password hashes (before: 50); process CPU %.1f ms per attempt "
                + "over all 50, %.1f ms per checked attempt (the first 10), %.2f ms per throttled attempt (the other 40); one BCrypt "
                + "check takes %.1f ms%n", hashed, (cpuEnd - cpuBefore) / 50 / 1e6, (cpuAfterTen - cpuBefore) / 10 / 1e6,
                (cpuEnd - cpuAfterTen) / 40 / 1e6, (System.nanoTime() - bcryptStart) / 5 / 1e6);
    }

    @Test
    void guessesSpreadOverOneIpv6BlockAreCountedTogether() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(get("/api/connections", basic("admin", "guess-" + i), "2001:db8:5:7::" + Integer.toHexString(i + 1)).statusCode());
        }
        assertThat(statuses.subList(0, 10)).containsOnly(401);
        assertThat(statuses.subList(10, 12)).containsOnly(429);
    }

    @Test
    void wrongBearerTokensAreThrottledToo() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(get("/api/connections", "Bearer guess-" + i, "203.0.113.77").statusCode());
        }
        assertThat(statuses.subList(0, 10)).containsOnly(401);
        assertThat(statuses.subList(10, 12)).containsOnly(429);
    }

    @Test
    void aScriptSendingTheRightPasswordWithEveryRequestPaysTheHashOnce() throws Exception {
        double accepted = checks("accepted");
        double cached = checks("cached");
        for (int i = 0; i < 20; i++) {
            assertThat(get("/api/connections", basic("admin", "test-admin-password"), "192.0.2.10").statusCode()).isEqualTo(200);
        }
        // at most one: another test of this class may have logged in with the same password within the TTL already
        assertThat(checks("accepted") - accepted).as("password hashes for 20 requests").isLessThanOrEqualTo(1);
        assertThat(checks("accepted") - accepted + checks("cached") - cached).isEqualTo(20);
        assertThat(get("/api/connections", basic("admin", "not-the-password"), "192.0.2.10").statusCode())
                .as("the cache holds only what was accepted").isEqualTo(401);
    }

    private double checks(String outcome) {
        Counter counter = meters.find("connector.login.checks").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> linesAbout(String client) {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(client)).toList();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private HttpResponse<String> get(String path, String authorization, String client) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", authorization)
                .header("X-Forwarded-For", client).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
