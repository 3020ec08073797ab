package io.hubjira.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.hubjira.catalog.JiraMetadata.StatusInfo;
import io.hubjira.catalog.JiraMetadata.TransitionInfo;
import io.hubjira.catalog.JiraMetadata;
import io.hubjira.jira.JiraApiException;
import io.hubjira.jira.JiraClient;
import io.hubjira.jira.JiraIssue;
import io.hubjira.jira.JiraWorkflow;
import io.hubjira.jira.StatusRef;
import io.hubjira.sync.WorkflowNavigator.IssueAt;
import io.hubjira.sync.WorkflowNavigator.Outcome;
import org.junit.jupiter.api.Test;

/** Moving an issue along its own workflow: planned on the workflow when it can be read, explored from the issue otherwise. */
class WorkflowNavigatorTest {

    /** status → (transition id → target): To Do → In Progress → Done (and back); In Review only from In Progress; Archived from nowhere. */
    private final Map<String, Map<String, String>> workflow = new LinkedHashMap<>();
    private final Map<String, String> category = Map.of("To Do", "new", "In Progress", "indeterminate", "In Review", "indeterminate",
            "Done", "done", "Archived", "done");
    /** transitions the workflow shows but Jira refuses for this issue (a condition) */
    private final Set<String> refused = new HashSet<>();
    private final Map<String, String> issueStatus = new HashMap<>();
    private final List<String> taken = new ArrayList<>();
    private int transitionLists;
    private boolean readable = true;

    WorkflowNavigatorTest() {
        workflow.put("To Do", new LinkedHashMap<>(Map.of("11", "In Progress")));
        workflow.put("In Progress", new LinkedHashMap<>(Map.of("31", "To Do", "21", "Done", "41", "In Review")));
        workflow.put("In Review", new LinkedHashMap<>(Map.of("51", "Done", "61", "In Progress")));
        workflow.put("Done", new LinkedHashMap<>(Map.of("71", "To Do")));
        workflow.put("Archived", new LinkedHashMap<>());
    }

    private JiraWorkflow asJira() {
        List<JiraWorkflow.Status> statuses = workflow.keySet().stream().map(s -> new JiraWorkflow.Status("ref-" + s, "id-" + s, s)).toList();
        List<JiraWorkflow.Step> steps = new ArrayList<>();
        steps.add(new JiraWorkflow.Step("1", "Create", JiraWorkflow.Kind.INITIAL, List.of(), "ref-To Do"));
        workflow.forEach((from, exits) -> exits.forEach((id, to) ->
                steps.add(new JiraWorkflow.Step(id, "Go " + to, JiraWorkflow.Kind.DIRECTED, List.of("ref-" + from), "ref-" + to))));
        return new JiraWorkflow("wf-1", "Support workflow", statuses, steps);
    }

    private io.hubjira.connection.JiraScope site;

    private WorkflowNavigator navigator() {
        JiraMetadata metadata = mock(JiraMetadata.class);
        when(metadata.workflow(anyString(), anyString())).thenAnswer(inv -> readable ? Optional.of(asJira()) : Optional.empty());
        when(metadata.status(anyString(), anyString())).thenAnswer(inv -> {
            String name = inv.getArgument(1, String.class);
            return Optional.ofNullable(category.get(name)).map(c -> new StatusInfo("id-" + name, name, c, c));
        });
        when(metadata.transitions(anyString())).thenAnswer(inv -> {
            transitionLists++;
            List<TransitionInfo> out = new ArrayList<>();
            workflow.get(issueStatus.get(inv.getArgument(0, String.class))).forEach((id, to) ->
                    out.add(new TransitionInfo(id, "Go " + to, new StatusInfo("id-" + to, to, category.get(to), category.get(to)))));
            return out;
        });
        JiraClient jira = mock(JiraClient.class);
        org.mockito.Mockito.doAnswer(inv -> {
            String key = inv.getArgument(0, String.class);
            String id = inv.getArgument(1, String.class);
            String to = workflow.get(issueStatus.get(key)).get(id);
            if (to == null || refused.contains(id)) {
                throw new JiraApiException(400, "/rest/api/3/issue/{issueIdOrKey}/transitions",
                        List.of("Transition id '" + id + "' is not valid for this issue."), Map.of(), false, null);
            }
            issueStatus.put(key, to);
            taken.add(id + "→" + to);
            return null;
        }).when(jira).transition(anyString(), anyString(), anyString());
        when(jira.issue(anyString(), any())).thenAnswer(inv -> {
            String key = inv.getArgument(0, String.class);
            String status = issueStatus.get(key);
            return Optional.of(new JiraIssue("1", key, null, new StatusRef("id-" + status, status, category.get(status), null), "SUP", null, null,
                    null, null, null));
        });
        site = new io.hubjira.connection.JiraScope(1, "site", "https://site.test", "acc", jira, metadata);
        return new WorkflowNavigator();
    }

    private WorkflowNavigator.Move move(String from, String to) {
        issueStatus.put("SUP-1", from);
        return navigator().moveTo(new IssueAt(site, "SUP", "SUP-1", "10001", from), to);
    }

    @Test
    void aPathIsPlannedOnTheWorkflowAndEachOfItsTransitionsTakenOnce() {
        var move = move("To Do", "In Review");
        assertThat(move.outcome()).isEqualTo(Outcome.MOVED);
        assertThat(move.path()).containsExactly("In Progress", "In Review");
        assertThat(taken).containsExactly("11→In Progress", "41→In Review");
        assertThat(transitionLists).as("nothing to look up: the workflow said it").isZero();
    }

    @Test
    void aGlobalTransitionLeadsFromEveryStatus() {
        JiraWorkflow w = new JiraWorkflow("wf", "w", List.of(new JiraWorkflow.Status("1", "1", "To Do"), new JiraWorkflow.Status("2", "2", "Archived")),
                List.of(new JiraWorkflow.Step("99", "Archive", JiraWorkflow.Kind.GLOBAL, List.of(), "2")));
        var graph = WorkflowNavigator.graphOf(w);
        assertThat(WorkflowNavigator.path(graph, "To Do", "Archived")).get().satisfies(p -> assertThat(p).extracting(WorkflowNavigator.Edge::transitionId)
                .containsExactly("99"));
        assertThat(WorkflowNavigator.path(graph, "Archived", "To Do")).isEmpty();
    }

    @Test
    void aStatusTheWorkflowCannotReachIsReportedWithoutMovingTheIssue() {
        var move = move("To Do", "Archived");
        assertThat(move.outcome()).isEqualTo(Outcome.NO_PATH);
        assertThat(move.detail()).isEqualTo("Jira's workflow 'Support workflow' has no path from 'To Do' to 'Archived'");
        assertThat(taken).isEmpty();
        assertThat(transitionLists).isZero();
    }

    @Test
    void withoutTheWorkflowTheIssuesOwnTransitionsAreExploredOneStepAtATime() {
        readable = false;
        var move = move("To Do", "Done");
        assertThat(move.outcome()).isEqualTo(Outcome.MOVED);
        assertThat(move.path()).containsExactly("In Progress", "Done");
        assertThat(transitionLists).as("what To Do and In Progress offer").isEqualTo(2);
    }

    @Test
    void aTransitionTheWorkflowNamesButJiraRefusesIsWalkedAroundFromWhereTheIssueIs() {
        workflow.get("In Progress").put("21", "Done");
        refused.add("21"); // a condition keeps In Progress → Done closed for this issue: through In Review instead
        var move = move("To Do", "Done");
        assertThat(move.outcome()).isEqualTo(Outcome.MOVED);
        assertThat(issueStatus.get("SUP-1")).isEqualTo("Done");
        assertThat(taken).containsExactly("11→In Progress", "41→In Review", "51→Done");
    }

    @Test
    void anExplorationThatFindsNoPathTakesTheIssueBackToWhereItStarted() {
        readable = false;
        var move = move("To Do", "Archived");
        assertThat(move.outcome()).isEqualTo(Outcome.NO_PATH);
        assertThat(issueStatus.get("SUP-1")).isEqualTo("To Do");
        assertThat(move.detail()).contains("no path from 'To Do' to 'Archived'").contains("may not read the workflow")
                .contains("the issue is back in 'To Do'");
        assertThat(taken.size()).as("bounded").isLessThanOrEqualTo(2 * WorkflowNavigator.MAX_TRANSITIONS);
    }

    @Test
    void anIssueAlreadyInTheTargetStatusIsLeftAlone() {
        assertThat(move("Done", "done").outcome()).isEqualTo(Outcome.ALREADY_THERE);
        assertThat(taken).isEmpty();
    }
}
