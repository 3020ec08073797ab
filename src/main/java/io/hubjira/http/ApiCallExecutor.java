package io.hubjira.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.hubjira.config.ConnectorProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one way the connector calls HubSpot and Jira: every call spends its account's {@link RateBudget} first (shared by
 * all instances on PostgreSQL; a 429 pauses the budget it names for all of them), bounded retries for 429 / 5xx /
 * timeouts (Retry-After when the API gives one, otherwise exponential backoff with jitter), typed errors, and a counter
 * per API, endpoint and status for every HTTP request actually sent.
 */
@Component
public class ApiCallExecutor {

    public static final String CALLS_METRIC = "connector.api.calls";
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(ApiCallExecutor.class);

    private final ApiTransport transport;
    private final MeterRegistry meters;
    private final RetryConfig idempotentRetries;
    private final RetryConfig writeRetries;
    private final IntervalBiFunction<ApiResponse> backoff;
    private final int maxAttempts;
    private final RateBudget budget;

    private final ApiUsageMeter usage;

    /** For tests that need no usage history: a budget of this JVM alone. */
    public ApiCallExecutor(ApiTransport transport, MeterRegistry meters, ConnectorProperties props) {
        this(transport, meters, props, new ApiUsageMeter(java.time.Clock.systemUTC()), RateBudget.inMemory(props));
    }

    @org.springframework.beans.factory.annotation.Autowired
    public ApiCallExecutor(ApiTransport transport, MeterRegistry meters, ConnectorProperties props, ApiUsageMeter usage, RateBudget budget) {
        this.usage = usage;
        this.budget = budget;
        this.transport = transport;
        this.meters = meters;
        ConnectorProperties.Retry retry = props.retry();
        this.maxAttempts = Math.max(1, retry.attempts());
        this.backoff = backoff(retry.initialBackoff(), retry.maxBackoff());
        this.idempotentRetries = RetryConfig.<ApiResponse>custom()
                .maxAttempts(maxAttempts)
                .retryOnException(e -> e instanceof ApiException api && api.retryable())
                .intervalBiFunction(backoff)
                .build();
        // a write is sent again blindly only when it cannot have taken effect; ambiguous failures go to writeOnce
        this.writeRetries = RetryConfig.<ApiResponse>custom()
                .maxAttempts(maxAttempts)
                .retryOnException(e -> e instanceof ApiException api && api.retryable() && !api.ambiguous())
                .intervalBiFunction(backoff)
                .build();
    }

    /**
     * Sends the request (retrying what a retry can fix) and returns a 2xx answer, or throws the translated error. A
     * non-idempotent request is not sent again after an ambiguous failure: see {@link #writeOnce}.
     */
    public ApiResponse execute(ApiRequest request, ApiErrorTranslator translator) {
        return execute(request, translator, response -> false);
    }

    /**
     * As {@link #execute(ApiRequest, ApiErrorTranslator)}; a non-2xx answer {@code isAnAnswer} accepts is returned like
     * a 2xx one (e.g. Jira's bulk create answers 400 with one error per element when it refused them all).
     */
    public ApiResponse execute(ApiRequest request, ApiErrorTranslator translator, java.util.function.Predicate<ApiResponse> isAnAnswer) {
        Retry retry = Retry.of(request.api().tag() + " " + request.endpoint(), request.idempotent() ? idempotentRetries : writeRetries);
        retry.getEventPublisher().onRetry(event -> log.warn("{} {} {} failed ({}); retry {} in {} ms",
                request.api().tag(), request.method(), request.endpoint(), event.getLastThrowable().getMessage(),
                event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis()));
        return retry.executeSupplier(() -> attempt(request, translator, isAnAnswer));
    }

    /**
     * A non-idempotent write (a create, an upload) performed once: when an attempt fails ambiguously — it may have
     * taken effect — {@code lookup} looks for the write's durable marker (an issue's label, a note's or comment's
     * marker text, a file's path) before anything is sent again; found, its result is the answer. Writes that surely
     * did not take effect (429, refused connections) are retried inside {@link #execute} as before.
     */
    public <T> T writeOnce(String operation, Supplier<T> write, Supplier<Optional<T>> lookup) {
        return writeOnce(operation, WriteAttempt.FIRST, write, lookup);
    }

    /** As {@link #writeOnce(String, Supplier, Supplier)}; a RESUMED write looks its marker up before the first send too. */
    public <T> T writeOnce(String operation, WriteAttempt attempt, Supplier<T> write, Supplier<Optional<T>> lookup) {
        if (attempt == WriteAttempt.RESUMED) {
            Optional<T> done = lookup.get();
            if (done.isPresent()) {
                recovered(operation);
                log.info("{} resumed: its marker shows it took effect before; not sent again", operation);
                return done.get();
            }
        }
        ApiException last = null;
        for (int attemptNo = 1; attemptNo <= maxAttempts; attemptNo++) {
            try {
                return write.get();
            } catch (ApiException e) {
                if (!e.ambiguous() || !e.retryable()) {
                    throw e;
                }
                last = e;
                countAmbiguous(operation);
                Optional<T> done = lookup.get();
                if (done.isPresent()) {
                    recovered(operation);
                    log.warn("{} failed ambiguously ({}); its marker shows it took effect: not sent again", operation, e.getMessage());
                    return done.get();
                }
                long wait = backoff.apply(attemptNo, Either.left(e));
                log.warn("{} failed ambiguously ({}) and did not take effect; sent again in {} ms", operation, e.getMessage(), wait);
                sleep(wait);
            }
        }
        throw last;
    }

    /**
     * A non-idempotent write sent at most once: when it fails ambiguously (it may have taken effect), {@code whenLost}
     * answers from the write's marker and nothing is sent again here. For writes whose marker may not be visible at once
     * (Jira's search lags behind a create), where only the caller can decide — once the marker's absence has been
     * confirmed long enough — to send the write again. Writes that surely did not take effect (429, refused
     * connections) are retried inside {@link #execute} as before.
     */
    public <T> T sendOnce(String operation, Supplier<T> write, java.util.function.Function<ApiException, T> whenLost) {
        try {
            return write.get();
        } catch (ApiException e) {
            if (!e.ambiguous() || !e.retryable()) {
                throw e;
            }
            countAmbiguous(operation);
            log.warn("{} failed ambiguously ({}); not sent again before its marker is looked up", operation, e.getMessage());
            return whenLost.apply(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to send a write again", e);
        }
    }

    private ApiResponse attempt(ApiRequest request, ApiErrorTranslator translator, java.util.function.Predicate<ApiResponse> isAnAnswer) {
        try {
            budget.acquire(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(request.api(), 0, request.endpoint(), "interrupted while waiting for the rate limit", false, null, e, false);
        } catch (io.github.bucket4j.BucketExceptions.BucketExecutionException e) {
            throw new ApiException(request.api(), 0, request.endpoint(), "the shared rate budget could not be read: " + e.getMessage(),
                    true, null, e, false);
        }
        long started = System.nanoTime();
        usage.sent(request.api(), request.account());
        ApiResponse response;
        try {
            response = transport.send(request);
        } catch (IOException e) {
            record(request, "io-error", started);
            boolean notSent = notSent(e);
            throw new ApiException(request.api(), 0, request.endpoint(),
                    request.api().tag() + " " + request.method() + " " + request.endpoint() + " got no answer: " + e.getMessage(),
                    true, null, e, !notSent);
        }
        record(request, String.valueOf(response.status()), started);
        usage.answered(request.api(), request.account(), response);
        if (response.isSuccess() || isAnAnswer.test(response)) {
            return response;
        }
        ApiException error = translator.translate(request, response);
        budget.limitHit(request, error);
        throw error;
    }

    private void record(ApiRequest request, String status, long startedNanos) {
        Counter.builder(CALLS_METRIC)
                .description("HTTP requests sent to HubSpot and Jira (retries included)")
                .tag("api", request.api().tag())
                // the portal or site whose budget the call spent: each connection's usage and 429s on their own
                .tag("account", request.account() == null ? "none" : request.account())
                .tag("method", request.method())
                .tag("endpoint", request.endpoint())
                .tag("status", status)
                .register(meters)
                .increment();
        Timer.builder("connector.api.call.duration")
                .description("Time from sending a request to HubSpot or Jira to its answer (or its failure)")
                .tag("api", request.api().tag())
                .tag("endpoint", request.endpoint())
                .register(meters)
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    private void countAmbiguous(String operation) {
        Counter.builder("connector.api.writes.ambiguous")
                .description("Writes whose answer was lost (timeout, reset), so whether they took effect had to be found out")
                .tag("operation", operation).register(meters).increment();
    }

    private void recovered(String operation) {
        Counter.builder("connector.api.writes.recovered")
                .description("Writes with a lost answer that were found to have taken effect (or were safely sent again)")
                .tag("operation", operation).register(meters).increment();
    }

    /** How many HTTP requests were sent to the API so far (all endpoints, all outcomes). */
    public long callCount(ApiName api) {
        return (long) meters.find(CALLS_METRIC).tag("api", api.tag()).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** The connection never carried the request: refused, unknown host, no route, a connect timeout. */
    static boolean notSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException || t instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static IntervalBiFunction<ApiResponse> backoff(Duration initial, Duration max) {
        return (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof ApiException api && api.retryAfter() != null) {
                Duration asked = api.retryAfter();
                return (asked.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : asked).toMillis();
            }
            long exponential = initial.toMillis() * (1L << Math.min(20, Math.max(0, attempt - 1)));
            long capped = Math.min(exponential, max.toMillis());
            // "equal jitter": half fixed, half random, so concurrent callers spread out but never retry at once
            return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        };
    }
}
