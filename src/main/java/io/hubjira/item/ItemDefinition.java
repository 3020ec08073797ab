package io.hubjira.item;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

/**
 * What an admin (or application.yaml) declares for a Smart Connected Item. Absent lists and maps mean empty;
 * absent switches mean off, except {@code enabled} (on).
 *
 * @param jiraProjects  project keys: several for display-only items, exactly one for synchronized items
 * @param jiraIssueType the issue type id (synchronized items)
 * @param statusMapping HubSpot stage id → Jira status name; stages left out get the default by status category
 */
public record ItemDefinition(
        @Size(max = 200, message = LIMIT) String name,
        SyncMode mode,
        @Size(max = 40, message = LIMIT) String hubspotModule,
        @Size(max = 100, message = LIMIT) String hubspotObject,
        @Size(max = 19, message = "must name at most {max} projects") List<@Size(max = 100, message = LIMIT) String> jiraProjects,
        @Size(max = 50, message = LIMIT) String jiraIssueType,
        @Size(max = 500, message = "must name at most {max} fields") List<@Size(max = 200, message = LIMIT) String> displayFields,
        @Size(max = 500, message = "must hold at most {max} mappings") List<@Valid FieldMapping> fieldMappings,
        Boolean autoCreate,
        Boolean associatedRecords,
        Boolean statusSync,
        Map<@Size(max = 100, message = LIMIT) String, @Size(max = 200, message = LIMIT) String> statusMapping,
        Boolean commentsSync,
        Boolean attachmentsSync,
        @Valid ConditionalRule rule,
        Boolean enabled,
        @Valid RecordFilter filter,
        Boolean remoteLink,
        @Size(max = 200, message = LIMIT) String issueKeyProperty,
        @Valid MatchRule match,
        @Valid Lifecycle lifecycle,
        @Size(max = 100, message = LIMIT) String hubspotConnection,
        @Size(max = 100, message = LIMIT) String jiraConnection) {

    /** The length limits are the stored columns' (see the Flyway schema). */
    static final String LIMIT = "must be at most {max} characters";

    public ItemDefinition {
        jiraProjects = jiraProjects == null ? List.of() : List.copyOf(jiraProjects);
        displayFields = displayFields == null ? List.of() : List.copyOf(displayFields);
        fieldMappings = fieldMappings == null ? List.of() : List.copyOf(fieldMappings);
        statusMapping = statusMapping == null ? Map.of() : Map.copyOf(statusMapping);
    }

    public boolean isAutoCreate() {
        return Boolean.TRUE.equals(autoCreate);
    }

    public boolean isAssociatedRecords() {
        return Boolean.TRUE.equals(associatedRecords);
    }

    public boolean isStatusSync() {
        return Boolean.TRUE.equals(statusSync);
    }

    public boolean isCommentsSync() {
        return Boolean.TRUE.equals(commentsSync);
    }

    public boolean isAttachmentsSync() {
        return Boolean.TRUE.equals(attachmentsSync);
    }

    /** The record filter; an empty one (every record) when none is set. */
    public RecordFilter recordFilter() {
        return filter == null ? new RecordFilter(null, null, null) : filter;
    }

    /**
     * Whether each linked issue carries a Jira remote link to its HubSpot record: off unless asked for, since each costs
     * one Jira call (Jira has no bulk remote-link API); without it the issue's description names the record.
     */
    public boolean hasRemoteLink() {
        return Boolean.TRUE.equals(remoteLink);
    }

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    /** The single Jira project of a synchronized item. */
    public String jiraProject() {
        return jiraProjects.isEmpty() ? null : jiraProjects.get(0);
    }

    public ItemDefinition withMappingsAndStatus(List<FieldMapping> mappings, Map<String, String> statuses) {
        return new ItemDefinition(name, mode, hubspotModule, hubspotObject, jiraProjects, jiraIssueType, displayFields,
                mappings, autoCreate, associatedRecords, statusSync, statuses, commentsSync, attachmentsSync, rule, enabled, filter, remoteLink, issueKeyProperty, match, lifecycle, hubspotConnection, jiraConnection);
    }

    /** The same definition naming the connections it is bound to. */
    public ItemDefinition withConnections(String hubspotConnectionName, String jiraConnectionName) {
        return new ItemDefinition(name, mode, hubspotModule, hubspotObject, jiraProjects, jiraIssueType, displayFields, fieldMappings,
                autoCreate, associatedRecords, statusSync, statusMapping, commentsSync, attachmentsSync, rule, enabled, filter, remoteLink,
                issueKeyProperty, match, lifecycle, hubspotConnectionName, jiraConnectionName);
    }
}
