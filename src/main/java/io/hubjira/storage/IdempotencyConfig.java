package io.hubjira.storage;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Camel's JDBC idempotent repository over our own table (created by Flyway with a primary key on processor name +
 * message id, so concurrent inserts of one key cannot both win); Camel must not create a keyless table itself.
 */
@Configuration
public class IdempotencyConfig {

    public static final String RECORD_VERSIONS = "hubspot-record";
    public static final String NOTE_VERSIONS = "hubspot-note";

    @Bean
    JdbcMessageIdRepository recordVersionRepository(DataSource dataSource, TransactionTemplate tx) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, tx, RECORD_VERSIONS);
        repository.setCreateTableIfNotExists(false);
        return repository;
    }

    /** HubSpot note versions the notes feed has handled (the feed's overlap reads them again: they are not handled twice). */
    @Bean
    JdbcMessageIdRepository noteVersionRepository(DataSource dataSource, TransactionTemplate tx) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, tx, NOTE_VERSIONS);
        repository.setCreateTableIfNotExists(false);
        return repository;
    }

    /** Removes processed-message keys older than the given age (their record versions will not come back). */
    @Bean
    IdempotentKeyCleaner idempotentKeyCleaner(JdbcTemplate jdbc) {
        return new IdempotentKeyCleaner(jdbc);
    }

    public static class IdempotentKeyCleaner {
        private final JdbcTemplate jdbc;

        IdempotentKeyCleaner(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        public int deleteOlderThan(Duration age) {
            return jdbc.update("DELETE FROM camel_messageprocessed WHERE createdAt < ?", Timestamp.from(Instant.now().minus(age)));
        }
    }
}
