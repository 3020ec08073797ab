package io.hubjira.jira;

/** What Jira did with one draft of a bulk create: the issue it created, or why it refused the element. */
public record BulkOutcome(int index, IssueRef issue, String error) {

    public boolean created() {
        return issue != null;
    }
}
