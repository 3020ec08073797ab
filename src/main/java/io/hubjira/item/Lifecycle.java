package io.hubjira.item;

import jakarta.validation.constraints.Size;

/**
 * What an item does when one side of a link goes away; everything off by default, everything audited.
 *
 * @param archivedStatus  when the HubSpot record is archived (deleted): move its issue to this Jira status
 * @param archivedLabel   when the HubSpot record is archived: add this label to its issue
 * @param unlinkDeletedIssues when the Jira issue is deleted: unlink the record and leave a HubSpot note saying so
 */
public record Lifecycle(@Size(max = 200, message = ItemDefinition.LIMIT) String archivedStatus,
                        @Size(max = 255, message = ItemDefinition.LIMIT) String archivedLabel,
                        Boolean unlinkDeletedIssues) {

    public boolean handlesArchivedRecords() {
        return !blank(archivedStatus) || !blank(archivedLabel);
    }

    public boolean unlinksDeletedIssues() {
        return Boolean.TRUE.equals(unlinkDeletedIssues);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
