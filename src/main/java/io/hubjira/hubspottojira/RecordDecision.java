package io.hubjira.hubspottojira;

/** What one record version means for an item; hubspot-record has a branch for each. */
public enum RecordDecision {
    /** the record is linked: its issue is updated */
    LINKED,
    /** an auto-create item's record passed the rule gate and has its link reserved: created in bulk with its page */
    CREATE,
    /** nothing to do (not auto-create, rule not met, reserved by a creation in flight) */
    SKIP
}
