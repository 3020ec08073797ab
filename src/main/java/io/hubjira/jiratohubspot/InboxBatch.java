package io.hubjira.jiratohubspot;

import java.util.List;

import io.hubjira.jira.JiraWebhookEvent;
import io.hubjira.queue.InboxEvent;

/**
 * The inbox events one cycle claimed, per issue. An issue's field events ({@code jira:issue_*}) are handled as one unit
 * (one read of the issue, one HubSpot write of what changed); its comment and attachment events one by one, in order.
 */
public record InboxBatch(List<IssueEvents> issues) {

    /** An issue (its claim key: the issue id, or the event for one that names none) on the site of a Jira connection. */
    public record IssueOfSite(long jiraConnectionId, String claimKey) {}

    /**
     * One issue's claimed events on one site: the field events with their parsed payloads, and the events handled one
     * by one.
     */
    public record IssueEvents(IssueOfSite issue, String issueIdOrKey, List<Parsed> updates, List<InboxEvent> individual) {
        public IssueEvents {
            updates = List.copyOf(updates);
            individual = List.copyOf(individual);
        }
    }

    public record Parsed(InboxEvent event, JiraWebhookEvent payload) {}

    public InboxBatch {
        issues = List.copyOf(issues);
    }

    public boolean isEmpty() {
        return issues.isEmpty();
    }

    /** The issues that have field events. */
    public List<IssueEvents> withUpdates() {
        return issues.stream().filter(i -> !i.updates().isEmpty()).toList();
    }

    /** The events handled one by one, per issue (issues run in parallel, each issue's events in order). */
    public List<List<InboxEvent>> individualGroups() {
        return issues.stream().map(IssueEvents::individual).filter(l -> !l.isEmpty()).toList();
    }

    public int size() {
        return issues.stream().mapToInt(i -> i.updates().size() + i.individual().size()).sum();
    }
}
