package io.hubjira.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.catalog.JiraMetadata.StatusInfo;
import io.hubjira.catalog.JiraMetadata.TransitionInfo;
import io.hubjira.catalog.JiraMetadata;
import io.hubjira.jira.JiraClient;
import org.junit.jupiter.api.Test;

/** Moving issues through a workflow the navigator can only see one status at a time. */
class WorkflowNavigatorTest {

    /** To Do → In Progress → Done (and back); In Review only from In Progress. */
    private static final Map<String, List<String>> WORKFLOW = Map.of(
            "To Do", List.of("In Progress"),
            "In Progress", List.of("To Do", "Done", "In Review"),
            "In Review", List.of("Done", "In Progress"),
            "Done", List.of("To Do"),
            "Archived", List.of());

    private final Map<String, String> issueStatus = new HashMap<>();
    private final List<String> transitionsDone = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    @SuppressWarnings("unchecked")
    private WorkflowNavigator navigator() {
        JiraMetadata metadata = mock(JiraMetadata.class);
        when(metadata.transitions(anyString())).thenAnswer(inv -> {
            String status = issueStatus.get(inv.getArgument(0, String.class));
            List<TransitionInfo> out = new ArrayList<>();
            for (String to : WORKFLOW.get(status)) {
                out.add(new TransitionInfo("t-" + to, "Go " + to, new StatusInfo("s-" + to, to, "indeterminate", "In Progress")));
            }
            return out;
        });
        JiraClient jira = mock(JiraClient.class);
        org.mockito.Mockito.doAnswer(inv -> {
            String key = inv.getArgument(0, String.class);
            String to = inv.getArgument(1, String.class).substring(2);
            assertThat(WORKFLOW.get(issueStatus.get(key))).as("transition allowed").contains(to);
            issueStatus.put(key, to);
            transitionsDone.add(key + "→" + to);
            return null;
        }).when(jira).transition(anyString(), anyString(), anyString());
        when(jira.search(any(), any(), org.mockito.ArgumentMatchers.anyInt(), any(), any())).thenAnswer(inv -> {
            String jql = inv.getArgument(0, io.hubjira.jira.Jql.class).text();
            List<io.hubjira.jira.JiraIssue> issues = new ArrayList<>();
            issueStatus.forEach((key, status) -> {
                if (jql.contains("status = \"" + status + "\"") && !jql.contains("key != \"" + key + "\"")) {
                    issues.add(new io.hubjira.jira.JiraIssue(key, key, null, null, "SUP", null, null, null, null, null));
                }
            });
            return new io.hubjira.http.Page<>(issues, null);
        });
        return new WorkflowNavigator(jira, metadata);
    }

    @Test
    void aDirectTransitionIsTaken() {
        issueStatus.put("SUP-1", "To Do");
        var move = navigator().moveTo("SUP", "SUP-1", "To Do", "In Progress");
        assertThat(move.outcome()).isEqualTo(WorkflowNavigator.Outcome.MOVED);
        assertThat(issueStatus.get("SUP-1")).isEqualTo("In Progress");
        assertThat(transitionsDone).containsExactly("SUP-1→In Progress");
    }

    @Test
    void aStatusReachableOnlyInTwoStepsIsReachedByLearningTheWorkflowFromAnotherIssue() {
        issueStatus.put("SUP-1", "To Do");
        issueStatus.put("SUP-2", "In Progress");
        var move = navigator().moveTo("SUP", "SUP-1", "To Do", "In Review");
        assertThat(move.outcome()).isEqualTo(WorkflowNavigator.Outcome.MOVED);
        assertThat(move.path()).containsExactly("In Progress", "In Review");
        assertThat(issueStatus).containsEntry("SUP-1", "In Review").containsEntry("SUP-2", "In Progress");
    }

    @Test
    void anUnreachableStatusIsReportedWithoutMovingTheIssue() {
        issueStatus.put("SUP-1", "To Do");
        issueStatus.put("SUP-2", "In Progress");
        issueStatus.put("SUP-3", "In Review");
        issueStatus.put("SUP-4", "Done");
        var move = navigator().moveTo("SUP", "SUP-1", "To Do", "Archived");
        assertThat(move.outcome()).isEqualTo(WorkflowNavigator.Outcome.NO_PATH);
        assertThat(move.detail()).contains("'To Do'").contains("'Archived'");
        assertThat(transitionsDone).isEmpty();
        assertThat(issueStatus.get("SUP-1")).isEqualTo("To Do");
    }

    @Test
    void anIssueAlreadyInTheTargetStatusIsLeftAlone() {
        issueStatus.put("SUP-1", "Done");
        assertThat(navigator().moveTo("SUP", "SUP-1", "Done", "done").outcome()).isEqualTo(WorkflowNavigator.Outcome.ALREADY_THERE);
        assertThat(transitionsDone).isEmpty();
    }
}
