package io.hubjira.sandbox;

import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Run-time knobs of the sandbox: fault injection per API and the call log. */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/control")
public class SandboxControlController {

    private final SandboxFaults faults;
    private final SandboxCallLog log;
    private final io.hubjira.sandbox.jira.JiraWebhookSender webhooks;
    private final io.hubjira.sandbox.hubspot.HubSpotRateLimits hubspotLimits;

    public SandboxControlController(SandboxFaults faults, SandboxCallLog log, io.hubjira.sandbox.jira.JiraWebhookSender webhooks,
                                    io.hubjira.sandbox.hubspot.HubSpotRateLimits hubspotLimits) {
        this.faults = faults;
        this.log = log;
        this.webhooks = webhooks;
        this.hubspotLimits = hubspotLimits;
    }

    public record FaultForm(Double rate429, String retryAfter, Double rate5xx, Integer status5xx, Long latencyMs, FailNextForm failNext) {}

    public record FailNextForm(int count, int status, String pathRegex) {}

    /** Lost responses: the next {@code count} {@code method} calls to paths matching {@code pathRegex} take effect, then
     * answer {@code status} (a 5xx) or, with {@code delayMs}, answer only after that long. */
    public record LostResponseForm(String method, String pathRegex, Integer count, Integer status, Long delayMs) {}

    @PostMapping("/{api}/faults/lost-responses")
    public Map<String, Object> loseResponses(@PathVariable String api, @RequestBody LostResponseForm form) {
        if (form.method() == null || form.pathRegex() == null) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.BAD_REQUEST,
                    "method and pathRegex are required");
        }
        int count = form.count() == null ? 1 : form.count();
        if (form.delayMs() != null && form.delayMs() > 0) {
            faults.answerLate(api, form.method(), form.pathRegex(), count, form.delayMs());
        } else {
            faults.loseResponses(api, form.method(), form.pathRegex(), count, form.status() == null ? 502 : form.status());
        }
        return Map.of("api", api, "method", form.method(), "pathRegex", form.pathRegex(), "count", count);
    }

    @GetMapping("/{api}/faults")
    public SandboxFaults.Settings faults(@PathVariable String api) {
        return faults.settings(api);
    }

    @PutMapping("/{api}/faults")
    public SandboxFaults.Settings setFaults(@PathVariable String api, @RequestBody FaultForm form) {
        SandboxFaults.Settings s = new SandboxFaults.Settings(form.rate429() == null ? 0 : form.rate429(),
                form.retryAfter() == null ? "1" : form.retryAfter(), form.rate5xx() == null ? 0 : form.rate5xx(),
                form.status5xx() == null ? 503 : form.status5xx(), form.latencyMs() == null ? 0 : form.latencyMs());
        faults.set(api, s);
        if (form.failNext() != null) {
            faults.failNext(api, form.failNext().count(), form.failNext().status(), form.failNext().pathRegex());
        }
        return s;
    }

    @DeleteMapping("/{api}/faults")
    public ResponseEntity<Void> clearFaults(@PathVariable String api) {
        faults.reset(api);
        return ResponseEntity.noContent().build();
    }

    /** Faults for one HubSpot portal's calls only (as the API-wide ones: rates, latency, fail-next). */
    @PutMapping("/hubspot/portals/{portalId}/faults")
    public SandboxFaults.Settings setPortalFaults(@PathVariable long portalId, @RequestBody FaultForm form) {
        return setFaults(SandboxFaults.hubspotPortal(portalId), form);
    }

    @DeleteMapping("/hubspot/portals/{portalId}/faults")
    public ResponseEntity<Void> clearPortalFaults(@PathVariable long portalId) {
        return clearFaults(SandboxFaults.hubspotPortal(portalId));
    }

    /** Limits of one HubSpot account's own (0 switches one off); the other portals keep the global ones. */
    @PutMapping("/hubspot/portals/{portalId}/rate-limit")
    public io.hubjira.sandbox.hubspot.HubSpotRateLimits.Limits setPortalLimits(@PathVariable long portalId,
                                                                             @RequestBody io.hubjira.sandbox.hubspot.HubSpotRateLimits.Limits limits) {
        hubspotLimits.setForPortal(portalId, limits.perTenSeconds(), limits.searchesPerSecond(), limits.daily());
        return limits;
    }

    @DeleteMapping("/hubspot/portals/{portalId}/rate-limit")
    public ResponseEntity<Void> clearPortalLimits(@PathVariable long portalId) {
        hubspotLimits.clearPortal(portalId);
        return ResponseEntity.noContent().build();
    }

    public record WebhookForm(String url, String secret, Boolean enabled) {}

    /** Where the simulated Jira delivers its webhooks (and whether it does). */
    @PutMapping("/jira/webhook")
    public Map<String, Object> jiraWebhook(@RequestBody WebhookForm form) {
        webhooks.configure(form.url(), form.secret());
        webhooks.setEnabled(form.enabled() == null || form.enabled());
        return Map.of("url", String.valueOf(form.url()), "enabled", form.enabled() == null || form.enabled());
    }

    @GetMapping("/jira/webhook/deliveries")
    public List<io.hubjira.sandbox.jira.JiraWebhookSender.Delivery> jiraDeliveries() {
        return webhooks.deliveries();
    }

    @GetMapping("/calls")
    public List<SandboxCallLog.Call> calls(@RequestParam(required = false) String api) {
        return log.calls(api);
    }

    @DeleteMapping("/calls")
    public ResponseEntity<Void> clearCalls() {
        log.clear();
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    public Map<String, Object> index() {
        return Map.of("hubspot", "/sandbox/hubspot", "jira", "/sandbox/jira", "faults", "/sandbox/control/{api}/faults",
                "portalFaults", "/sandbox/control/hubspot/portals/{portalId}/faults",
                "portalRateLimit", "/sandbox/control/hubspot/portals/{portalId}/rate-limit", "calls", "/sandbox/control/calls");
    }
}
