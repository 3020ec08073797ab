-- Rules of a HubSpot portal the connector learned from HubSpot's refusals (2026-09 write validation): a property a
-- conditional property rule or the Create Record settings make required. HubSpot's API does not list these rules, so
-- a refused write is the only source; item saves warn when an item writes what such a rule depends on.
CREATE TABLE hubspot_portal_rule (
    portal_id         BIGINT        NOT NULL,
    object_type       VARCHAR(100)  NOT NULL,
    rule_kind         VARCHAR(40)   NOT NULL,
    property          VARCHAR(200)  NOT NULL,
    based_on          VARCHAR(1000) NOT NULL DEFAULT '',
    hubspot_message   VARCHAR(1000),
    first_refused_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_refused_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (portal_id, object_type, rule_kind, property)
);
