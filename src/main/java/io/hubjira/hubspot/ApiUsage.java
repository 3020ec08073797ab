package io.hubjira.hubspot;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A daily API usage counter of the portal (private-app style credentials): calls so far of the daily limit. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiUsage(String name, Long usageLimit, Long currentUsage, Instant resetsAt, Instant collectedAt) {}
