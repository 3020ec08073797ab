package io.hubjira.jira;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubjira.jira.JiraIssue.FieldChange;

/**
 * A Jira webhook delivery (admin webhooks send REST v2 bodies: comment bodies and descriptions are wiki markup).
 * Changelog items are matched on fieldId (field names vary in spelling and language); comment events carry no top-level
 * user, so their author is the comment's; attachment events may lack their issue.
 */
public record JiraWebhookEvent(String type, long timestamp, String userAccountId, String issueId, String issueKey,
                               List<FieldChange> changes, Comment comment, Attachment attachment) {

    public static final String ISSUE_CREATED = "jira:issue_created";
    public static final String ISSUE_UPDATED = "jira:issue_updated";
    public static final String ISSUE_DELETED = "jira:issue_deleted";
    public static final String COMMENT_CREATED = "comment_created";
    public static final String COMMENT_UPDATED = "comment_updated";
    public static final String ATTACHMENT_CREATED = "attachment_created";

    public JiraWebhookEvent {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** The comment of a comment event: its body as the delivery has it (wiki markup, or ADF), author and last editor. */
    public record Comment(String id, String wikiBody, JsonNode adfBody, JiraUser author, JiraUser updateAuthor) {}

    public record Attachment(String id, String filename, Long size, String mimeType, String authorAccountId) {}

    /** A delivery that is not a JSON object with a webhookEvent, naming what is wrong. */
    public static class MalformedDelivery extends RuntimeException {
        public MalformedDelivery(String message) {
            super(message);
        }
    }

    public static JiraWebhookEvent parse(JsonNode event, long receivedAtMillis) {
        if (event == null || !event.isObject()) {
            throw new MalformedDelivery("The webhook body must be a JSON object with a webhookEvent.");
        }
        String type = event.path("webhookEvent").asText("");
        if (type.isEmpty()) {
            throw new MalformedDelivery("The webhook body has no webhookEvent field.");
        }
        JsonNode issue = event.path("issue");
        List<FieldChange> changes = new ArrayList<>();
        for (JsonNode item : event.path("changelog").path("items")) {
            changes.add(new FieldChange(text(item, "fieldId"), text(item, "field"), text(item, "from"), text(item, "to"),
                    text(item, "fromString"), text(item, "toString")));
        }
        Comment comment = null;
        JsonNode c = event.path("comment");
        if (c.isObject()) {
            JsonNode body = c.path("body");
            comment = new Comment(text(c, "id"), body.isTextual() ? body.asText() : null, body.isObject() ? body : null,
                    user(c.path("author")), user(c.path("updateAuthor")));
        }
        Attachment attachment = null;
        JsonNode a = event.path("attachment");
        if (a.isObject()) {
            attachment = new Attachment(text(a, "id"), text(a, "filename"), a.hasNonNull("size") ? a.get("size").asLong() : null,
                    text(a, "mimeType"), text(a.path("author"), "accountId"));
        }
        String issueId = text(issue, "id");
        if (issueId == null) {
            issueId = text(a, "issueId");
        }
        return new JiraWebhookEvent(type, event.path("timestamp").asLong(receivedAtMillis), text(event.path("user"), "accountId"),
                issueId, text(issue, "key"), changes, comment, attachment);
    }

    /** Who caused it: the user of issue events, the (last) author of a comment, the attachment's author. */
    public String actorAccountId() {
        if (type.startsWith("comment_") && comment != null) {
            JiraUser who = type.equals(COMMENT_UPDATED) && comment.updateAuthor() != null ? comment.updateAuthor() : comment.author();
            return who == null ? null : who.accountId();
        }
        if (type.startsWith("attachment_") && attachment != null) {
            return attachment.authorAccountId();
        }
        return userAccountId;
    }

    /** The issue this event is about (id when known, else key). */
    /** What kind of event this is for the connector, or null when it does not handle it. */
    public JiraEventKind kind() {
        return JiraEventKind.of(type).orElse(null);
    }

    public boolean handled() {
        return kind() != null;
    }

    public String issueIdOrKey() {
        return issueId != null ? issueId : issueKey;
    }

    private static JiraUser user(JsonNode u) {
        return u.isObject() ? new JiraUser(text(u, "accountId"), text(u, "displayName"), text(u, "emailAddress"), null) : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
