package io.hubjira.sync;

import com.fasterxml.jackson.databind.JsonNode;

/** Rich-text conversions between HubSpot (HTML notes and html/textarea properties) and Jira (ADF, wiki markup). */
public interface RichText {

    JsonNode htmlToAdf(String html);

    String adfToHtml(JsonNode adf);

    JsonNode textToAdf(String text);

    String adfToText(JsonNode adf);

    /** Jira webhook bodies (REST v2 format) carry wiki markup. */
    String wikiToHtml(String wikiMarkup);
}
