package io.hubjira.connection;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.jira.JiraCredentialSource;
import io.hubjira.jira.JiraCredentials;
import io.hubjira.jira.JiraCredentialsChanged;
import io.hubjira.jira.JiraNotConnectedException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The saved Jira connection as the Jira client calls with it: the site, account email and API token. Keeps the row in
 * memory, read again after {@code connector.sync.connection-recheck}; {@link JiraConnectionService} saves and removes it
 * through here.
 */
@Component
public class JiraSiteCredentials implements JiraCredentialSource {

    private final Supplier<Optional<JiraConnection>> read;
    private final RecheckedRow<JiraConnection> row;

    /** The first connection of the list: what a connector with one site calls with. */
    @Autowired
    public JiraSiteCredentials(ConnectionStore store, Clock clock, ConnectorProperties props, ApplicationEventPublisher events) {
        this(store::findJira, clock, props, events);
    }

    /** The connection with this id, while it is active. */
    JiraSiteCredentials(ConnectionStore store, long connectionId, Clock clock, ConnectorProperties props, ApplicationEventPublisher events) {
        this(() -> store.findJira(connectionId).filter(JiraConnection::active), clock, props, events);
    }

    private JiraSiteCredentials(Supplier<Optional<JiraConnection>> read, Clock clock, ConnectorProperties props, ApplicationEventPublisher events) {
        this.read = read;
        // another instance connected another site: what this one cached of the earlier site goes
        this.row = new RecheckedRow<>(read, JiraConnection::baseUrl,
                now -> events.publishEvent(new JiraCredentialsChanged(now == null ? 0 : now.id(), now == null ? null : now.baseUrl())),
                clock, props.sync().connectionRecheck());
    }

    public Optional<JiraConnection> current() {
        return row.get();
    }

    /** What this instance holds is stale: a save or a revoke of this connection was just made here. */
    void forget() {
        row.set(read.get().orElse(null));
    }

    @Override
    public JiraCredentials credentials() {
        return current().map(JiraConnection::credentials).orElseThrow(JiraNotConnectedException::new);
    }
}
