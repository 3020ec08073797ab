package io.hubjira.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import io.hubjira.config.ConnectorProperties;
import io.hubjira.secret.OwnerOnlyFile;
import io.hubjira.secret.SecretMasker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The admin credentials. There is no default password: without CONNECTOR_ADMIN_PASSWORD the connector generates a
 * random one on first start and keeps it in a file only its owner can read (connector.security.admin-password-file,
 * default ./data/admin-password), reused on every later start; the log names the file, never the password.
 * Jira users never need it: the issue panel inside Jira authenticates each call with a Forge Invocation Token.
 * The metrics scrape is closed the same way: without CONNECTOR_METRICS_TOKEN a token is generated into
 * connector.security.metrics-token-file (default ./data/metrics-token), unless connector.security.metrics-open says
 * the scrape may stay open.
 */
@Component
public class AdminCredentials {

    static final int MIN_RECOMMENDED_LENGTH = 12;
    private static final Logger log = LoggerFactory.getLogger(AdminCredentials.class);

    private final String username;
    private final String password;
    private final String token;
    private final String metricsToken;
    private final boolean metricsOpen;

    public AdminCredentials(ConnectorProperties props) {
        ConnectorProperties.Security security = props.security();
        this.username = blank(security.adminUsername()) ? "admin" : security.adminUsername().trim();
        this.token = blank(security.adminToken()) ? null : security.adminToken().trim();
        if (blank(security.adminPassword())) {
            this.password = generatedInto(Path.of(security.adminPasswordFile()), "CONNECTOR_ADMIN_PASSWORD", "an admin password",
                    "Log in as the admin user with the password in that file");
        } else {
            this.password = security.adminPassword();
            if (password.length() < MIN_RECOMMENDED_LENGTH) {
                log.warn("CONNECTOR_ADMIN_PASSWORD is shorter than {} characters; use a long random password outside a demo",
                        MIN_RECOMMENDED_LENGTH);
            }
        }
        SecretMasker.register(password);
        SecretMasker.register(token);
        this.metricsOpen = security.metricsOpen();
        if (!blank(security.metricsToken())) {
            this.metricsToken = security.metricsToken().trim();
        } else if (metricsOpen) {
            this.metricsToken = null;
            log.warn("connector.security.metrics-open is set: /actuator/prometheus answers anyone who can reach it");
        } else {
            this.metricsToken = generatedInto(Path.of(security.metricsTokenFile()), "CONNECTOR_METRICS_TOKEN", "a metrics token",
                    "Prometheus scrapes /actuator/prometheus with Authorization: Bearer <the file's content> (credentials_file)");
        }
        SecretMasker.register(metricsToken);
    }

    /** The bearer token of the metrics scrape; null only when the scrape is explicitly open and no token is set. */
    public String metricsToken() {
        return metricsToken;
    }

    /** Whether anonymous callers may scrape the metrics (connector.security.metrics-open). */
    public boolean metricsOpen() {
        return metricsOpen;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The alternative {@code Authorization: Bearer} admin token, or null when none is configured. */
    public String token() {
        return token;
    }

    /** A random secret kept in an owner-only file: generated on first start, reused afterwards; the log names the file only. */
    private static String generatedInto(Path file, String variable, String what, String use) {
        try {
            OwnerOnlyFile.Created stored = OwnerOnlyFile.readOrCreate(file, () -> {
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            });
            if (stored.value().isEmpty()) {
                throw new IllegalStateException("The file " + file + " is empty: delete it to have " + what + " generated anew, or set "
                        + variable);
            }
            if (stored.generated()) {
                log.warn("No {} set: generated {} into {} (readable by its owner only). {}, or set {}.", variable, what,
                        file.toAbsolutePath(), use, variable);
            }
            return stored.value();
        } catch (IOException e) {
            throw new UncheckedIOException("No " + variable + " is set and the file " + file + " cannot be read or created; set "
                    + variable, e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
