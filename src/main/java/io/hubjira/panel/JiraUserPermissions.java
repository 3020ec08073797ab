package io.hubjira.panel;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hubjira.connection.ConnectionProblem;
import io.hubjira.connection.JiraScope;
import io.hubjira.jira.JiraApiException;
import io.hubjira.jira.JiraUser;
import org.springframework.stereotype.Component;

/**
 * What a Jira user may do with an issue of a site, as that site's Jira says, asked with the connector's own account
 * there (answers are kept per Jira connection: an account id or issue id of one site says nothing of another's): one
 * bulk permission
 * check ({@code POST /rest/api/3/permissions/check} with the user's account id) answers both Browse and Edit for the
 * issue, so a panel opening costs one Jira call, and nothing more for the user's actions on that issue within a
 * minute: answers are kept {@link #PERMISSIONS_TTL}, so a revoked permission takes effect within a minute. Display
 * names (for the audit) are kept longer: they are labels, not rights.
 */
@Component
public class JiraUserPermissions {

    static final Duration PERMISSIONS_TTL = Duration.ofMinutes(1);
    static final Duration NAMES_TTL = Duration.ofMinutes(30);
    static final String BROWSE = "BROWSE_PROJECTS";
    static final String EDIT = "EDIT_ISSUES";

    /** What the user may do with the issue. */
    public record Grants(boolean browse, boolean edit) {}

    private record Key(long jiraConnectionId, String accountId, String issueId) {}

    private record Person(long jiraConnectionId, String accountId) {}

    private final Cache<Key, Grants> grants = Caffeine.newBuilder().expireAfterWrite(PERMISSIONS_TTL).maximumSize(20_000).build();
    private final Cache<Person, String> names = Caffeine.newBuilder().expireAfterWrite(NAMES_TTL).maximumSize(20_000).build();

    public Grants on(JiraScope site, String accountId, String issueId) {
        return grants.get(new Key(site.connectionId(), accountId, issueId), k -> {
            Set<String> held;
            try {
                held = site.client().permissionsOnIssue(k.accountId(), k.issueId(), List.of(BROWSE, EDIT));
            } catch (JiraApiException e) {
                if (e.status() == 403) {
                    throw new ConnectionProblem(502, "jira_permission_check_refused", null, "Jira refused to tell the connector's "
                            + "account what this user may do (403): that account needs Jira's Administer Jira global permission to check "
                            + "another user's permissions. Nothing is shown until it has it.");
                }
                throw e;
            }
            // Edit without Browse is no right to anything: Jira never lets a user edit what they cannot see
            return new Grants(held.contains(BROWSE), held.contains(BROWSE) && held.contains(EDIT));
        });
    }

    /** The user's display name, as Jira shows it; the account id when Jira does not know the user. */
    public String displayName(JiraScope site, String accountId) {
        return names.get(new Person(site.connectionId(), accountId), p -> site.client().user(p.accountId()).map(JiraUser::displayName)
                .filter(n -> n != null && !n.isBlank()).orElse(p.accountId()));
    }

    /** Forgets the connection's answers (every answer when no connection is named): another site or account answers differently. */
    @org.springframework.context.event.EventListener
    public void connectionChanged(io.hubjira.jira.JiraCredentialsChanged changed) {
        if (changed.connectionId() == 0) {
            forget();
            return;
        }
        grants.asMap().keySet().removeIf(k -> k.jiraConnectionId() == changed.connectionId());
        names.asMap().keySet().removeIf(p -> p.jiraConnectionId() == changed.connectionId());
    }

    public void forget() {
        grants.invalidateAll();
        names.invalidateAll();
    }
}
