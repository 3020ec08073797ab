package io.hubjira.secret;

import io.hubjira.config.ConnectorProperties;
import org.springframework.stereotype.Component;

/** Registers the configured secrets with the masker as soon as the configuration is bound. */
@Component
public class SecretRegistration {

    public SecretRegistration(ConnectorProperties props) {
        SecretMasker.register(props.hubspot().token());
        SecretMasker.register(props.hubspot().webhookSecret());
        SecretMasker.register(props.jira().apiToken());
        SecretMasker.register(props.jira().webhookSecret());
        SecretMasker.register(props.security().adminToken());
        SecretMasker.register(props.security().metricsToken());
        SecretMasker.register(props.secrets().masterKey());
    }
}
