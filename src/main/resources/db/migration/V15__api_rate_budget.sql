-- The API rate budget shared by every instance on this database: one row per bucket (e.g. hubspot:<portal>:10s,
-- hubspot:<portal>:daily, jira:<site>:rate), its state serialized by Bucket4j and updated under a row lock by each
-- call. Only PostgreSQL uses it; on H2 (a single instance) the buckets are in memory.
CREATE TABLE api_rate_budget (
    id    VARCHAR(200) PRIMARY KEY,
    state BYTEA
);
