package io.hubjira.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * In front of both simulators: applies injected faults before the simulator sees the call (a faulted call changes no
 * state), answering in that API's own error shape and headers, and records every call in the call log.
 */
@Configuration
@Profile("sandbox")
public class SandboxFilter {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> sandboxFaultsAndCallLog(SandboxFaults faults, SandboxCallLog log,
                                                                          io.hubjira.sandbox.hubspot.HubSpotRateLimits limits,
                                                                          io.hubjira.sandbox.jira.JiraRateLimits jiraLimits,
                                                                          io.hubjira.sandbox.hubspot.HubSpotSandbox hubspot) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                long ticket = log.begin();
                try {
                    String uri = request.getRequestURI();
                    String api = uri.startsWith("/sandbox/hubspot") ? "hubspot" : "jira";
                    String path = uri.substring(("/sandbox/" + api).length());
                    // HubSpot serves every portal from one host: the token says which account a call is for
                    Long portal = api.equals("hubspot") ? hubspot.portalOfAuthorization(request.getHeader("Authorization"))
                            .map(io.hubjira.sandbox.hubspot.SimulatedPortal::portalId).orElse(null) : null;
                    String scope = portal == null ? null : SandboxFaults.hubspotPortal(portal);
                    long latency = faults.settings(api).latencyMs() + (scope == null ? 0 : faults.settings(scope).latencyMs());
                    if (latency > 0) {
                        try {
                            Thread.sleep(latency);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    int fault = faults.decide(api, request.getMethod(), path);
                    String faulted = api;
                    if (fault == 0 && scope != null) {
                        fault = faults.decide(scope, request.getMethod(), path);
                        faulted = scope;
                    }
                    if (fault != 0) {
                        writeFault(api, fault, faults.settings(faulted).retryAfter(), response);
                        log.record(new SandboxCallLog.Call(api, request.getMethod(), path, request.getQueryString(), null, fault, Instant.now(), portal));
                        return;
                    }
                    if (api.equals("hubspot") && request.getHeader("Authorization") != null) {
                        boolean search = request.getMethod().equals("POST") && path.startsWith("/crm/") && path.endsWith("/search");
                        var verdict = limits.check(request.getHeader("Authorization"), search);
                        if (!verdict.allowed()) {
                            writeHubSpotLimit(verdict, response);
                            log.record(new SandboxCallLog.Call(api, request.getMethod(), path, request.getQueryString(), null, 429, Instant.now(), portal));
                            return;
                        }
                        if (!search && verdict.max() > 0) {
                            // HubSpot reports the 10-second window on every answer but search answers
                            response.setHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
                            response.setHeader("X-HubSpot-RateLimit-Max", String.valueOf(verdict.max()));
                            response.setHeader("X-HubSpot-RateLimit-Remaining", String.valueOf(verdict.remaining()));
                        }
                        dailyHeaders(verdict, response);
                    }
                    String issue = api.equals("jira") ? io.hubjira.sandbox.jira.JiraRateLimits.writtenIssue(request.getMethod(), path) : null;
                    if (issue != null) {
                        var verdict = jiraLimits.check(issue);
                        if (!verdict.allowed()) {
                            writeJiraLimit("jira-per-issue-on-write", verdict.limit(), String.valueOf(verdict.retryAfterSeconds()), response);
                            log.record(new SandboxCallLog.Call(api, request.getMethod(), path, request.getQueryString(), null, 429, Instant.now(), portal));
                            return;
                        }
                    }
                    boolean multipart = request.getContentType() != null && request.getContentType().startsWith("multipart/");
                    ContentCachingRequestWrapper wrapped = multipart ? null : new ContentCachingRequestWrapper(request, 1_000_000);
                    var hold = faults.holds(api, request.getMethod(), path);
                    if (hold.isPresent()) {
                        // a crash test: the caller is killed while this call is held (after it took effect, or before)
                        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
                        if (hold.get().afterWrite) {
                            chain.doFilter(wrapped == null ? request : wrapped, held);
                        }
                        log.record(new SandboxCallLog.Call(api, request.getMethod(), path, request.getQueryString(),
                                hold.get().afterWrite ? "(held after the write)" : "(held, not written)", 0, Instant.now(), portal));
                        log.end(ticket);
                        hold.get().hold();
                        try {
                            response.sendError(503);
                        } catch (IOException | IllegalStateException callerGone) {
                            // the caller was killed meanwhile, as the test intends
                        }
                        return;
                    }
                    var lost = faults.loses(api, request.getMethod(), path);
                    if (lost.isPresent()) {
                        // the call takes effect; its answer is then lost: a 5xx instead, or the answer after the client gave up
                        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
                        chain.doFilter(wrapped == null ? request : wrapped, held);
                        String body = multipart ? "(multipart)" : new String(wrapped.getContentAsByteArray(), StandardCharsets.UTF_8);
                        if (lost.get().late()) {
                            log.record(new SandboxCallLog.Call(api, request.getMethod(), path, request.getQueryString(), body, held.getStatus(), Instant.now(), portal));
                            log.end(ticket);
                            try {
                                Thread.sleep(lost.get().delayMs);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            try {
                                held.copyBodyToResponse();
                            } catch (IOException clientGone) {
                                // the client timed out and closed the connection, as intended
                            }
                        } else {
                            held.resetBuffer();
                            writeFault(api, lost.get().status, "1", response);
                            log.record(new SandboxCallLog.Call(api, request.getMethod(), path, request.getQueryString(), body, lost.get().status, Instant.now(), portal));
                        }
                        return;
                    }
                    chain.doFilter(wrapped == null ? request : wrapped, response);
                    String body = multipart ? "(multipart)" : new String(wrapped.getContentAsByteArray(), StandardCharsets.UTF_8);
                    log.record(new SandboxCallLog.Call(api, request.getMethod(), path, request.getQueryString(), body, response.getStatus(), Instant.now(), portal));
                } finally {
                    log.end(ticket);
                }
            }
        });
        registration.addUrlPatterns("/sandbox/hubspot/*", "/sandbox/jira/*");
        registration.setName("sandboxFaultsAndCallLog");
        registration.setOrder(0);
        return registration;
    }

    /** HubSpot's 429 for the limit that refused the call, with the headers and body HubSpot sends (FACTS H11, J10b). */
    static void writeHubSpotLimit(io.hubjira.sandbox.hubspot.HubSpotRateLimits.Verdict verdict, HttpServletResponse response) throws IOException {
        response.setStatus(429);
        response.setContentType("application/json;charset=utf-8");
        String policy = verdict.policy();
        String message = switch (policy) {
            case "DAILY" -> "You have reached your daily limit.";
            case "SECONDLY" -> "You have reached your secondly limit.";
            default -> "You have reached your ten_secondly_rolling limit.";
        };
        if (!policy.equals("DAILY")) {
            response.setHeader("Retry-After", "1");
        }
        if (policy.equals("TEN_SECONDLY_ROLLING")) {
            response.setHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
            response.setHeader("X-HubSpot-RateLimit-Max", String.valueOf(verdict.max()));
            response.setHeader("X-HubSpot-RateLimit-Remaining", "0");
        }
        dailyHeaders(verdict, response);
        response.getWriter().write("{\"status\":\"error\",\"message\":\"" + message + "\",\"errorType\":\"RATE_LIMIT\",\"correlationId\":\""
                + UUID.randomUUID() + "\",\"policyName\":\"" + policy + "\",\"groupName\":\"publicapi:app-api-calls:sandbox\",\"requestId\":\""
                + UUID.randomUUID() + "\"}");
    }

    /** The account's daily limit and what remains of it, on every answer (private-app tokens; not sent for OAuth). */
    private static void dailyHeaders(io.hubjira.sandbox.hubspot.HubSpotRateLimits.Verdict verdict, HttpServletResponse response) {
        if (verdict.dailyMax() > 0) {
            response.setHeader("X-HubSpot-RateLimit-Daily", String.valueOf(verdict.dailyMax()));
            response.setHeader("X-HubSpot-RateLimit-Daily-Remaining", String.valueOf(verdict.dailyRemaining()));
        }
    }

    /** Jira's 429: Retry-After in seconds, X-RateLimit-Reset to the minute, the limit and RateLimit-Reason (FACTS J11). */
    static void writeJiraLimit(String reason, int limit, String retryAfter, HttpServletResponse response) throws IOException {
        response.setStatus(429);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Retry-After", retryAfter);
        long retryAfterSeconds = retryAfter.trim().matches("\\d+") ? Long.parseLong(retryAfter.trim()) : 1;
        response.setHeader("X-RateLimit-Limit", String.valueOf(limit));
        response.setHeader("X-RateLimit-Remaining", "0");
        Instant reset = Instant.now().plusSeconds(retryAfterSeconds + 59).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        response.setHeader("X-RateLimit-Reset", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").format(reset.atZone(ZoneOffset.UTC)));
        response.setHeader("RateLimit-Reason", reason);
        response.getOutputStream().write("{\"errorMessages\":[\"Rate limit exceeded.\"],\"errors\":{}}".getBytes(StandardCharsets.UTF_8));
    }

    static void writeFault(String api, int status, String retryAfter, HttpServletResponse response) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        String correlation = UUID.randomUUID().toString();
        String body;
        if (api.equals("hubspot")) {
            if (status == 429) {
                response.setHeader("Retry-After", retryAfter);
                response.setHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
                response.setHeader("X-HubSpot-RateLimit-Max", "100");
                response.setHeader("X-HubSpot-RateLimit-Remaining", "0");
                body = "{\"status\":\"error\",\"message\":\"You have reached your ten_secondly_rolling limit.\",\"errorType\":\"RATE_LIMIT\","
                        + "\"correlationId\":\"" + correlation + "\",\"policyName\":\"TEN_SECONDLY_ROLLING\",\"groupName\":\"publicapi:app-api-calls:sandbox\"}";
            } else {
                // the error body HubSpot sends with each status (category as in its published error shapes)
                String[] category = switch (status) {
                    case 400 -> new String[] {"VALIDATION_ERROR", "Property values were not valid (injected fault)"};
                    case 401 -> new String[] {"INVALID_AUTHENTICATION", "Authentication credentials not found."};
                    case 403 -> new String[] {"MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call."};
                    case 404 -> new String[] {"OBJECT_NOT_FOUND", "resource not found"};
                    case 409 -> new String[] {"CONFLICT", "Conflict (injected fault)"};
                    default -> new String[] {"INTERNAL_ERROR", "internal error"};
                };
                body = "{\"status\":\"error\",\"message\":\"" + category[1] + "\",\"correlationId\":\"" + correlation + "\",\"category\":\""
                        + category[0] + "\"}";
            }
        } else {
            if (status == 429) {
                writeJiraLimit("jira-burst-based", 100, retryAfter, response);
                return;
            } else {
                body = switch (status) {
                    case 400 -> "{\"errorMessages\":[],\"errors\":{\"summary\":\"The value was refused (injected fault).\"}}";
                    case 401 -> "{\"errorMessages\":[\"You are not authenticated. Authentication required to perform this operation.\"],\"errors\":{}}";
                    case 403 -> "{\"errorMessages\":[\"You do not have permission to perform this operation.\"],\"errors\":{}}";
                    case 404 -> "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],\"errors\":{}}";
                    default -> "{\"errorMessages\":[\"Internal server error\"],\"errors\":{}}";
                };
            }
        }
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
