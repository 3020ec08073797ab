package io.hubjira.sync;

/**
 * The marker texts of notes and comments the connector writes: the prefix, so it never syncs its own writing back,
 * and per write a marker naming what it stands for, by which a write that may or may not have happened (a lost
 * answer, a crash) is found again instead of being made twice. Markers end with ')' so none is a prefix of another.
 */
public final class ConnectorNotes {

    public static final String PREFIX = "[HubSpot Connector for Jira]";
    public static final String ISSUE_LINK_NOTE = PREFIX + " Issue link note";
    public static final String COMMENT_SYNC_NOTE = PREFIX + " Comment sync note";
    public static final String ATTACHMENT_SYNC_NOTE = PREFIX + " Jira attachment sync note";
    public static final String FROM_HUBSPOT = PREFIX + " From HubSpot";
    public static final String ATTACHMENT_SYNCED = PREFIX + " Attachment synced from HubSpot";

    private ConnectorNotes() {}

    /** True for any text the connector wrote (notes in HubSpot, comments in Jira). */
    public static boolean isConnectorText(String text) {
        return text != null && text.contains(PREFIX);
    }

    /** In the Jira comment made from a HubSpot note. */
    public static String hubspotNoteMarker(String noteId) {
        return "(HubSpot note " + noteId + ")";
    }

    /** In the Jira comment announcing an attachment copied from a HubSpot file. */
    public static String hubspotFileMarker(String fileId) {
        return "(HubSpot file " + fileId + ")";
    }

    /** In the HubSpot note made from a Jira comment. */
    public static String jiraCommentMarker(String commentId) {
        return "(Jira comment " + commentId + ")";
    }

    /** In the HubSpot note carrying a file copied from a Jira attachment. */
    public static String jiraAttachmentMarker(String attachmentId) {
        return "(Jira attachment " + attachmentId + ")";
    }

    /** In the HubSpot note telling a record its Jira issue was deleted. */
    public static final String ISSUE_DELETED_NOTE = PREFIX + " Jira issue deleted";

    public static String issueDeletedMarker(String issueKey) {
        return ISSUE_DELETED_NOTE + " (" + issueKey + ")";
    }

    /** In the HubSpot "Issue link note" of a record linked to this issue. */
    public static String issueLinkMarker(String issueKey) {
        return ISSUE_LINK_NOTE + " (" + issueKey + ")";
    }

    /**
     * The label that marks the issue an item created for a record, searchable in Jira after a crash or a lost answer:
     * it names the portal, the object, the record and the item, so two items sharing an object and a project never take
     * each other's issue for their own.
     */
    public static String recordMarkerLabel(long portalId, String objectType, long itemId, String recordId) {
        return "hubspot-" + portalId + "-item" + itemId + "-" + objectLabelPart(objectType) + "-" + recordId;
    }

    /** The marker label of issues created before markers named the item (looked for only for reservations of that time). */
    public static String legacyRecordMarkerLabel(long portalId, String objectType, String recordId) {
        return "hubspot-" + portalId + "-" + objectLabelPart(objectType) + "-" + recordId;
    }

    private static String objectLabelPart(String objectType) {
        return objectType.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static final java.util.regex.Pattern MARKER_LABEL = java.util.regex.Pattern.compile("hubspot-\\d+-(item\\d+-)?[A-Za-z0-9_-]+-\\d+");

    /** Whether a Jira label is a record marker label (of any item, either form). */
    public static boolean isRecordMarkerLabel(String label) {
        return label != null && MARKER_LABEL.matcher(label).matches();
    }
}
