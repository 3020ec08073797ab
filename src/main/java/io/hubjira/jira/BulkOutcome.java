package io.hubjira.jira;

import java.time.Instant;

/**
 * What Jira did with one draft of a bulk create: the issue it created (read back, with its labels and status), why it
 * refused the element, or — the answer was lost — nothing known yet: the draft's marker was not visible in Jira's search
 * when it was looked for ({@code absentSince}: when that search ran; null when the search itself failed).
 */
public record BulkOutcome(int index, JiraIssue issue, String error, Instant absentSince) {

    public enum State { CREATED, REFUSED, UNCONFIRMED }

    static BulkOutcome created(int index, JiraIssue issue) {
        return new BulkOutcome(index, issue, null, null);
    }

    static BulkOutcome refused(int index, String error) {
        return new BulkOutcome(index, null, error, null);
    }

    static BulkOutcome unconfirmed(int index, Instant absentSince) {
        return new BulkOutcome(index, null, null, absentSince);
    }

    public State state() {
        return issue != null ? State.CREATED : error != null ? State.REFUSED : State.UNCONFIRMED;
    }

    public boolean created() {
        return issue != null;
    }
}
