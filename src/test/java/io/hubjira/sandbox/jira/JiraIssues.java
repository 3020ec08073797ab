package io.hubjira.sandbox.jira;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubjira.sandbox.jira.JiraSandbox.FieldDef;
import io.hubjira.sandbox.jira.JiraSandbox.Issue;
import io.hubjira.sandbox.jira.JiraSandbox.Status;
import io.hubjira.sandbox.jira.JiraSandbox.Transition;
import io.hubjira.sandbox.jira.JiraSandbox.User;

/** Issue operations with Jira's validation and changelog, shared by the REST endpoints and the test helpers. */
public final class JiraIssues {

    private JiraIssues() {}

    static Issue createDirect(JiraSandbox s, String projectKey, String typeId, String summary, String statusId) {
        ObjectNode fields = s.json.createObjectNode();
        fields.put("summary", summary);
        Issue issue = new Issue(s.nextId(), s.nextKey(projectKey), projectKey, fields);
        issue.issueTypeId = typeId;
        issue.statusId = statusId;
        issue.created = Instant.now();
        issue.updated = issue.created;
        issue.statusCategoryChanged = issue.created;
        fields.putArray("labels");
        s.issues.put(issue.id, issue);
        s.indexed(issue);
        return issue;
    }

    /** POST /issue: validates like Jira (400 with errors per field) and fires jira:issue_created. */
    public static Issue create(JiraSandbox s, JsonNode body) {
        JsonNode f = body.path("fields");
        Map<String, String> errors = new LinkedHashMap<>();
        String projectRef = f.path("project").path("key").asText(f.path("project").path("id").asText(null));
        var project = projectRef == null ? null : s.project(projectRef).orElse(null);
        if (project == null) {
            errors.put("project", "Specify a valid project ID or key");
        }
        String typeId = f.path("issuetype").path("id").asText(null);
        if (typeId == null && f.path("issuetype").hasNonNull("name") && project != null) {
            typeId = s.issueTypes.get(project.key()).stream().filter(t -> t[1].equalsIgnoreCase(f.path("issuetype").path("name").asText()))
                    .map(t -> t[0]).findFirst().orElse(null);
        }
        String finalType = typeId;
        if (project != null && (typeId == null || s.issueTypes.get(project.key()).stream().noneMatch(t -> t[0].equals(finalType)))) {
            errors.put("issuetype", "Specify an issue type");
        }
        if (!errors.isEmpty()) {
            throw JiraError.fields(errors);
        }
        ObjectNode values = s.json.createObjectNode();
        List<FieldDef> defs = s.fieldsFor(typeId);
        Iterator<Map.Entry<String, JsonNode>> it = f.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equals("project") || e.getKey().equals("issuetype") || e.getKey().equals("reporter")) {
                continue;
            }
            FieldDef def = defs.stream().filter(d -> d.id().equals(e.getKey())).findFirst().orElse(null);
            if (def == null) {
                errors.put(e.getKey(), "Field '" + e.getKey() + "' cannot be set. It is not on the appropriate screen, or unknown.");
                continue;
            }
            String problem = JiraValues.problem(s, def, e.getValue());
            if (problem != null) {
                errors.put(e.getKey(), problem);
                continue;
            }
            values.set(e.getKey(), JiraValues.stored(s, def, e.getValue()));
        }
        for (FieldDef def : defs) {
            JsonNode v = values.get(def.id());
            if (def.required() && (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank()))) {
                errors.putIfAbsent(def.id(), def.id().equals("summary") ? "You must specify a summary of the issue." : def.name() + " is required.");
            }
        }
        if (!errors.isEmpty()) {
            throw JiraError.fields(errors);
        }
        Issue issue = new Issue(s.nextId(), s.nextKey(project.key()), project.key(), values);
        issue.issueTypeId = typeId;
        issue.statusId = "10000";
        issue.created = Instant.now();
        issue.updated = issue.created;
        issue.statusCategoryChanged = issue.created;
        if (!values.has("labels")) {
            values.putArray("labels");
        }
        s.issues.put(issue.id, issue);
        ArrayNode items = s.json.createArrayNode();
        values.fields().forEachRemaining(e -> items.add(item(s, e.getKey(), null, null, e.getValue().isTextual() ? e.getValue().asText() : null,
                e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString())));
        items.add(item(s, "status", null, null, "10000", "To Do"));
        addHistory(s, issue, items);
        s.fire("jira:issue_created", issue, null, items, "issue_created");
        return issue;
    }

    /** PUT /issue: fields and update operations (set/add/remove); status changes are ignored, as Jira ignores them. */
    public static void edit(JiraSandbox s, Issue issue, JsonNode body) {
        List<FieldDef> defs = s.fieldsFor(issue.issueTypeId);
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, JsonNode> changes = new LinkedHashMap<>();
        body.path("fields").fields().forEachRemaining(e -> {
            FieldDef def = defs.stream().filter(d -> d.id().equals(e.getKey())).findFirst().orElse(null);
            if (def == null) {
                errors.put(e.getKey(), "Field '" + e.getKey() + "' cannot be set. It is not on the appropriate screen, or unknown.");
                return;
            }
            String problem = JiraValues.problem(s, def, e.getValue());
            if (problem != null) {
                errors.put(e.getKey(), problem);
                return;
            }
            if (def.required() && (e.getValue().isNull() || (e.getValue().isTextual() && e.getValue().asText().isBlank()))) {
                errors.put(e.getKey(), def.id().equals("summary") ? "You must specify a summary of the issue." : def.name() + " is required.");
                return;
            }
            changes.put(e.getKey(), JiraValues.stored(s, def, e.getValue()));
        });
        body.path("update").fields().forEachRemaining(e -> {
            if (!e.getKey().equals("labels")) {
                errors.put(e.getKey(), "Only labels support update operations in this site.");
                return;
            }
            ArrayNode labels = issue.fields.has("labels") ? ((ArrayNode) issue.fields.get("labels")).deepCopy() : s.json.createArrayNode();
            for (JsonNode op : e.getValue()) {
                if (op.has("set")) {
                    labels = (ArrayNode) op.get("set").deepCopy();
                }
                if (op.has("add") && !ArrayNodes.contains(labels, op.get("add").asText())) {
                    labels.add(op.get("add").asText()); // labels are a set: adding one the issue has changes nothing
                }
                if (op.has("remove")) {
                    for (int i = labels.size() - 1; i >= 0; i--) {
                        if (labels.get(i).asText().equals(op.get("remove").asText())) {
                            labels.remove(i);
                        }
                    }
                }
            }
            changes.put("labels", labels);
        });
        if (!errors.isEmpty()) {
            throw JiraError.fields(errors);
        }
        ArrayNode items = s.json.createArrayNode();
        changes.forEach((id, value) -> {
            JsonNode before = issue.fields.get(id);
            if (before != null && before.equals(value)) {
                return;
            }
            items.add(item(s, id, text(before), text(before), text(value), text(value)));
            issue.fields.set(id, value);
        });
        if (!items.isEmpty()) {
            issue.updated = Instant.now();
            addHistory(s, issue, items);
            s.fire("jira:issue_updated", issue, null, items, "issue_updated");
        }
    }

    public static void transition(JiraSandbox s, Issue issue, String transitionId) {
        Transition t = s.transitions().stream().filter(x -> x.id().equals(transitionId) && x.from().equals(issue.statusId)).findFirst()
                .orElseThrow(() -> JiraError.of(400, "Transition id '" + transitionId + "' is not valid for this issue."));
        Status from = JiraSandbox.STATUSES.get(issue.statusId);
        Status to = JiraSandbox.STATUSES.get(t.to());
        issue.statusId = to.id();
        issue.updated = Instant.now();
        if (!from.categoryKey().equals(to.categoryKey())) {
            issue.statusCategoryChanged = issue.updated;
        }
        ArrayNode items = s.json.createArrayNode();
        items.add(item(s, "status", from.id(), from.name(), to.id(), to.name()));
        addHistory(s, issue, items);
        s.fire("jira:issue_updated", issue, null, items, "issue_generic");
    }

    public static ObjectNode addComment(JiraSandbox s, Issue issue, JsonNode adfBody, String base) {
        checkCommentBody(s, adfBody);
        return storeComment(s, issue, adfBody, base);
    }

    /**
     * A comment as Jira holds it, whatever its length: one that is there already (imported, or written before the
     * limit) and is delivered like a new one. The API's own path is {@link #addComment}.
     */
    public static ObjectNode storeComment(JiraSandbox s, Issue issue, JsonNode adfBody, String base) {
        User author = s.actor();
        ObjectNode c = s.json.createObjectNode();
        String id = s.nextId();
        String now = JiraSandbox.time(Instant.now());
        c.put("self", base + "/rest/api/3/issue/" + issue.id + "/comment/" + id);
        c.put("id", id);
        c.set("author", s.userJson(author, base));
        c.set("body", adfBody);
        c.set("updateAuthor", s.userJson(author, base));
        c.put("created", now);
        c.put("updated", now);
        c.put("jsdPublic", true);
        issue.comments.add(c);
        issue.updated = Instant.now();
        s.fire("comment_created", issue, s.json.createObjectNode().set("comment", c), null, null);
        return c;
    }

    public static ObjectNode updateComment(JiraSandbox s, Issue issue, String commentId, JsonNode adfBody, String base) {
        ObjectNode c = issue.comments.stream().filter(x -> x.path("id").asText().equals(commentId)).findFirst()
                .orElseThrow(() -> JiraError.of(404, "Can not find a comment for the id: " + commentId + "."));
        checkCommentBody(s, adfBody);
        c.set("body", adfBody);
        c.set("updateAuthor", s.userJson(s.actor(), base));
        c.put("updated", JiraSandbox.time(Instant.now()));
        issue.updated = Instant.now();
        s.fire("comment_updated", issue, s.json.createObjectNode().set("comment", c), null, null);
        return c;
    }

    /** An ADF document within the comment limit (counted on its JSON), or Jira's 400 naming "comment". */
    private static void checkCommentBody(JiraSandbox s, JsonNode adfBody) {
        if (!adfBody.isObject() || !"doc".equals(adfBody.path("type").asText())) {
            throw JiraError.fields(Map.of("comment", "Comment body is not valid: Operation value must be an Atlassian Document (see the Atlassian Document Format)"));
        }
        if (s.jsonLength(adfBody) > JiraSandbox.TEXT_LIMIT) {
            throw JiraError.fields(Map.of("comment", JiraValues.tooLong(JiraSandbox.TEXT_LIMIT)));
        }
    }

    public static void deleteComment(JiraSandbox s, Issue issue, String commentId) {
        ObjectNode c = issue.comments.stream().filter(x -> x.path("id").asText().equals(commentId)).findFirst()
                .orElseThrow(() -> JiraError.of(404, "Can not find a comment for the id: " + commentId + "."));
        issue.comments.remove(c);
        s.fire("comment_deleted", issue, s.json.createObjectNode().set("comment", c), null, null);
    }

    public static ObjectNode addAttachment(JiraSandbox s, Issue issue, String filename, String mimeType, byte[] bytes, String base) {
        String id = s.nextId();
        User author = s.actor();
        ObjectNode a = s.json.createObjectNode();
        a.put("self", base + "/rest/api/3/attachment/" + id);
        a.put("id", id);
        a.put("filename", filename);
        a.set("author", s.userJson(author, base));
        a.put("created", JiraSandbox.time(Instant.now()));
        a.put("size", bytes.length);
        a.put("mimeType", mimeType == null ? "application/octet-stream" : mimeType);
        a.put("content", base + "/rest/api/3/attachment/content/" + id);
        issue.attachments.add(a);
        issue.attachmentBytes.put(id, bytes.clone());
        s.attachmentIssue.put(id, issue.id);
        issue.updated = Instant.now();
        // Jira fires attachment_created (without the issue: see JiraWebhookSender) and an issue update with an Attachment item
        s.fire("attachment_created", issue, s.json.createObjectNode().set("attachment", a), null, null);
        ArrayNode items = s.json.createArrayNode();
        items.add(item(s, "attachment", null, null, id, filename));
        addHistory(s, issue, items);
        s.fire("jira:issue_updated", issue, null, items, "issue_updated");
        return a;
    }

    static ObjectNode item(JiraSandbox s, String fieldId, String from, String fromString, String to, String toString) {
        ObjectNode i = s.json.createObjectNode();
        String display = switch (fieldId) {
            case "status" -> "status";
            case "attachment" -> "Attachment";
            case "labels" -> "labels";
            default -> s.field(fieldId).map(FieldDef::name).orElse(fieldId);
        };
        i.put("field", display);
        i.put("fieldtype", fieldId.startsWith("customfield_") ? "custom" : "jira");
        i.put("fieldId", fieldId);
        i.put("from", from);
        i.put("fromString", fromString);
        i.put("to", to);
        i.put("toString", toString);
        return i;
    }

    private static void addHistory(JiraSandbox s, Issue issue, ArrayNode items) {
        ObjectNode h = s.json.createObjectNode();
        h.put("id", s.nextId());
        h.set("author", s.userJson(s.actor(), ""));
        h.put("created", JiraSandbox.time(Instant.now()));
        h.set("items", items);
        issue.changelog.add(h);
    }

    private static final class ArrayNodes {
        static boolean contains(ArrayNode array, String value) {
            for (JsonNode n : array) {
                if (n.asText().equals(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.has("value")) {
            return n.get("value").asText();
        }
        if (n.has("name")) {
            return n.get("name").asText();
        }
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder();
            n.forEach(x -> sb.append(sb.isEmpty() ? "" : " ").append(x.isTextual() ? x.asText() : x.path("value").asText()));
            return sb.toString();
        }
        return n.toString();
    }
}
