package io.hubjira.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.hubjira.connection.ConnectionScopes;
import io.hubjira.connection.HubSpotConnection;
import io.hubjira.connection.HubSpotScope;
import io.hubjira.connection.JiraConnection;
import io.hubjira.connection.JiraScope;
import io.hubjira.http.ApiException;
import io.hubjira.hubspot.AccountDetails;
import io.hubjira.hubspot.HubSpotCredentialsChanged;
import io.hubjira.jira.JiraCredentialsChanged;
import io.hubjira.jira.JiraUser;
import jakarta.annotation.PreDestroy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The health of each connection of the lists: a revoked one is REVOKED (nothing is asked); an active one is UP or DOWN
 * by one authenticated call with its own credential through its own client (HubSpot: the account details, which must
 * still name the connection's portal; Jira: who the credential belongs to). A probe's answer is kept for a minute per
 * connection, so neither the health endpoint nor the console spends the APIs' rate limits; a connection saved again or
 * revoked is probed afresh.
 */
@Component
public class ConnectionHealth {

    static final Duration TTL = Duration.ofSeconds(60);
    /** How long an answer waits for a probe: an unreachable API (retried with backoff) must not hold up the console. */
    static final Duration WAIT = Duration.ofSeconds(3);

    /** UP, DOWN or REVOKED; when it was found; what failed (DOWN only); what the probe saw. */
    public record Check(String status, Instant checkedAt, String error, Map<String, Object> details) {

        public boolean up() {
            return "UP".equals(status);
        }
    }

    private record Kept(Check check, Instant until) {}

    private final ConnectionScopes scopes;
    private final Clock clock;
    private final Map<Long, Kept> hubspot = new ConcurrentHashMap<>();
    private final Map<Long, Kept> jira = new ConcurrentHashMap<>();
    /** the probe running for a connection ("hubspot:1"), shared by every answer that asks meanwhile */
    private final Map<String, CompletableFuture<Check>> running = new ConcurrentHashMap<>();
    /** Counts the saves and revokes seen: a probe started before one of them (with the old credential) is not kept. */
    private final AtomicLong changes = new AtomicLong();
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "connection-health-probe");
        t.setDaemon(true);
        return t;
    });

    public ConnectionHealth(ConnectionScopes scopes, Clock clock) {
        this.scopes = scopes;
        this.clock = clock;
    }

    public Check hubspot(HubSpotConnection c) {
        if (!c.active()) {
            return revoked();
        }
        return kept(hubspot, "hubspot:", c.id(), () -> {
            Optional<HubSpotScope> scope = scopes.findHubSpot(c.id());
            if (scope.isEmpty()) {
                return revoked();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("portalId", c.portalId());
            details.put("apiVersion", scope.get().client().version().setting());
            try {
                AccountDetails account = scope.get().client().accountDetails(c.accessToken());
                if (account.portalId() != c.portalId()) {
                    return down(details, "The credential now belongs to portal " + account.portalId() + ", not " + c.portalId()
                            + ": save the connection again with a credential of its portal.");
                }
            } catch (ApiException e) {
                return down(details, e.getMessage());
            }
            return new Check("UP", clock.instant(), null, details);
        });
    }

    public Check jira(JiraConnection c) {
        if (!c.active()) {
            return revoked();
        }
        return kept(jira, "jira:", c.id(), () -> {
            Optional<JiraScope> scope = scopes.findJira(c.id());
            if (scope.isEmpty()) {
                return revoked();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("site", c.baseUrl());
            try {
                JiraUser me = scope.get().client().myself(c.credentials());
                details.put("accountId", me.accountId());
            } catch (ApiException e) {
                return down(details, e.getMessage());
            }
            return new Check("UP", clock.instant(), null, details);
        });
    }

    /** The check of a connection just validated by saving it (the save asked the API with this very credential). */
    public Check validatedNow() {
        return new Check("UP", clock.instant(), null, Map.of("validated", true));
    }

    @EventListener
    public void hubSpotChanged(HubSpotCredentialsChanged changed) {
        forget(hubspot, "hubspot:", changed.connectionId());
    }

    @EventListener
    public void jiraChanged(JiraCredentialsChanged changed) {
        forget(jira, "jira:", changed.connectionId());
    }

    @PreDestroy
    public void stopProbes() {
        probes.shutdownNow();
    }

    /**
     * The kept check while it is fresh; else a probe, waited for {@link #WAIT}. A probe that takes longer goes on, and
     * its answer is kept for the next ask; meanwhile the connection is UNKNOWN, saying it is being checked.
     */
    private Check kept(Map<Long, Kept> cache, String kind, long id, Supplier<Check> probe) {
        Instant now = clock.instant();
        Kept kept = cache.get(id);
        if (kept != null && now.isBefore(kept.until())) {
            return kept.check();
        }
        String key = kind + id;
        CompletableFuture<Check> probing = running.get(key);
        if (probing == null) {
            CompletableFuture<Check> mine = new CompletableFuture<>();
            probing = running.putIfAbsent(key, mine);
            if (probing == null) {
                probing = mine;
                long seen = changes.get();
                probes.execute(() -> {
                    try {
                        Check check = probe.get();
                        if (changes.get() == seen) {
                            cache.put(id, new Kept(check, clock.instant().plus(TTL)));
                        }
                        mine.complete(check);
                    } catch (RuntimeException | Error e) {
                        mine.completeExceptionally(e);
                    } finally {
                        running.remove(key, mine);
                    }
                });
            }
        }
        try {
            return probing.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            return new Check("UNKNOWN", now, "being checked: the API has not answered within " + WAIT.toSeconds() + " s", Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check("UNKNOWN", now, "the check was interrupted", Map.of());
        } catch (ExecutionException e) {
            return down(Map.of(), String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()));
        }
    }

    private Check down(Map<String, Object> details, String error) {
        return new Check("DOWN", clock.instant(), error, details);
    }

    private Check revoked() {
        return new Check("REVOKED", clock.instant(), null, Map.of());
    }

    private void forget(Map<Long, Kept> cache, String kind, long id) {
        changes.incrementAndGet();
        if (id == 0) {
            cache.clear();
            running.keySet().removeIf(key -> key.startsWith(kind));
        } else {
            cache.remove(id);
            running.remove(kind + id);
        }
    }
}
