package io.hubjira.storage;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code connector.storage.row-lock}: the clause the queue routes append to the query that picks the rows to claim —
 * {@code FOR UPDATE SKIP LOCKED} on PostgreSQL (instances pass over rows another is claiming this instant), nothing
 * on H2, the single-instance default. The claim itself is one conditional UPDATE, safe on both.
 */
public class RowLockClause implements EnvironmentPostProcessor {

    public static final String PROPERTY = "connector.storage.row-lock";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.getProperty(PROPERTY) != null) {
            return;
        }
        String url = env.getProperty("spring.datasource.url", "");
        // a blank, not an empty value: an empty one would read as missing in a route placeholder
        String clause = url.startsWith("jdbc:postgresql:") ? " FOR UPDATE SKIP LOCKED" : " ";
        env.getPropertySources().addLast(new MapPropertySource("connectorRowLock", Map.of(PROPERTY, clause)));
    }
}
