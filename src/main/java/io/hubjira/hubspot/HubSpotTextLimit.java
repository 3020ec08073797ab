package io.hubjira.hubspot;

/**
 * HubSpot's limits on the text a record holds, in characters: a note body (hs_note_body) holds 65,536 characters of
 * HTML, and a string property (single-line text, multi-line text, rich text) 65,536. A longer value is refused with
 * 400 VALIDATION_ERROR naming the property.
 */
public enum HubSpotTextLimit {

    /** A note's body, HTML. */
    NOTE_BODY(65_536),
    /** The value of a string property (text, textarea, html). */
    PROPERTY_VALUE(65_536);

    private final int maxLength;

    HubSpotTextLimit(int maxLength) {
        this.maxLength = maxLength;
    }

    public int maxLength() {
        return maxLength;
    }
}
