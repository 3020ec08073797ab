package io.hubjira.queue;

import java.time.OffsetDateTime;

/**
 * One round's claim on queue rows: the instance that took them, the fencing token they were taken with (never given
 * to another round), when, and until when unless the heartbeat renews it. Every write that settles a claimed row names
 * the worker and the token, so a round that lost its rows settles nothing.
 */
public record QueueClaim(String worker, long token, OffsetDateTime now, OffsetDateTime until) {}
