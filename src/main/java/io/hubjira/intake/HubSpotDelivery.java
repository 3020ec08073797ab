package io.hubjira.intake;

import java.util.List;

import io.hubjira.queue.ChangedRecord;

/** A HubSpot delivery read: how many events it carried, and the records among them an item watches, once each. */
public record HubSpotDelivery(int events, List<ChangedRecord> records) {}
