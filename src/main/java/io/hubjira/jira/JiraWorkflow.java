package io.hubjira.jira;

import java.util.List;

/**
 * A Jira workflow as {@code POST /rest/api/3/workflows} describes it: its statuses (each by the reference the
 * transitions use) and its transitions. A DIRECTED transition starts from the statuses it names, a GLOBAL one from
 * every status, the INITIAL one only creates issues.
 */
public record JiraWorkflow(String id, String name, List<Status> statuses, List<Step> transitions) {

    public JiraWorkflow {
        statuses = List.copyOf(statuses);
        transitions = List.copyOf(transitions);
    }

    /** A status of the workflow: the reference transitions point at, Jira's status id and name. */
    public record Status(String reference, String id, String name) {}

    /** A transition: its id (the one an issue's transitions list shows), where it starts and where it leads. */
    public record Step(String id, String name, Kind kind, List<String> fromReferences, String toReference) {

        public Step {
            fromReferences = fromReferences == null ? List.of() : List.copyOf(fromReferences);
        }

        /** Whether an issue in the status with this reference may take the transition (as far as the workflow says). */
        public boolean startsAt(String reference) {
            return switch (kind) {
                case GLOBAL -> !reference.equals(toReference);
                case DIRECTED -> fromReferences.contains(reference);
                case INITIAL -> false;
            };
        }
    }

    public enum Kind { INITIAL, GLOBAL, DIRECTED }
}
