package io.hubjira.secret;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text bound for logs, exception messages and API answers: HubSpot private-app tokens, Bearer and
 * Basic credentials, and every secret value registered at run time (decrypted tokens, the webhook secret, the admin
 * password). Static so the logging layer can use it before Spring starts.
 */
public final class SecretMasker {

    private static final Pattern HUBSPOT_TOKEN = Pattern.compile("pat-(na|eu)\\d-[0-9a-fA-F-]{20,}");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern BASIC = Pattern.compile("(?i)(basic\\s+)[A-Za-z0-9+/=]{6,}");
    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

    private SecretMasker() {}

    /** Values shorter than 6 characters are ignored (they would mask ordinary words). */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 6) {
            REGISTERED.add(secret);
        }
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : REGISTERED) {
            if (out.contains(secret)) {
                out = out.replace(secret, "****");
            }
        }
        out = HUBSPOT_TOKEN.matcher(out).replaceAll(m -> "pat-" + m.group(1) + "1-****");
        out = BEARER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + "****");
        out = BASIC.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + "****");
        return out;
    }
}
