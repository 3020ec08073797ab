package io.hubjira.secret;

import io.hubjira.config.ConnectorProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Registers the configured secrets with the masker as soon as the configuration is bound. */
@Component
public class SecretRegistration {

    public SecretRegistration(ConnectorProperties props, Environment env) {
        SecretMasker.register(props.hubspot().token());
        SecretMasker.register(env.getProperty("connector.hubspot.webhook-secret"));
        SecretMasker.register(props.jira().apiToken());
        SecretMasker.register(props.jira().webhookSecret());
        SecretMasker.register(props.security().adminToken());
        SecretMasker.register(props.security().metricsToken());
        SecretMasker.register(props.secrets().masterKey());
    }
}
