package io.hubjira.item;

import jakarta.validation.constraints.Size;

/**
 * The optional Conditional Sync Rule: evaluates one HubSpot property; met → {@code metStatus}; not met → either no
 * auto-create, or (with {@code createWhenNotMet}) creation in {@code notMetStatus}. Linked issues move to
 * {@code notMetStatus} when the rule is not met and one is set.
 */
public record ConditionalRule(@Size(max = 200, message = ItemDefinition.LIMIT) String property,
                              @Size(max = 30, message = ItemDefinition.LIMIT) String operator,
                              @Size(max = 10_000, message = ItemDefinition.LIMIT) String value,
                              @Size(max = 200, message = ItemDefinition.LIMIT) String metStatus,
                              boolean createWhenNotMet,
                              @Size(max = 200, message = ItemDefinition.LIMIT) String notMetStatus) {}
