package io.hubjira.http;

/** The external APIs the connector calls; used for rate limits, retries and call metrics. */
public enum ApiName {
    HUBSPOT("hubspot"),
    JIRA("jira");

    private final String tag;

    ApiName(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
