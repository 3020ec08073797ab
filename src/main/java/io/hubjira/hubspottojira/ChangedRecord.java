package io.hubjira.hubspottojira;

/** A HubSpot record a webhook said was created or changed: the object type ("deals") and the record id. */
public record ChangedRecord(String objectType, String recordId) {}
