package io.hubjira.hubspottojira;

import java.util.List;

import io.hubjira.audit.AuditLog;
import io.hubjira.catalog.JiraMetadata.FieldInfo;
import io.hubjira.hubspot.HubSpotRecord;
import io.hubjira.item.MatchRule;
import io.hubjira.jira.JiraIssue;
import io.hubjira.jira.Jql;
import io.hubjira.link.LinkStore;
import io.hubjira.sync.ItemContext;
import org.springframework.stereotype.Component;

/**
 * Before an issue is created for a new record, the issue that may already stand for it: one Jira search by the item's
 * match rule ({@code ~} for text fields, as Jira takes no {@code =} there, then compared exactly here), leaving out
 * issues the item has linked already. Search lags behind writes: the candidates it shows are read again reconciled and
 * compared on their current values, and finding none is not final until the search has had time to catch up (the
 * record waits, see {@link RecordSync}). Only for items with a match rule; a bulk connect does the same for all records
 * at once from one read of the project.
 */
@Component
public class IssueMatcher {

    static final java.util.regex.Pattern ISSUE_KEY = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]*-\\d+");

    private final LinkStore links;
    private final AuditLog audit;
    private final java.time.Duration searchConsistency;

    public IssueMatcher(LinkStore links, AuditLog audit, io.hubjira.config.ConnectorProperties props) {
        this.links = links;
        this.audit = audit;
        this.searchConsistency = props.jira().searchConsistency();
    }

    /** The record's value for the rule ("" when it has none). */
    public static String value(MatchRule rule, HubSpotRecord record) {
        return rule.hubspotProperty().equals(HubSpotRecord.OBJECT_ID) ? record.id() : record.property(rule.hubspotProperty()).trim();
    }

    /** The unlinked issues of the item's project whose match field equals the record's value. */
    public List<JiraIssue> candidates(ItemContext ctx, HubSpotRecord record) {
        MatchRule rule = ctx.definition().match();
        String value = value(rule, record);
        if (value.isEmpty() || (rule.byIssueKey() && !ISSUE_KEY.matcher(value).matches())) {
            return List.of();
        }
        Jql query;
        if (rule.byIssueKey()) {
            query = Jql.projectIs(ctx.project()).andFieldEquals("key", value);
        } else {
            FieldInfo field = ctx.jiraFields().get(rule.jiraField());
            boolean text = field == null || field.schema() == null || "string".equals(field.schema().type());
            query = text ? Jql.projectIs(ctx.project()).andFieldContains(rule.jiraField(), value)
                    : Jql.projectIs(ctx.project()).andFieldEquals(rule.jiraField(), value);
        }
        String wanted = MatchRule.normalized(value);
        List<String> matchField = rule.byIssueKey() ? List.of("summary") : List.of(rule.jiraField());
        List<String> found = ctx.jira().client().searchAll(query, matchField).stream().map(JiraIssue::id).toList();
        if (found.isEmpty()) {
            return List.of();
        }
        // search may show an issue as it was before an edit: the candidates are read again, reconciled (current), and
        // compared on what they hold now; the read also returns the mapped fields and the status, so a link made to the
        // issue remembers what both sides already agree on
        return ctx.jira().client().issuesNow(found, issueFields(ctx)).stream()
                .filter(i -> wanted.equals(MatchRule.normalized(rule.byIssueKey() ? i.key() : i.fieldText(rule.jiraField()))))
                .filter(i -> links.byIssue(ctx.itemId(), i.key()).isEmpty())
                .toList();
    }

    /** Several issues match the record: audited, nothing linked or created (a person links one in the issue panel). */
    public void conflict(ItemContext ctx, HubSpotRecord record, List<JiraIssue> candidates) {
        List<String> keys = candidates.stream().map(JiraIssue::key).toList();
        audit.record(ctx.itemId(), record.id(), null, AuditLog.Direction.HUBSPOT_TO_JIRA, "MATCH_CONFLICT", List.of(ctx.definition().match().jiraField()),
                AuditLog.Outcome.SKIPPED, keys.size() + " Jira issues match " + ctx.definition().match().jiraField() + " = '"
                        + value(ctx.definition().match(), record) + "': " + String.join(", ", keys) + "; no issue created (link one by hand in the issue panel)");
    }

    /** How long Jira's search may lag: a record whose match search found nothing waits this long before its issue is created. */
    public java.time.Duration searchConsistency() {
        return searchConsistency;
    }

    /**
     * The fields a match reads: the match field, and the mapped fields and the status, so a link made to the issue
     * can remember what both sides already agree on (a longer answer, not another call).
     */
    static List<String> issueFields(ItemContext ctx) {
        MatchRule rule = ctx.definition().match();
        java.util.Set<String> fields = new java.util.LinkedHashSet<>();
        fields.add(rule.byIssueKey() ? "summary" : rule.jiraField());
        ctx.definition().fieldMappings().forEach(m -> fields.add(m.jiraField()));
        fields.add("status");
        return List.copyOf(fields);
    }
}
