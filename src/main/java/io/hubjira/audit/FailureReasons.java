package io.hubjira.audit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failure in plain words for operators: what went wrong and what usually fixes it, from the error category a dead
 * letter was filed under (HubSpot's own category, or the API and status) and the error's message.
 */
public final class FailureReasons {

    /** "Jira answered 400 on PUT …: <what Jira said>" / "HubSpot answered 400 VALIDATION_ERROR on …: <what HubSpot said>". */
    private static final Pattern ANSWER = Pattern.compile("^(?:Jira|HubSpot) answered \\d{3}(?: [A-Z_]+)? on [^:]+: (.*)$", Pattern.DOTALL);
    private static final Pattern API_STATUS = Pattern.compile("^(JIRA|HUBSPOT)_(\\d{3}|UNREACHABLE)$");

    private FailureReasons() {
    }

    public static String plain(String category, String message) {
        String said = saidByApi(message);
        if (category == null) {
            return said.isEmpty() ? "The sync failed for an unknown reason." : said;
        }
        switch (category) {
            case "VALIDATION_ERROR", "INVALID_PARAMS", "PROPERTY_DOESNT_EXIST", "INVALID_OPTION":
                return "HubSpot refused the values: " + orElse(said, "a value does not fit the property")
                        + ". Check the field mapping, or fix the value in Jira, then replay.";
            case "MISSING_CONDITIONAL_REQUIRED_PROPERTY":
                return "A rule of the HubSpot portal refused the write: " + orElse(said, "a conditionally required property is empty")
                        + ". A HubSpot admin set this conditional property rule (Settings → Properties): fill the property on the record in"
                        + " HubSpot or map it from a Jira field, or have the rule changed; then replay.";
            case "MISSING_REQUIRED_PROPERTY":
                return "A rule of the HubSpot portal refused the write: " + orElse(said, "a required property is empty")
                        + ". A HubSpot admin requires it in the object's Create Record settings (Settings → Objects → the object →"
                        + " Create Record): map it from a Jira field, or have the requirement changed; then replay.";
            case "MISSING_ASSOCIATION_PERMISSION":
                return "A rule of the HubSpot portal refused the write: " + orElse(said, "the user may not edit associations")
                        + ". Give the HubSpot user the connector is connected as the Edit Associations permission (Settings → Users &"
                        + " Teams), or connect as a user who has it; then replay.";
            case "OBJECT_NOT_FOUND":
                return "The HubSpot record no longer exists (deleted or merged). Unlink it, or discard this letter.";
            case "MISSING_SCOPES":
                return "The HubSpot credential lacks a scope this sync needs: " + orElse(said, "see the error")
                        + ". Add the scope to the Service Key or app, then replay.";
            case "RATE_LIMITS":
                return "HubSpot's rate limit was hit on every retry. It clears by itself; replay later.";
            case "JIRA_VALIDATION":
                return "Jira refused to create the issue: " + orElse(said, message) + ". Check the item's mappings and required fields, then replay.";
            case "ConcurrentWriteException":
                return "Another change to the same record or issue kept racing this one. Replay it.";
            case "IllegalStateException":
                return "The item's configuration no longer fits: " + orElse(said, "see the error") + ". Edit the item, then replay.";
            default:
                break;
        }
        Matcher m = API_STATUS.matcher(category);
        if (m.matches()) {
            String api = m.group(1).equals("JIRA") ? "Jira" : "HubSpot";
            String status = m.group(2);
            if (status.equals("UNREACHABLE")) {
                return api + " could not be reached on any retry (network or DNS). It clears by itself; replay once " + api + " answers.";
            }
            return switch (status) {
                case "400" -> api + " refused the change: " + orElse(said, "the request was invalid")
                        + ". Check the mapped fields (a required field, an option that does not exist), then replay.";
                case "401" -> api + " did not accept the connector's credentials. Reconnect " + api + " in the console, then replay.";
                case "403" -> "The connector's " + api + " account may not do this: " + orElse(said, "permission denied")
                        + ". Grant the permission, then replay.";
                case "404" -> "The " + (api.equals("Jira") ? "Jira issue" : "HubSpot record") + " no longer exists, or the connector may not see it.";
                case "409" -> api + " reported a conflicting change. Replay it.";
                case "429" -> api + "'s rate limit was hit on every retry. It clears by itself; replay later.";
                default -> status.startsWith("5")
                        ? api + " had a server error on every retry (" + status + "). It usually clears by itself; replay later."
                        : api + " answered " + status + ": " + orElse(said, message);
            };
        }
        return said.isEmpty() ? category : said;
    }

    /** What the API itself said, without the status line; the whole message when it is not an API answer. */
    static String saidByApi(String message) {
        if (message == null) {
            return "";
        }
        Matcher m = ANSWER.matcher(message.trim());
        return (m.matches() ? m.group(1) : message).trim();
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
