package io.hubjira.intake;

import java.util.List;

import io.hubjira.queue.ChangedRecord;

/**
 * A HubSpot delivery read: how many events it carried, the records among them an item watches (once each per
 * connection), and how many events no connection takes (their portal unknown, revoked, or another app's).
 */
public record HubSpotDelivery(int events, List<ChangedRecord> records, int unrouted) {}
