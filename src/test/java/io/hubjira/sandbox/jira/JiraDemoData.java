package io.hubjira.sandbox.jira;

import java.util.List;

import io.hubjira.sandbox.jira.JiraSandbox.FieldDef;
import io.hubjira.sandbox.jira.JiraSandbox.Project;

/** The demo site: projects SUP, ENG and OPS, issue types, create fields, and a few issues in various statuses. */
final class JiraDemoData {

    private JiraDemoData() {}

    static void seed(JiraSandbox s) {
        s.projects.put("SUP", new Project("10000", "SUP", "Support"));
        s.projects.put("ENG", new Project("10001", "ENG", "Engineering"));
        // a project no demo item covers (its issues must show nothing in the issue panel)
        s.projects.put("OPS", new Project("10002", "OPS", "Operations"));
        List<String[]> types = List.of(new String[] {"10001", "Task"}, new String[] {"10002", "Bug"}, new String[] {"10003", "Story"});
        s.issueTypes.put("SUP", types);
        s.issueTypes.put("ENG", types);
        s.issueTypes.put("OPS", types);
        s.fields.add(new FieldDef("summary", "Summary", "string", null, "summary", null, true, List.of(), null));
        s.fields.add(new FieldDef("description", "Description", "string", null, "description", null, false, List.of(), null));
        s.fields.add(new FieldDef("labels", "Labels", "array", "string", "labels", null, false, List.of(), null));
        s.fields.add(new FieldDef("priority", "Priority", "priority", null, "priority", null, false,
                List.of("Highest", "High", "Medium", "Low", "Lowest"), null));
        s.fields.add(new FieldDef("assignee", "Assignee", "user", null, "assignee", null, false, List.of(), null));
        s.fields.add(new FieldDef("duedate", "Due date", "date", null, "duedate", null, false, List.of(), null));
        s.fields.add(new FieldDef("customfield_10010", "Customer", "string", null, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:textfield", false, List.of(), null));
        s.fields.add(new FieldDef("customfield_10011", "Details", "string", null, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:textarea", false, List.of(), null));
        s.fields.add(new FieldDef("customfield_10012", "Deal amount", "number", null, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:float", false, List.of(), null));
        s.fields.add(new FieldDef("customfield_10013", "Segment", "option", null, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:select", false, List.of("New Business", "Existing Business"), null));
        s.fields.add(new FieldDef("customfield_10014", "Close date", "datetime", null, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:datetime", false, List.of(), null));
        s.fields.add(new FieldDef("customfield_10015", "Regions", "array", "option", null,
                "com.atlassian.jira.plugin.system.customfieldtypes:multiselect", false, List.of("EMEA", "Americas", "APAC"), null));
        s.fields.add(new FieldDef("customfield_10016", "Strategic", "option", null, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:select", false, List.of("Yes", "No"), null));
        s.fields.add(new FieldDef("customfield_10017", "Follow-up", "date", null, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:datepicker", false, List.of(), null));
        s.fields.add(new FieldDef("customfield_10050", "Severity", "option", null, null,
                "com.atlassian.jira.plugin.system.customfieldtypes:select", true, List.of("Critical", "Major", "Minor"), "10002"));

        String[][] demo = {{"SUP", "Customer cannot export invoices", "10000"}, {"SUP", "Renewal paperwork for Globex", "3"},
                {"SUP", "Onboarding checklist for Initech", "10002"}, {"SUP", "Security questionnaire", "10001"},
                {"ENG", "Rate-limit dashboards", "3"}, {"ENG", "Upgrade the build to Java 21", "10000"}};
        for (String[] d : demo) {
            JiraIssues.createDirect(s, d[0], "10001", d[1], d[2]);
        }
        JiraIssues.createDirect(s, "OPS", "10001", "Board pack: acquisition price", "10000");
    }
}
