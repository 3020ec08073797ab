package io.hubjira.convert;

import com.fasterxml.jackson.databind.JsonNode;

/** Rich-text conversions between HubSpot (HTML notes and html/textarea properties) and Jira (ADF, wiki markup). */
public interface RichText {

    JsonNode htmlToAdf(String html);

    String adfToHtml(JsonNode adf);

    JsonNode textToAdf(String text);

    String adfToText(JsonNode adf);

    /** An ADF paragraph of one emphasised line (a header the connector writes above content it copies). */
    JsonNode emphasisedLine(String text);

    /** A copy of the ADF document with this block first. */
    JsonNode startingWith(JsonNode block, JsonNode adf);

    /** Jira webhook bodies (REST v2 format) carry wiki markup. */
    String wikiToHtml(String wikiMarkup);

    /** Text as HTML (names and file names put into notes). */
    static String escapeHtml(String text) {
        return io.hubjira.convert.AdfHtml.escape(text);
    }
}
