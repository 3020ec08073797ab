package io.hubjira.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.hubjira.catalog.JiraMetadata.StatusInfo;
import io.hubjira.catalog.JiraMetadata.TransitionInfo;
import io.hubjira.catalog.JiraMetadata;
import io.hubjira.connection.JiraScope;
import io.hubjira.jira.JiraApiException;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraIssue;
import io.hubjira.jira.JiraWorkflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Moves a Jira issue to a target status along its own workflow, in several transitions when there is no direct one.
 * <ol>
 * <li>When the connector's account may read the workflow (POST /rest/api/3/workflows, by project and issue type), the
 * shortest path is planned on it and each transition is taken at once (one call per step); a target the workflow
 * cannot reach is reported without moving the issue.</li>
 * <li>Otherwise — or when a transition the workflow names is refused for this issue (a condition) — the path is
 * explored from where the issue is: the transitions it offers now are read, the target taken when offered, else the
 * issue moves one step towards the nearest status whose exits are still unknown, and so on, within
 * {@value #MAX_TRANSITIONS} transitions. What it learns is kept per project and issue type for later moves. An issue
 * explored without finding the target is moved back to where it started.</li>
 * </ol>
 * Never forces a status the workflow does not allow, never learns from other issues.
 */
@Component("workflowNavigator")
public class WorkflowNavigator {

    public enum Outcome { ALREADY_THERE, MOVED, NO_PATH }

    /**
     * What was done: the statuses the issue went through, and why the target was not reached or which of them someone
     * else's move reached (ALREADY_THERE when all of them).
     */
    public record Move(Outcome outcome, List<String> path, String detail) {}

    /** The issue to move: where it is, and which workflow it follows (its project and issue type; a null type is read). */
    public record IssueAt(JiraScope site, String projectKey, String issueKey, String issueTypeId, String status) {}

    /** One transition out of a status: its id, where it leads and that status's category. */
    record Edge(String transitionId, String to, String toCategory) {}

    /** The most transitions one move takes, exploring included (returning to the start after a failed exploration is extra). */
    static final int MAX_TRANSITIONS = 8;
    private static final Logger log = LoggerFactory.getLogger(WorkflowNavigator.class);

    /** Jira connection/project/issue type → status (lower case) → its exits, learned from the issues' own transition lists */
    private final Map<String, Map<String, List<Edge>>> learned = new ConcurrentHashMap<>();

    /** Another Jira site (or none) for a connection: what was learned of the earlier one's workflows no longer holds. */
    @org.springframework.context.event.EventListener
    public void connectionChanged(io.hubjira.jira.JiraCredentialsChanged changed) {
        if (changed.connectionId() == 0) {
            learned.clear();
        } else {
            learned.keySet().removeIf(k -> k.startsWith(changed.connectionId() + "/"));
        }
    }

    public Move moveTo(IssueAt issue, String target) {
        if (issue.status().equalsIgnoreCase(target)) {
            return new Move(Outcome.ALREADY_THERE, List.of(), null);
        }
        JiraMetadata metadata = issue.site().metadata();
        String type = issue.issueTypeId() != null ? issue.issueTypeId()
                : issue.site().client().issue(issue.issueKey(), List.of("issuetype")).flatMap(JiraIssue::issueTypeId).orElse(null);
        Walk walk = new Walk(issue.site(), issue.issueKey(), issue.status());
        Optional<JiraWorkflow> workflow = type == null ? Optional.empty() : metadata.workflow(issue.projectKey(), type);
        // a workflow without the issue's status is not the issue's (its type was not what the caller thought): explore instead
        if (workflow.isPresent() && graphOf(workflow.get()).containsKey(key(walk.at))) {
            Map<String, List<Edge>> graph = graphOf(workflow.get());
            Optional<List<Edge>> plan = path(graph, walk.at, target);
            if (plan.isEmpty()) {
                return new Move(Outcome.NO_PATH, List.of(), "Jira's workflow '" + workflow.get().name() + "' has no path from '" + walk.at
                        + "' to '" + target + "'");
            }
            if (walk.follow(plan.get())) {
                return walk.moved(target);
            }
            // a transition the workflow names was refused for this issue (a condition, or a workflow changed since it was read)
            metadata.forgetWorkflow(issue.projectKey(), type);
            walk.resync();
        }
        return explore(walk, learned.computeIfAbsent(issue.site().connectionId() + "/" + issue.projectKey() + "/" + type,
                k -> new ConcurrentHashMap<>()), target, category(metadata, issue.projectKey(), target), workflow.isEmpty());
    }

    /** Exploring from where the issue is: the target when offered, else one step towards the nearest unexplored status. */
    private Move explore(Walk walk, Map<String, List<Edge>> graph, String target, String targetCategory, boolean unreadable) {
        Set<String> seen = new HashSet<>();
        for (int look = 0; look <= MAX_TRANSITIONS; look++) {
            List<TransitionInfo> exits = walk.site.metadata().transitions(walk.key).stream().filter(t -> !walk.refused.contains(t.id())).toList();
            learn(graph, walk.at, exits);
            seen.add(key(walk.at));
            Optional<TransitionInfo> direct = exits.stream().filter(t -> t.to().name().equalsIgnoreCase(target)).findFirst();
            if (direct.isPresent() && walk.follow(List.of(edge(direct.get())))) {
                return walk.moved(target);
            }
            if (walk.transitions >= MAX_TRANSITIONS) {
                return walk.noPath(graph, "no path from '" + walk.origin + "' to '" + target + "' within " + MAX_TRANSITIONS + " transitions", unreadable);
            }
            List<Edge> next = path(graph, walk.at, target).orElseGet(() -> towardsUnexplored(graph, walk.at, targetCategory));
            if (next.isEmpty()) {
                return walk.noPath(graph, "no path from '" + walk.origin + "' to '" + target + "': the transitions Jira offers lead only to "
                        + String.join(", ", reachable(graph, walk.origin)), unreadable);
            }
            if (!walk.follow(next)) {
                walk.resync();
            }
        }
        return walk.noPath(graph, "no path from '" + walk.origin + "' to '" + target + "' within " + MAX_TRANSITIONS + " transitions", unreadable);
    }

    /** The issue's walk: where it started and is, what it went through, and the transitions it took. */
    private static final class Walk {
        final JiraScope site;
        final String key;
        final String origin;
        String at;
        final List<String> walked = new ArrayList<>();
        /** statuses reached by someone else's move while the connector's answer was lost: theirs, not the connector's */
        final List<String> movedByOthers = new ArrayList<>();
        /** transitions Jira offered but refused to take for this issue (a required screen field, a validator) */
        final Set<String> refused = new HashSet<>();
        int transitions;

        Walk(JiraScope site, String key, String origin) {
            this.site = site;
            this.key = key;
            this.origin = origin;
            this.at = origin;
        }

        /** Takes the steps in turn; false when Jira refuses one (the issue stays where it got to). */
        boolean follow(List<Edge> steps) {
            for (Edge step : steps) {
                if (transitions >= MAX_TRANSITIONS) {
                    return false;
                }
                try {
                    if (site.client().transition(key, step.transitionId(), step.to()) == JiraClient.TransitionResult.ALREADY_THERE) {
                        movedByOthers.add(step.to());
                    }
                } catch (JiraApiException e) {
                    if (e.status() == 400) {
                        log.debug("Jira refused transition {} of {} from '{}' to '{}': {}", step.transitionId(), key, at, step.to(), e.getMessage());
                        refused.add(step.transitionId());
                        return false;
                    }
                    throw e;
                }
                transitions++;
                walked.add(step.to());
                at = step.to();
            }
            return true;
        }

        /** After a refused transition: where the issue really is (someone may have moved it meanwhile). */
        void resync() {
            site.client().issue(key, List.of("status")).map(JiraIssue::statusName).filter(s -> !s.isEmpty()).ifPresent(s -> at = s);
        }

        Move moved(String target) {
            String detail = movedByOthers.isEmpty() ? null : "'" + String.join("', '", movedByOthers) + "' reached by someone else's move";
            if (movedByOthers.size() == walked.size()) {
                log.info("Issue {} is in '{}' by someone else's move", key, target);
                return new Move(Outcome.ALREADY_THERE, List.copyOf(walked), detail);
            }
            log.info("Issue {} moved from '{}' to '{}' via {}", key, origin, target, walked);
            return new Move(Outcome.MOVED, List.copyOf(walked), detail);
        }

        /** Not reached: an issue moved while exploring goes back to where it started (through transitions it saw). */
        Move noPath(Map<String, List<Edge>> graph, String why, boolean unreadable) {
            String detail = why + (unreadable ? " (the connector's Jira account may not read the workflow, so the issue's own transitions were explored)" : "");
            if (!at.equalsIgnoreCase(origin)) {
                Optional<List<Edge>> back = path(graph, at, origin);
                int budget = transitions;
                transitions = 0;
                boolean returned = back.isPresent() && back.get().size() <= budget && follow(back.get());
                detail += returned ? "; the issue is back in '" + origin + "'" : "; the issue was left in '" + at + "'";
            }
            return new Move(Outcome.NO_PATH, List.copyOf(walked), detail);
        }
    }

    /** The workflow as a graph: for each status, the transitions an issue in it may take (directed and global). */
    static Map<String, List<Edge>> graphOf(JiraWorkflow workflow) {
        Map<String, JiraWorkflow.Status> byReference = new HashMap<>();
        workflow.statuses().forEach(s -> byReference.put(s.reference(), s));
        Map<String, List<Edge>> graph = new HashMap<>();
        for (JiraWorkflow.Status from : workflow.statuses()) {
            List<Edge> exits = new ArrayList<>();
            for (JiraWorkflow.Step step : workflow.transitions()) {
                JiraWorkflow.Status to = byReference.get(step.toReference());
                if (to != null && step.startsAt(from.reference())) {
                    exits.add(new Edge(step.id(), to.name(), null));
                }
            }
            graph.put(key(from.name()), exits);
        }
        return graph;
    }

    private static void learn(Map<String, List<Edge>> graph, String status, List<TransitionInfo> transitions) {
        graph.put(key(status), transitions.stream().map(WorkflowNavigator::edge).toList());
    }

    private static Edge edge(TransitionInfo t) {
        return new Edge(t.id(), t.to().name(), t.to().categoryKey());
    }

    /** The shortest path (fewest transitions, at most {@value #MAX_TRANSITIONS}) through known exits. */
    static Optional<List<Edge>> path(Map<String, List<Edge>> graph, String from, String to) {
        Map<String, Edge> cameBy = new HashMap<>();
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(key(from)));
        Set<String> seen = new HashSet<>(queue);
        while (!queue.isEmpty()) {
            String s = queue.poll();
            if (s.equals(key(to))) {
                List<Edge> path = new ArrayList<>();
                for (String at = s; parent.containsKey(at); at = parent.get(at)) {
                    path.add(0, cameBy.get(at));
                }
                return path.size() <= MAX_TRANSITIONS ? Optional.of(path) : Optional.empty();
            }
            for (Edge e : graph.getOrDefault(s, List.of())) {
                String next = key(e.to());
                if (seen.add(next)) {
                    parent.put(next, s);
                    cameBy.put(next, e);
                    queue.add(next);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The way to the closest status whose exits are unknown (fewest transitions first; among equals, the one whose
     * category is nearest the target's: towards done for a done target), or empty when every reachable status is known.
     */
    static List<Edge> towardsUnexplored(Map<String, List<Edge>> graph, String from, String targetCategory) {
        record Found(List<Edge> path, String category) {}
        List<Found> found = new ArrayList<>();
        Map<String, List<Edge>> pathTo = new HashMap<>(Map.of(key(from), List.of()));
        Deque<String> queue = new ArrayDeque<>(List.of(key(from)));
        while (!queue.isEmpty()) {
            String s = queue.poll();
            for (Edge e : graph.getOrDefault(s, List.of())) {
                String next = key(e.to());
                if (pathTo.containsKey(next)) {
                    continue;
                }
                List<Edge> path = new ArrayList<>(pathTo.get(s));
                path.add(e);
                pathTo.put(next, path);
                if (graph.containsKey(next)) {
                    queue.add(next);
                } else {
                    found.add(new Found(path, e.toCategory()));
                }
            }
        }
        return found.stream()
                .min(Comparator.<Found>comparingInt(f -> f.path().size()).thenComparingInt(f -> categoryGap(f.category(), targetCategory)))
                .map(Found::path).orElse(List.of());
    }

    /** The statuses known to be reachable from one (itself included), for the operator's message. */
    private static List<String> reachable(Map<String, List<Edge>> graph, String from) {
        List<String> names = new ArrayList<>(List.of(from));
        Deque<String> queue = new ArrayDeque<>(List.of(key(from)));
        Set<String> seen = new HashSet<>(queue);
        while (!queue.isEmpty()) {
            for (Edge e : graph.getOrDefault(queue.poll(), List.of())) {
                if (seen.add(key(e.to()))) {
                    names.add(e.to());
                    queue.add(key(e.to()));
                }
            }
        }
        return names;
    }

    private static String category(JiraMetadata metadata, String projectKey, String status) {
        return metadata.status(projectKey, status).map(StatusInfo::categoryKey).orElse(null);
    }

    private static int categoryGap(String category, String target) {
        return target == null || category == null ? 0 : Math.abs(rank(category) - rank(target));
    }

    private static int rank(String category) {
        return switch (category) {
            case "new" -> 0;
            case "indeterminate" -> 1;
            case "done" -> 2;
            default -> 1;
        };
    }

    private static String key(String status) {
        return status.toLowerCase(Locale.ROOT);
    }
}
