package io.hubjira.hubspot;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A pipeline of deals, tickets or another object, with its stages ({@code metadata}: probability, isClosed, ticketState). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Pipeline(String id, String label, int displayOrder, List<Stage> stages, boolean archived) {

    public Pipeline {
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Stage(String id, String label, int displayOrder, Map<String, String> metadata, boolean archived) {
        public Stage {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }
    }
}
