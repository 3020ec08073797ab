package io.hubjira.connection;

import java.time.Clock;
import java.util.Optional;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.jira.JiraCredentialSource;
import io.hubjira.jira.JiraCredentials;
import io.hubjira.jira.JiraCredentialsChanged;
import io.hubjira.jira.JiraNotConnectedException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The saved Jira connection as the Jira client calls with it: the site, account email and API token. Keeps the row in
 * memory, read again after {@code connector.sync.connection-recheck}; {@link JiraConnectionService} saves and removes it
 * through here.
 */
@Component
public class JiraSiteCredentials implements JiraCredentialSource {

    private final ConnectionStore store;
    private final RecheckedRow<JiraConnection> row;

    public JiraSiteCredentials(ConnectionStore store, Clock clock, ConnectorProperties props, ApplicationEventPublisher events) {
        this.store = store;
        // another instance connected another site: what this one cached of the earlier site goes
        this.row = new RecheckedRow<>(store::findJira, JiraConnection::baseUrl,
                now -> events.publishEvent(new JiraCredentialsChanged(now == null ? null : now.baseUrl())), clock, props.sync().connectionRecheck());
    }

    public Optional<JiraConnection> current() {
        return row.get();
    }

    void save(JiraConnection connection) {
        store.saveJira(connection);
        row.set(connection);
    }

    boolean remove() {
        boolean removed = store.deleteJira();
        row.set(null);
        return removed;
    }

    @Override
    public JiraCredentials credentials() {
        return current().map(JiraConnection::credentials).orElseThrow(JiraNotConnectedException::new);
    }
}
