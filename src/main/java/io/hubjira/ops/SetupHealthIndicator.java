package io.hubjira.ops;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health component "setup": UP when the connector has what it needs to sync, UNKNOWN listing what is missing otherwise. */
@Component("setup")
public class SetupHealthIndicator implements HealthIndicator {

    private final SetupStatus setup;

    public SetupHealthIndicator(SetupStatus setup) {
        this.setup = setup;
    }

    @Override
    public Health health() {
        var missing = setup.missing();
        Health.Builder health = setup.complete() ? Health.up() : Health.unknown();
        return health.withDetail("missing", missing).build();
    }
}
