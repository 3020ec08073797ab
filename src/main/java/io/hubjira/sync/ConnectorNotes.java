package io.hubjira.sync;

/** The marker texts of notes and comments the connector writes, so it never syncs its own writing back. */
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

    /** The label that marks an issue created for a record, searchable in Jira after a crash. */
    public static String recordMarkerLabel(long portalId, String objectType, String recordId) {
        return "hubspot-" + portalId + "-" + objectType.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + recordId;
    }
}
