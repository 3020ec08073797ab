package io.hubjira.connection;

import java.util.Optional;

import io.hubjira.jira.JiraCredentialSource;
import io.hubjira.jira.JiraCredentials;
import io.hubjira.jira.JiraNotConnectedException;
import org.springframework.stereotype.Component;

/**
 * The saved Jira connection as the Jira client calls with it: the site, account email and API token. Keeps the row in
 * memory; {@link JiraConnectionService} saves and removes it through here.
 */
@Component
public class JiraSiteCredentials implements JiraCredentialSource {

    private final ConnectionStore store;
    private volatile JiraConnection cached;

    public JiraSiteCredentials(ConnectionStore store) {
        this.store = store;
    }

    public Optional<JiraConnection> current() {
        JiraConnection c = cached;
        if (c == null) {
            c = store.findJira().orElse(null);
            cached = c;
        }
        return Optional.ofNullable(c);
    }

    /** Forgets the in-memory copy (another instance may have changed the row). */
    public void evictCache() {
        cached = null;
    }

    void save(JiraConnection connection) {
        store.saveJira(connection);
        cached = connection;
    }

    boolean remove() {
        boolean removed = store.deleteJira();
        cached = null;
        return removed;
    }

    @Override
    public JiraCredentials credentials() {
        return current().map(JiraConnection::credentials).orElseThrow(JiraNotConnectedException::new);
    }
}
