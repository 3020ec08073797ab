package io.hubjira.people;

import java.util.Optional;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.hubjira.config.ConnectorProperties;
import io.hubjira.hubspot.HubSpotClient;
import io.hubjira.hubspot.HubSpotCredentialsChanged;
import io.hubjira.hubspot.Owner;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraCredentialsChanged;
import io.hubjira.jira.JiraUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@link People} through both APIs: an owner's email is read in HubSpot and looked up in Jira, a Jira user's email in
 * HubSpot. Each direction keeps at most {@code connector.people.cache-size} answers for {@code connector.people.cache-ttl}
 * (a "no match" too, so a person added later is found once it expires); a lookup that fails is not kept.
 */
@Component
public class PeopleDirectory {

    /** "pair:owner id" and "pair:account id", the pair naming the HubSpot and the Jira connection */
    private final Cache<String, Optional<String>> jiraAccountByOwner;
    private final Cache<String, Optional<String>> ownerByJiraAccount;

    @Autowired
    public PeopleDirectory(ConnectorProperties props) {
        this(props.people(), Ticker.systemTicker());
    }

    PeopleDirectory(ConnectorProperties.People settings, Ticker ticker) {
        this.jiraAccountByOwner = cache(settings, ticker).build();
        this.ownerByJiraAccount = cache(settings, ticker).build();
    }

    private static Caffeine<Object, Object> cache(ConnectorProperties.People settings, Ticker ticker) {
        // eviction runs on the calling thread, so the bound holds as soon as a lookup returns
        return Caffeine.newBuilder().maximumSize(settings.cacheSize()).expireAfterWrite(settings.cacheTtl()).ticker(ticker)
                .executor(Runnable::run);
    }

    /**
     * The people of one connection pair ({@code pair} names it): a portal's owners meet the users of the site its items
     * sync with, never another's.
     */
    public People between(String pair, HubSpotClient hubspot, JiraClient jira) {
        return new People() {
            @Override
            public Optional<String> jiraAccountForOwner(String ownerId) {
                return jiraAccountByOwner.get(pair + ":" + ownerId, k -> hubspot.owner(ownerId).map(Owner::email).filter(e -> e != null && !e.isBlank())
                        .flatMap(jira::userByEmail).map(JiraUser::accountId));
            }

            @Override
            public Optional<String> ownerForJiraAccount(String accountId) {
                return ownerByJiraAccount.get(pair + ":" + accountId, k -> jira.user(accountId).map(JiraUser::emailAddress)
                        .filter(e -> e != null && !e.isBlank()).flatMap(hubspot::ownerByEmail).map(Owner::id));
            }
        };
    }

    /** A new or removed HubSpot or Jira credential: the people of the earlier portal or site are not this one's. */
    @EventListener({HubSpotCredentialsChanged.class, JiraCredentialsChanged.class})
    public void connectionChanged() {
        jiraAccountByOwner.invalidateAll();
        ownerByJiraAccount.invalidateAll();
    }
}
