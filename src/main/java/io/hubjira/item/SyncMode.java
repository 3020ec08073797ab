package io.hubjira.item;

/** How a Smart Connected Item moves mapped field values. */
public enum SyncMode {
    /** Manual link and preview only: no scheduled sync, no pushes. */
    DISPLAY_ONLY,
    /** HubSpot → Jira for every mapping. */
    ONE_WAY,
    /** HubSpot ⇄ Jira for every mapping. */
    TWO_WAY,
    /** Each mapping names its own owner. */
    CUSTOM;

    public boolean isSynchronized() {
        return this != DISPLAY_ONLY;
    }

    /** The owner every mapping gets in this mode, or null when each mapping chooses (CUSTOM) or there is none. */
    public FieldOwner derivedOwner() {
        return switch (this) {
            case ONE_WAY -> FieldOwner.HUBSPOT;
            case TWO_WAY -> FieldOwner.BOTH;
            default -> null;
        };
    }
}
