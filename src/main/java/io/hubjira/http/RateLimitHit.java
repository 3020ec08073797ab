package io.hubjira.http;

/** Which of an API's limits a 429 reports, so the shared rate budget pauses exactly that budget. */
public enum RateLimitHit {
    /** the account's request rate: HubSpot's rolling 10 seconds (TEN_SECONDLY_ROLLING), Jira's burst or quota limits */
    RATE,
    /** HubSpot's CRM search limit, per second */
    SEARCH,
    /** HubSpot's daily limit, reset at midnight in the account's time zone */
    DAILY,
    /** Jira's writes to one issue ({@code jira-per-issue-on-write}): only that writes wait */
    WRITES_TO_ONE_RESOURCE
}
