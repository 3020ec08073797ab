package io.hubjira.storage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * The connector's SQL is PostgreSQL's (upserts with {@code ON CONFLICT}, {@code BYTEA} for Quartz, lower-case names).
 * H2, the default database, speaks it in its PostgreSQL compatibility mode, so any {@code jdbc:h2:} URL gets that mode
 * set here, before the first connection: a user who writes a plain {@code jdbc:h2:file:./data/connector} loses
 * nothing. A URL asking H2 for another compatibility mode is refused at start-up, naming the setting.
 */
@Component
public class H2CompatibilityMode implements BeanPostProcessor {

    static final Map<String, String> REQUIRED = Map.of(
            "MODE", "PostgreSQL",
            "DATABASE_TO_LOWER", "TRUE",
            "DEFAULT_NULL_ORDERING", "HIGH");

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null && pool.getJdbcUrl().startsWith("jdbc:h2:")) {
            pool.setJdbcUrl(withPostgresMode(pool.getJdbcUrl()));
        }
        return bean;
    }

    /** The URL with H2's PostgreSQL mode settings added where missing; settings the URL already has are kept. */
    static String withPostgresMode(String url) {
        Map<String, String> settings = settings(url);
        String mode = settings.get("MODE");
        if (mode != null && !mode.equalsIgnoreCase("PostgreSQL")) {
            throw new IllegalStateException("spring.datasource.url (SPRING_DATASOURCE_URL) asks H2 for MODE=" + mode
                    + "; the connector's storage needs H2's PostgreSQL mode: remove MODE from the URL or set MODE=PostgreSQL.");
        }
        StringBuilder result = new StringBuilder(url);
        REQUIRED.forEach((key, value) -> {
            if (!settings.containsKey(key)) {
                result.append(';').append(key).append('=').append(value);
            }
        });
        return result.toString();
    }

    /** The settings of an H2 URL ({@code ;KEY=value} after the database name), keys in upper case. */
    static Map<String, String> settings(String url) {
        String[] parts = url.split(";");
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                settings.put(parts[i].substring(0, eq).trim().toUpperCase(Locale.ROOT), parts[i].substring(eq + 1).trim());
            }
        }
        return settings;
    }
}
