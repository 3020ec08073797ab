package io.hubjira.jira;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An attachment's metadata. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JiraAttachment(String id, String filename, String mimeType, Long size, JiraUser author, Instant created) {

    public long sizeOr(long unknown) {
        return size == null ? unknown : size;
    }
}
