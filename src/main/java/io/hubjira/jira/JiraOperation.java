package io.hubjira.jira;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hubjira.http.PathSegments;

/** Every Jira Cloud REST v3 operation the connector uses, with its path and Jira's documented batch limits. */
public enum JiraOperation {

    MYSELF("GET", "/rest/api/3/myself", 0),
    USER("GET", "/rest/api/3/user", 0),
    USER_SEARCH("GET", "/rest/api/3/user/search", 0),
    /** Bulk permission check for a user (any user's: needs the Administer Jira global permission); 1,000 issues at most. */
    PERMISSIONS_CHECK("POST", "/rest/api/3/permissions/check", 1000),
    ISSUE_READ("GET", "/rest/api/3/issue/{issueIdOrKey}", 0),
    ISSUE_CREATE("POST", "/rest/api/3/issue", 0),
    ISSUE_BULK_CREATE("POST", "/rest/api/3/issue/bulk", 50),
    /** Bulk fetch: up to 100 issues by id or key, read directly (not through the search index), in ascending id order. */
    ISSUE_BULK_FETCH("POST", "/rest/api/3/issue/bulkfetch", 100),
    ISSUE_EDIT("PUT", "/rest/api/3/issue/{issueIdOrKey}", 0),
    TRANSITIONS_LIST("GET", "/rest/api/3/issue/{issueIdOrKey}/transitions", 0),
    TRANSITION("POST", "/rest/api/3/issue/{issueIdOrKey}/transitions", 0),
    /**
     * Bulk get workflows (a read, by project and issue type): needs the Administer Jira global permission, or Administer
     * projects / View (read-only) workflow in the project for project-scoped workflows; 401 otherwise.
     */
    WORKFLOWS_READ("POST", "/rest/api/3/workflows", 0),
    COMMENTS_LIST("GET", "/rest/api/3/issue/{issueIdOrKey}/comment", 100),
    COMMENT_READ("GET", "/rest/api/3/issue/{issueIdOrKey}/comment/{id}", 0),
    COMMENT_CREATE("POST", "/rest/api/3/issue/{issueIdOrKey}/comment", 0),
    COMMENT_UPDATE("PUT", "/rest/api/3/issue/{issueIdOrKey}/comment/{id}", 0),
    ATTACHMENT_CONTENT("GET", "/rest/api/3/attachment/content/{id}", 0),
    ATTACHMENTS_ADD("POST", "/rest/api/3/issue/{issueIdOrKey}/attachments", 60),
    REMOTE_LINK_UPSERT("POST", "/rest/api/3/issue/{issueIdOrKey}/remotelink", 0),
    /** Enhanced JQL search: up to 100 issues per page with fields (5,000 with ids only), up to 50 reconciled ids. */
    SEARCH("POST", "/rest/api/3/search/jql", 100),
    PROJECTS_SEARCH("GET", "/rest/api/3/project/search", 50),
    PROJECT_STATUSES("GET", "/rest/api/3/project/{projectIdOrKey}/statuses", 0),
    CREATEMETA_ISSUE_TYPES("GET", "/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes", 200),
    CREATEMETA_FIELDS("GET", "/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}", 200);

    /** Jira's limit of issue ids a search reconciles (read-after-write consistent). */
    public static final int MAX_RECONCILED = 50;
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)}");

    private final String method;
    private final String template;
    private final int batchLimit;

    JiraOperation(String method, String template, int batchLimit) {
        this.method = method;
        this.template = template;
        this.batchLimit = batchLimit;
    }

    public String method() {
        return method;
    }

    public String template() {
        return template;
    }

    public int batchLimit() {
        return batchLimit;
    }

    public String path(Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(name() + " needs {" + m.group(1) + "}");
            }
            m.appendReplacement(path, Matcher.quoteReplacement(PathSegments.encode(value)));
        }
        m.appendTail(path);
        return path.toString();
    }
}
