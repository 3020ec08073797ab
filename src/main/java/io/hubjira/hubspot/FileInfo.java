package io.hubjira.hubspot;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A file in HubSpot's file manager ({@code File}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileInfo(String id, String name, String extension, Long size, String access, String url, String type) {

    /** The file name with its extension, as a downloaded copy should be called. */
    public String fileName() {
        String base = name == null || name.isBlank() ? "file" : name;
        return extension == null || extension.isBlank() || base.toLowerCase(Locale.ROOT).endsWith("." + extension.toLowerCase(Locale.ROOT))
                ? base : base + "." + extension;
    }

    public long sizeOr(long unknown) {
        return size == null ? unknown : size;
    }
}
