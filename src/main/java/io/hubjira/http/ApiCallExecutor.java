package io.hubjira.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
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
 * The one way the connector calls HubSpot and Jira: client-side rate limits per API (and per group such as
 * HubSpot search), bounded retries for 429 / 5xx / timeouts (Retry-After when the API gives one, otherwise
 * exponential backoff with jitter), typed errors, and a counter per API, endpoint and status for every HTTP
 * request actually sent.
 */
@Component
public class ApiCallExecutor {

    public static final String CALLS_METRIC = "connector.api.calls";
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(5);
    private static final Duration LONGEST_PERMIT_WAIT = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(ApiCallExecutor.class);

    private final ApiTransport transport;
    private final MeterRegistry meters;
    private final RetryConfig retryConfig;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    public ApiCallExecutor(ApiTransport transport, MeterRegistry meters, ConnectorProperties props) {
        this.transport = transport;
        this.meters = meters;
        ConnectorProperties.Http http = props.http();
        this.retryConfig = RetryConfig.<ApiResponse>custom()
                .maxAttempts(Math.max(1, http.maxAttempts()))
                .retryOnException(e -> e instanceof ApiException api && api.retryable())
                .intervalBiFunction(backoff(http.initialBackoff(), http.maxBackoff()))
                .build();
        var hubspot = props.hubspot().rateLimit();
        limiters.put(ApiName.HUBSPOT.tag(), limiter("hubspot", hubspot.requestsPerWindow(), hubspot.window()));
        limiters.put(ApiName.HUBSPOT.tag() + ":" + ApiRequest.RateClass.SEARCH,
                limiter("hubspot-search", hubspot.searchPerSecond(), Duration.ofSeconds(1)));
        limiters.put(ApiName.JIRA.tag(), limiter("jira", props.jira().rateLimit().requestsPerSecond(), Duration.ofSeconds(1)));
    }

    /** Sends the request (retrying what a retry can fix) and returns a 2xx answer, or throws the translated error. */
    public ApiResponse execute(ApiRequest request, ApiErrorTranslator translator) {
        Retry retry = Retry.of(request.api().tag() + " " + request.endpoint(), retryConfig);
        retry.getEventPublisher().onRetry(event -> log.warn("{} {} {} failed ({}); retry {} in {} ms",
                request.api().tag(), request.method(), request.endpoint(), event.getLastThrowable().getMessage(),
                event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis()));
        return retry.executeSupplier(() -> attempt(request, translator));
    }

    private ApiResponse attempt(ApiRequest request, ApiErrorTranslator translator) {
        if (request.rateClass() != ApiRequest.RateClass.NONE) {
            RateLimiter.waitForPermission(limiters.get(request.api().tag()));
        }
        RateLimiter group = limiters.get(request.api().tag() + ":" + request.rateClass());
        if (group != null) {
            RateLimiter.waitForPermission(group);
        }
        long started = System.nanoTime();
        ApiResponse response;
        try {
            response = transport.send(request);
        } catch (IOException e) {
            record(request, "io-error", started);
            throw new ApiException(request.api(), 0, request.endpoint(),
                    request.api().tag() + " " + request.method() + " " + request.endpoint() + " got no answer: " + e.getMessage(),
                    true, null, e);
        }
        record(request, String.valueOf(response.status()), started);
        if (response.isSuccess()) {
            return response;
        }
        throw translator.translate(request, response);
    }

    private void record(ApiRequest request, String status, long startedNanos) {
        Counter.builder(CALLS_METRIC)
                .description("HTTP requests sent to HubSpot and Jira (retries included)")
                .tag("api", request.api().tag())
                .tag("method", request.method())
                .tag("endpoint", request.endpoint())
                .tag("status", status)
                .register(meters)
                .increment();
        Timer.builder("connector.api.call.duration")
                .tag("api", request.api().tag())
                .tag("endpoint", request.endpoint())
                .register(meters)
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** How many HTTP requests were sent to the API so far (all endpoints, all outcomes). */
    public long callCount(ApiName api) {
        return (long) meters.find(CALLS_METRIC).tag("api", api.tag()).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static RateLimiter limiter(String name, int permits, Duration period) {
        return RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(Math.max(1, permits))
                .limitRefreshPeriod(period)
                .timeoutDuration(LONGEST_PERMIT_WAIT)
                .build());
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
