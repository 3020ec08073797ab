package io.hubjira.item;

/**
 * The optional Conditional Sync Rule: evaluates one HubSpot property; met → {@code metStatus}; not met → either no
 * auto-create, or (with {@code createWhenNotMet}) creation in {@code notMetStatus}. Linked issues move to
 * {@code notMetStatus} when the rule is not met and one is set.
 */
public record ConditionalRule(String property, String operator, String value, String metStatus,
                              boolean createWhenNotMet, String notMetStatus) {}
