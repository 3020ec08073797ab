package io.hubjira;

import io.hubjira.sandbox.SandboxConfiguration;
import org.springframework.boot.SpringApplication;

/**
 * The demo: the connector against the built-in HubSpot and Jira simulators, with demo data, in one process. It lives
 * on the test classpath only (Spring Boot's convention for development-time services), so the production jar holds
 * no simulator and can never switch to one. Run it with {@code mvn spring-boot:test-run}.
 */
public final class TestConnectorApplication {

    private TestConnectorApplication() {}

    public static void main(String[] args) {
        SpringApplication.from(ConnectorApplication::main)
                .with(SandboxConfiguration.class)
                .withAdditionalProfiles(SandboxConfiguration.PROFILE)
                .run(SandboxConfiguration.demoArguments(args));
    }
}
