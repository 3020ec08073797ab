package io.hubjira.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.hubjira.catalog.JiraMetadata.TransitionInfo;
import io.hubjira.catalog.JiraMetadata;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraIssue;
import io.hubjira.jira.Jql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Moves a Jira issue to a target status through the workflow's available transitions, taking several steps when
 * there is no direct transition. Jira only shows the transitions of an issue's current status, so the workflow graph
 * is learned per project from every transition list seen, and a status whose exits are still unknown is explored
 * through another issue currently in it (read-only). Never forces a status the workflow does not allow.
 */
@Component("workflowNavigator")
public class WorkflowNavigator {

    public enum Outcome { ALREADY_THERE, MOVED, NO_PATH }

    public record Move(Outcome outcome, List<String> path, String detail) {}

    private record Edge(String transitionId, String toStatus) {}

    private static final int MAX_STEPS = 6;
    private static final int MAX_EXPLORATIONS = 8;
    private static final Logger log = LoggerFactory.getLogger(WorkflowNavigator.class);

    private final JiraClient jira;
    private final JiraMetadata metadata;
    /** project → status (lower case) → exits */
    private final Map<String, Map<String, List<Edge>>> learned = new ConcurrentHashMap<>();

    public WorkflowNavigator(JiraClient jira, JiraMetadata metadata) {
        this.jira = jira;
        this.metadata = metadata;
    }

    public Move moveTo(String projectKey, String issueKey, String currentStatus, String targetStatus) {
        if (currentStatus.equalsIgnoreCase(targetStatus)) {
            return new Move(Outcome.ALREADY_THERE, List.of(), null);
        }
        Map<String, List<Edge>> graph = learned.computeIfAbsent(projectKey, k -> new ConcurrentHashMap<>());
        List<TransitionInfo> available = metadata.transitions(issueKey);
        learn(graph, currentStatus, available);
        List<Edge> path = shortestPath(graph, currentStatus, targetStatus);
        int explorations = 0;
        while (path == null && explorations < MAX_EXPLORATIONS) {
            Optional<String> unknown = nearestUnexplored(graph, currentStatus);
            if (unknown.isEmpty() || !explore(projectKey, issueKey, unknown.get(), graph)) {
                break;
            }
            explorations++;
            path = shortestPath(graph, currentStatus, targetStatus);
        }
        if (path == null) {
            return new Move(Outcome.NO_PATH, List.of(), "the workflow has no path from '" + currentStatus + "' to '" + targetStatus + "'");
        }
        List<String> walked = new ArrayList<>();
        List<String> movedByOthers = new ArrayList<>();
        String at = currentStatus;
        for (Edge step : path) {
            // take the transition the issue offers *now* towards the step's status (ids are per workflow, names are stable)
            List<TransitionInfo> now = walked.isEmpty() ? available : metadata.transitions(issueKey);
            learn(graph, at, now);
            Optional<TransitionInfo> t = now.stream().filter(x -> x.to().name().equalsIgnoreCase(step.toStatus())).findFirst();
            if (t.isEmpty()) {
                return new Move(Outcome.NO_PATH, walked, "transition to '" + step.toStatus() + "' is not available from '" + at + "'");
            }
            if (jira.transition(issueKey, t.get().id(), t.get().to().name()) == JiraClient.TransitionResult.ALREADY_THERE) {
                // a lost answer, and meanwhile someone else moved the issue there: that move is theirs, not the connector's
                movedByOthers.add(t.get().to().name());
            }
            walked.add(t.get().to().name());
            at = t.get().to().name();
        }
        String detail = movedByOthers.isEmpty() ? null : "'" + String.join("', '", movedByOthers) + "' reached by someone else's move";
        if (movedByOthers.size() == walked.size()) {
            log.info("Issue {} is in '{}' by someone else's move", issueKey, targetStatus);
            return new Move(Outcome.ALREADY_THERE, List.of(), detail);
        }
        log.info("Issue {} moved from '{}' to '{}' via {}", issueKey, currentStatus, targetStatus, walked);
        return new Move(Outcome.MOVED, walked, detail);
    }

    private static void learn(Map<String, List<Edge>> graph, String status, List<TransitionInfo> transitions) {
        List<Edge> edges = new ArrayList<>();
        for (TransitionInfo t : transitions) {
            edges.add(new Edge(t.id(), t.to().name()));
        }
        graph.put(key(status), edges);
    }

    /** Learns the exits of a status from another issue of the project that is in it now. */
    private boolean explore(String projectKey, String excludeIssue, String status, Map<String, List<Edge>> graph) {
        List<JiraIssue> found = jira.search(Jql.projectIs(projectKey).andStatusIs(status).andKeyIsNot(excludeIssue), List.of("status"), 1,
                null, null).items();
        if (found.isEmpty()) {
            graph.put(key(status), List.of()); // nothing to learn from: treat as a dead end for now
            return true;
        }
        learn(graph, status, metadata.transitions(found.get(0).key()));
        return true;
    }

    /** The closest status (by its Jira name) whose exits are not known yet. */
    private static Optional<String> nearestUnexplored(Map<String, List<Edge>> graph, String from) {
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>(List.of(key(from)));
        while (!queue.isEmpty()) {
            String status = queue.poll();
            List<Edge> exits = graph.get(key(status));
            if (exits == null) {
                return Optional.of(status);
            }
            for (Edge e : exits) {
                if (seen.add(key(e.toStatus()))) {
                    queue.add(e.toStatus());
                }
            }
        }
        return Optional.empty();
    }

    private static List<Edge> shortestPath(Map<String, List<Edge>> graph, String from, String to) {
        Map<String, Edge> cameBy = new HashMap<>();
        Map<String, String> parent = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(key(from)));
        Set<String> seen = new HashSet<>(queue);
        while (!queue.isEmpty()) {
            String s = queue.poll();
            if (s.equals(key(to))) {
                List<Edge> path = new ArrayList<>();
                for (String at = s; parent.containsKey(at); at = parent.get(at)) {
                    path.add(0, cameBy.get(at));
                }
                return path.size() <= MAX_STEPS ? path : null;
            }
            for (Edge e : graph.getOrDefault(s, List.of())) {
                String next = key(e.toStatus());
                if (seen.add(next)) {
                    parent.put(next, s);
                    cameBy.put(next, e);
                    queue.add(next);
                }
            }
        }
        return null;
    }

    private static String key(String status) {
        return status.toLowerCase(Locale.ROOT);
    }
}
