package io.hubjira.sync;

import java.time.Duration;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.http.ApiException;
import io.hubjira.hubspot.HubSpotApiException;
import io.hubjira.hubspot.HubSpotNotConnectedException;
import io.hubjira.jira.JiraNotConnectedException;
import io.hubjira.link.ConcurrentWriteException;
import org.springframework.stereotype.Component;

/**
 * The one retry policy (connector.retry in application.yaml) as the flows apply it: which failures a later try can
 * fix (transient: 429, 5xx, timeouts, a write another worker holds) and which it cannot (permanent: validation,
 * missing scopes, not found, a value that does not convert), how often and when a record or event is tried again
 * after its API calls' own retries, and the category a dead letter is filed under.
 */
@Component("retryPolicy")
public class RetryPolicy {

    private final ConnectorProperties.Retry retry;

    public RetryPolicy(ConnectorProperties props) {
        this.retry = props.retry();
    }

    /** An API's retryable answer, a concurrent write, or a connection revoked meanwhile (its work waits for the reconnect). */
    public boolean isTransient(Throwable failure) {
        return (failure instanceof ApiException api && api.retryable()) || failure instanceof ConcurrentWriteException
                || failure instanceof HubSpotNotConnectedException || failure instanceof JiraNotConnectedException;
    }

    /** Whether something tried {@code tries} times already (the first try included) may be tried again later. */
    public boolean mayTryAgain(Throwable failure, int tries) {
        return isTransient(failure) && tries <= retry.laterAttempts();
    }

    /** How long to wait before the try after {@code tries} tries. */
    public Duration delayAfter(int tries) {
        return retry.laterDelay(tries);
    }

    public int laterAttempts() {
        return retry.laterAttempts();
    }

    /**
     * The category a dead letter is filed under: the portal rule HubSpot refused a write by (its error code), HubSpot's
     * error category, the API and status, or the failure's type.
     */
    public static String category(Throwable failure) {
        if (failure instanceof HubSpotApiException h && h.portalRule().isPresent()) {
            return h.portalRule().get().kind().code();
        }
        if (failure instanceof HubSpotApiException h && h.category() != null) {
            return h.category();
        }
        if (failure instanceof ApiException api) {
            return api.api().tag().toUpperCase() + "_" + (api.status() == 0 ? "UNREACHABLE" : api.status());
        }
        return failure == null ? null : failure.getClass().getSimpleName();
    }
}
