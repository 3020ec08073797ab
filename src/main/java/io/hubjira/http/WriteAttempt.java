package io.hubjira.http;

/**
 * Whether a non-idempotent write is sent for the first time, or resumed: its reservation was found again after a
 * crash, a stop or a failure, so it may have happened already and its marker is looked up before anything is sent.
 */
public enum WriteAttempt {
    FIRST,
    RESUMED
}
