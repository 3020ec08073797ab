package io.hubjira.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiException;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraCredentials;
import io.hubjira.support.FakeApi;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * Owners and Jira users meet by email through both APIs, and the directory remembers no more of them, and for no
 * longer, than its settings say: time is a ticker the test moves, so expiry is seen without waiting.
 */
class PeopleDirectoryTest {

    private static final Duration TTL = Duration.ofMinutes(30);

    /** HubSpot owners 500-699 are p&lt;id&gt;@example.com; Jira has a user acc-&lt;id&gt; with the same email for each. */
    private final FakeApi api = new FakeApi()
            .on("GET", "/crm/owners/2026-03/(\\d+)", s -> FakeApi.answer(200, owner(s.path().substring(s.path().lastIndexOf('/') + 1))))
            .on("GET", "/crm/owners/2026-03", s -> FakeApi.answer(200, "{\"results\":[" + owner(idOf(param(s, "email"))) + "]}"))
            .on("GET", "/rest/api/3/user/search", s -> FakeApi.answer(200, "[" + user(idOf(param(s, "query"))) + "]"))
            .on("GET", "/rest/api/3/user", s -> FakeApi.answer(200, user(param(s, "accountId").substring("acc-".length()))));
    private final AtomicLong nanos = new AtomicLong();

    private PeopleDirectory directory;

    private People directory(long cacheSize) {
        MockEnvironment env = new MockEnvironment().withProperty("connector.hubspot.base-url", "http://hubspot.test");
        HubSpotClient hubspot = new HubSpotClient(api.executor(1), FakeApi.JSON, env, () -> "test-token", FakeApi.properties(1));
        JiraClient jira = new JiraClient(api.executor(1), FakeApi.JSON,
                () -> new JiraCredentials("http://jira.test", "bot@example.com", "secret-token"), FakeApi.properties(1));
        directory = new PeopleDirectory(new ConnectorProperties.People(cacheSize, TTL), nanos::get);
        return directory.between("1/1", hubspot, jira);
    }

    private static String owner(String id) {
        return "{\"id\":\"" + id + "\",\"email\":\"p" + id + "@example.com\",\"firstName\":\"P\",\"lastName\":\"" + id + "\",\"archived\":false}";
    }

    private static String user(String id) {
        return "{\"accountId\":\"acc-" + id + "\",\"displayName\":\"P " + id + "\",\"emailAddress\":\"p" + id + "@example.com\",\"active\":true}";
    }

    private static String idOf(String email) {
        return email.substring(1, email.indexOf('@'));
    }

    private static String param(FakeApi.Sent sent, String name) {
        for (String pair : sent.query().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " not in " + sent.query());
    }

    private int ownerReads() {
        return api.sent("GET", "/crm/owners/2026-03/\\d+").size();
    }

    private int userReads() {
        return api.sent("GET", "/rest/api/3/user").size();
    }

    @Test
    void anOwnerAndAJiraUserMeetByEmailInBothDirections() {
        People people = directory(100);

        assertThat(people.jiraAccountForOwner("501")).contains("acc-501");
        assertThat(people.ownerForJiraAccount("acc-502")).contains("502");
        assertThat(api.sent("GET", "/rest/api/3/user/search").get(0).query()).contains("query=p501%40example.com");
        assertThat(api.sent("GET", "/crm/owners/2026-03").get(0).query()).contains("email=p502%40example.com");
    }

    @Test
    void aMatchIsAskedForOnceAndAskedForAgainOnlyWhenItsTimeToLiveIsOver() {
        People people = directory(100);

        people.jiraAccountForOwner("501");
        people.ownerForJiraAccount("acc-501");
        assertThat(api.sent).hasSize(4);

        nanos.addAndGet(TTL.minusSeconds(1).toNanos());
        assertThat(people.jiraAccountForOwner("501")).contains("acc-501");
        assertThat(people.ownerForJiraAccount("acc-501")).contains("501");
        assertThat(api.sent).as("within the time to live both answers are kept").hasSize(4);

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(people.jiraAccountForOwner("501")).contains("acc-501");
        assertThat(people.ownerForJiraAccount("acc-501")).contains("501");
        assertThat(ownerReads()).as("expired: HubSpot's owner is read again").isEqualTo(2);
        assertThat(userReads()).as("expired: Jira's user is read again").isEqualTo(2);
        assertThat(api.sent).hasSize(8);
    }

    @Test
    void noMoreMatchesAreKeptThanTheBound() {
        People unbounded = directory(100);
        IntStream.range(500, 550).forEach(id -> unbounded.jiraAccountForOwner(String.valueOf(id)));
        IntStream.range(500, 550).forEach(id -> unbounded.jiraAccountForOwner(String.valueOf(id)));
        assertThat(ownerReads()).as("50 owners fit in 100: each read once").isEqualTo(50);

        api.sent.clear();
        People boundedToTwo = directory(2);
        IntStream.range(500, 550).forEach(id -> boundedToTwo.jiraAccountForOwner(String.valueOf(id)));
        IntStream.range(500, 550).forEach(id -> assertThat(boundedToTwo.jiraAccountForOwner(String.valueOf(id))).contains("acc-" + id));
        assertThat(ownerReads()).as("at most 2 of the 50 are still known the second time").isGreaterThanOrEqualTo(50 + 48);
    }

    @Test
    void aLookupThatFailsIsNotKept() {
        People people = directory(100);
        api.on("GET", "/crm/owners/2026-03/(\\d+)", 503, "{\"status\":\"error\",\"message\":\"down\"}");
        assertThatThrownBy(() -> people.jiraAccountForOwner("501")).isInstanceOf(ApiException.class);

        api.on("GET", "/crm/owners/2026-03/(\\d+)", s -> FakeApi.answer(200, owner("501")));
        assertThat(people.jiraAccountForOwner("501")).as("the failure was not remembered as 'nobody'").contains("acc-501");
    }

    @Test
    void noMatchIsKeptLikeAMatchAndANewConnectionForgetsEveryone() {
        People people = directory(100);
        api.on("GET", "/rest/api/3/user/search", 200, "[]");
        assertThat(people.jiraAccountForOwner("501")).isEmpty();
        assertThat(people.jiraAccountForOwner("501")).isEmpty();
        assertThat(ownerReads()).as("'nobody in Jira' is kept too").isEqualTo(1);

        api.on("GET", "/rest/api/3/user/search", s -> FakeApi.answer(200, "[" + user(idOf(param(s, "query"))) + "]"));
        directory.connectionChanged();
        assertThat(people.jiraAccountForOwner("501")).as("asked again after the credential changed").contains("acc-501");
    }
}
