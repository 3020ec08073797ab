package io.hubjira.convert;

import io.hubjira.catalog.HubSpotMetadata.PropertyInfo;
import io.hubjira.item.ConditionalRule;

/** Evaluates an item's Conditional Sync Rule against one HubSpot value. */
public interface RuleEvaluation {

    boolean isMet(ConditionalRule rule, String hubspotValue, PropertyInfo property);
}
